"""PWA benchmark: bundle sizes against the 150 KB budget, and Lighthouse on a phone.

1. Builds the PWA (`npm run build` in pwa/) and prints, gzipped (level 9): what index.html loads
   (its module script and modulepreloads), the home screen's initial JavaScript (that plus the home
   route's chunk and everything they import statically; budget 150 KB), and every lazy chunk.
2. Serves the build with the API (`python -m api serve`, development mode, a fresh SQLite database
   with the demo city, in a temporary directory).
3. Runs Lighthouse (installed at run time under var/tools/lighthouse, outside pwa/package.json;
   version 12.8.2, the last line that runs on Node 20: 13.x needs Node 22.19) in Debian's Chromium
   (CHROME_PATH, default /usr/bin/chromium, --headless=new) with its default mobile emulation and
   simulated throttling, on
   - the sign-in page, a first visit (Lighthouse resets storage and cache), and
   - the home screen of a signed-in builder: Chromium signs in through puppeteer first; Lighthouse
     then loads `/` in that browser with the storage kept (the app resumes the session from the
     refresh token in IndexedDB; the access token lives in memory only, so a token header could not
     help). Twice: cold (the service worker, its precache and the HTTP cache cleared over CDP
     before the run, the session kept) and returning (the shell from the service worker).
   It prints the performance score, FCP, LCP, TBT, CLS and the bytes transferred of each (the
   server sends the build's Brotli/gzip copies: api/static.py). Lighthouse 12 has no PWA
   category any more, so installability is checked here: Chromium's own verdict
   (`Page.getInstallabilityErrors` over CDP) and the criteria one by one (manifest fields and
   icons, a service worker controlling the start URL, the start URL opening offline).

It is a benchmark: it prints figures (the exit status is 1 only when the bundle is over budget).

    uv run python bench/pwa_budget.py [--skip-build] [--runs 1] [--calibrated]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import start_server, stop_server  # noqa: E402

PWA = ROOT / "pwa"
DIST = PWA / "dist"
HOME_SOURCE = "src/pages/Home/Home.tsx"
BUDGET_KB = 150.0
LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = ROOT / "var" / "tools" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
USERNAME, PASSWORD = "builder", "Demo-2026"


def kb(size: int) -> str:
    return f"{size / 1024:6.1f} KB"


def gzipped(file: str) -> int:
    return len(gzip.compress((DIST / file).read_bytes(), compresslevel=9))


def build() -> None:
    if not (PWA / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PWA, check=True)
    subprocess.run(["npm", "run", "--silent", "build"], cwd=PWA, check=True, stdout=subprocess.DEVNULL)


def bundle() -> float:
    """Prints the sizes; the home screen's initial JavaScript in KB (gzip)."""
    manifest: dict[str, dict] = json.loads((DIST / ".vite" / "manifest.json").read_text())
    by_file = {chunk["file"]: key for key, chunk in manifest.items()}

    def closure(keys: list[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(keys)
        while todo:
            key = todo.pop()
            if key not in seen:
                seen.add(key)
                todo.extend(manifest[key].get("imports", []))
        return seen

    def js(keys: set[str]) -> set[str]:
        return {manifest[key]["file"] for key in keys if manifest[key]["file"].endswith(".js")}

    html = (DIST / "index.html").read_text()
    loaded = {
        src.lstrip("/")
        for src in re.findall(r'<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"', html)
    }
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    assert HOME_SOURCE in manifest, f"no chunk for {HOME_SOURCE}"
    assert js(closure([entry])) == loaded, "index.html loads exactly the entry and its static imports"
    initial = js(closure([entry, HOME_SOURCE]))
    home_only = initial - loaded

    print("Bundle (gzip -9)")
    print(f"  index.html loads {len(loaded)} JS files: {kb(sum(gzipped(f) for f in loaded))}")
    for file in sorted(loaded, key=gzipped, reverse=True):
        print(f"      {kb(gzipped(file))}  {file}")
    home_kb = kb(sum(gzipped(f) for f in home_only))
    print(f"  + the home route's chunk and its imports, {len(home_only)} files: {home_kb}")
    for file in sorted(home_only, key=gzipped, reverse=True):
        print(f"      {kb(gzipped(file))}  {file}")
    total = sum(gzipped(file) for file in initial) / 1024
    verdict = "within budget" if total <= BUDGET_KB else "OVER BUDGET"
    print(f"  home screen initial JavaScript: {total:.1f} KB of {BUDGET_KB:.0f} KB ({verdict})")

    print("  lazy chunks (own size; + what else they load that the home screen has not):")
    routes = sorted(key for key, chunk in manifest.items() if chunk.get("isDynamicEntry"))
    for key in routes:
        own = gzipped(manifest[key]["file"])
        extra = sum(gzipped(file) for file in js(closure([key])) - initial - {manifest[key]["file"]})
        name = key.removeprefix("src/") if key.startswith("src/") else manifest[key].get("name", key)
        note = "  (the home route: counted above)" if key == HOME_SOURCE else ""
        print(f"      {kb(own)}  + {kb(extra)}  {name}  ({manifest[key]['file']}){note}")
    lazy_shared = sorted(
        {file for key in routes for file in js(closure([key]))} - initial - {manifest[key]["file"] for key in routes}
    )
    for file in lazy_shared:
        name = manifest[by_file[file]].get("name", file)
        print(f"      {kb(gzipped(file))}  (shared by lazy chunks)  {name}  ({file})")
    css = [chunk["file"] for chunk in manifest.values() if chunk["file"].endswith(".css")]
    print(f"  CSS, all files: {kb(sum(gzipped(f) for f in css))} in {len(css)} files")
    return total


MEASURE = r"""
// Written by bench/pwa_budget.py; run from the Lighthouse install directory.
import { mkdirSync, writeFileSync } from 'node:fs'
import lighthouse from 'lighthouse'
import * as constants from 'lighthouse/core/config/constants.js'
import puppeteer from 'puppeteer-core'

const [base, out, username, password, runs, e2eLib, cpu] = process.argv.slice(2)
// The e2e suite's API helpers set up what the approval detail and the score sheet show.
process.env.BASE_URL = base
const api = await import(e2eLib)
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH,
  headless: false,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  defaultViewport: null,
})
// With LH_REPORTS set, every full Lighthouse report is kept there for reading afterwards.
const reports = process.env.LH_REPORTS
if (reports) mkdirSync(reports, { recursive: true })
let reportCount = 0
const keep = (name, lhr) => {
  if (reports) writeFileSync(`${reports}/${String(++reportCount).padStart(2, '0')}-${name}.json`, JSON.stringify(lhr))
  return lhr
}
const figures = (lhr) => ({
  score: lhr.categories.performance.score,
  a11y: lhr.categories.accessibility.score,
  a11yFailing: Object.values(lhr.audits)
    .filter((audit) => lhr.categories.accessibility.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0))
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => `${audit.id}: ${(audit.details?.items ?? []).length} element(s)`),
  fcp: lhr.audits['first-contentful-paint'].numericValue,
  lcp: lhr.audits['largest-contentful-paint'].numericValue,
  tbt: lhr.audits['total-blocking-time'].numericValue,
  cls: lhr.audits['cumulative-layout-shift'].numericValue,
  bytes: lhr.audits['total-byte-weight'].numericValue,
  finalUrl: lhr.finalDisplayedUrl,
  formFactor: lhr.configSettings.formFactor,
  throttling: lhr.configSettings.throttlingMethod,
  lighthouse: lhr.lighthouseVersion,
  benchmarkIndex: lhr.environment.benchmarkIndex,
  cpuSlowdown: lhr.configSettings.throttling.cpuSlowdownMultiplier,
  userAgent: lhr.environment.hostUserAgent,
  warnings: lhr.runWarnings,
  // Lighthouse sometimes fails to record the trace (NO_NAVSTART ...): such a run has no figures.
  error: lhr.runtimeError?.code ?? null,
})
const flags = { output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] }
// 'default': Lighthouse's own mobile settings (4x CPU slowdown); else the calibrated multiplier.
if (cpu !== 'default') flags.throttling = { ...constants.throttling.mobileSlow4G, cpuSlowdownMultiplier: Number(cpu) }
const result = { signin: [], homeCold: [], home: [], detail: [], sheet: [] }
try {
  // 1. The sign-in page, first visit (each run in a fresh incognito context).
  for (let i = 0; i < Number(runs); i++) {
    const context = await browser.createBrowserContext()
    const page = await context.newPage()
    result.signin.push(figures(keep('signin', (await lighthouse(`${base}/signin`, flags, undefined, page)).lhr)))
    await context.close()
  }

  // 2. Installability, on a page the app has loaded.
  const page = await browser.newPage()
  await page.goto(`${base}/signin`, { waitUntil: 'networkidle0' })
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.reload({ waitUntil: 'networkidle0' })
  const cdp = await page.createCDPSession()
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
  const appManifest = await cdp.send('Page.getAppManifest')
  const own = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]')
    const response = link ? await fetch(link.href) : null
    const manifest = response ? await response.json() : null
    const registration = await navigator.serviceWorker.getRegistration()
    const start = manifest ? new URL(manifest.start_url ?? '.', link.href).href : null
    const sizes = (manifest?.icons ?? []).flatMap((icon) =>
      icon.sizes.split(/\s+/).map((size) => ({ size, type: icon.type, purpose: icon.purpose ?? 'any' })),
    )
    return {
      manifestUrl: link?.href ?? null,
      manifestType: response?.headers.get('content-type') ?? null,
      name: manifest?.name ?? null,
      shortName: manifest?.short_name ?? null,
      startUrl: start,
      display: manifest?.display ?? null,
      themeColor: manifest?.theme_color ?? null,
      icon192: sizes.some((icon) => icon.size === '192x192' && icon.purpose.includes('any')),
      icon512: sizes.some((icon) => icon.size === '512x512' && icon.purpose.includes('any')),
      maskable: sizes.some((icon) => icon.purpose.includes('maskable')),
      preferRelated: manifest?.prefer_related_applications === true,
      secureContext: window.isSecureContext,
      workerScope: registration?.scope ?? null,
      workerActive: Boolean(registration?.active),
      controlled: Boolean(navigator.serviceWorker.controller),
      viewport: document.querySelector('meta[name="viewport"]')?.content ?? null,
    }
  })
  await page.setOfflineMode(true)
  const offline = await page.goto(own.startUrl ?? `${base}/`, { waitUntil: 'domcontentloaded' }).catch((error) => error)
  own.startUrlOffline = offline && !(offline instanceof Error) ? offline.status() : String(offline)
  own.startUrlOfflineFromWorker = offline && !(offline instanceof Error) ? offline.fromServiceWorker() : false
  await page.setOfflineMode(false)
  result.installability = {
    chromium: installabilityErrors,
    manifestErrors: appManifest.errors,
    own,
  }

  // 3. Sign in, then the home screen with the storage kept.
  await page.goto(`${base}/signin`, { waitUntil: 'networkidle0' })
  await page.type('[data-testid="signin-username"] input', username)
  await page.type('[data-testid="signin-password"] input', password)
  await page.click('[data-testid="signin-submit"]')
  await page.waitForSelector('[data-testid="home-page"]', { timeout: 30000 })
  const session = await page.createCDPSession()
  const home = async () => {
    const { lhr } = await lighthouse(`${base}/`, { ...flags, disableStorageReset: true }, undefined, page)
    const run = keep('home', lhr)
    const shown = await page.$('[data-testid="home-page"] [data-testid="home-display-name"]')
    return { ...figures(run), homeShown: Boolean(shown) }
  }
  for (let i = 0; i < Number(runs); i++) {
    // Cold: the session stays (IndexedDB) but the worker, its precache and the HTTP cache go.
    await session.send('Storage.clearDataForOrigin', { origin: base, storageTypes: 'cache_storage,service_workers' })
    await session.send('Network.clearBrowserCache')
    result.homeCold.push(await home())
    // Returning: the shell from the worker installed by the run before.
    await page.goto(`${base}/`, { waitUntil: 'networkidle0' })
    await page.evaluate(() => navigator.serviceWorker.ready)
    result.home.push(await home())
  }

  // 4. The approval detail (the data bureau's intake of a new project) and an expert's score sheet,
  //    each signed in in its own context, measured with the storage kept and the worker installed.
  const signedIn = async (name) => {
    const context = await browser.createBrowserContext()
    const phone = await context.newPage()
    await phone.goto(`${base}/signin`, { waitUntil: 'networkidle0' })
    await phone.type('[data-testid="signin-username"] input', name)
    await phone.type('[data-testid="signin-password"] input', password)
    await phone.click('[data-testid="signin-submit"]')
    await phone.waitForSelector('[data-testid="home-page"]', { timeout: 30000 })
    await phone.evaluate(() => navigator.serviceWorker.ready)
    return { context, phone }
  }
  const measureAt = async (name, path, selector, into) => {
    const { context, phone } = await signedIn(name)
    for (let i = 0; i < Number(runs); i++) {
      const { lhr } = await lighthouse(`${base}${path}`, { ...flags, disableStorageReset: true }, undefined, phone)
      const run = keep(path.split('/')[1], lhr)
      into.push({ ...figures(run), homeShown: Boolean(await phone.$(selector)) })
    }
    await context.close()
  }
  const builder = await api.Person.as('builder')
  const projectId = await api.declare(builder)
  await builder.decide(await api.todoOf('builder', projectId, 'submit_application'))
  const intake = await api.todoOf('data', projectId, 'intake')
  await measureAt('data', `/todos/${encodeURIComponent(intake.id)}`, '[data-testid="todo-detail"]', result.detail)
  await api.drive(projectId, api.atStep('expert_written_review'))
  const seats = await api.drawPanel(projectId, 'PLAN_REVIEW')
  const [expert, seat] = seats.find(([name]) => name !== 'expert5') ?? seats[0]
  await measureAt(expert, `/sheets/${encodeURIComponent(seat.seatId)}`, '[data-testid="score-sheet"]', result.sheet)
} finally {
  writeFileSync(out, JSON.stringify(result, null, 2))
  await browser.close()
}
"""


def ensure_lighthouse() -> None:
    installed = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if installed.is_file() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION:
        return
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )


def lighthouse(base_url: str, work: Path, runs: int, cpu: float | None = None) -> dict:
    """Every page measured; `cpu`: a CPU slowdown multiplier in place of Lighthouse's default 4x."""
    ensure_lighthouse()
    script = TOOLS / "measure.mjs"
    script.write_text(MEASURE)
    out = work / "lighthouse.json"
    e2e_lib = str(PWA / "e2e" / "lib" / "api.mjs")
    multiplier = "default" if cpu is None else f"{cpu:.2f}"
    subprocess.run(
        ["node", str(script), base_url, str(out), USERNAME, PASSWORD, str(runs), e2e_lib, multiplier],
        cwd=TOOLS,
        env={**os.environ, "CHROME_PATH": CHROME},
        check=True,
        timeout=900,
    )
    return json.loads(out.read_text())


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


PAGES = (
    ("signin", "sign-in page (first visit)"),
    ("homeCold", "home, signed in, cold cache"),
    ("home", "home, signed in, returning"),
    ("detail", "approval detail (data bureau)"),
    ("sheet", "score sheet (expert)"),
)
PERFORMANCE_TARGET, ACCESSIBILITY_TARGET = 90, 95  # issue 15


def cpu_multiplier_for(benchmark_index: float) -> float | None:
    """The CPU slowdown that brings this host to Lighthouse's target mobile device, or None if too slow.

    Piecewise linear through the points of Lighthouse's CPU throttling calculator (docs/throttling.md,
    "Calibrating the CPU slowdown"): benchmarkIndex 150 -> 1x, 800 -> 2x, 1300 -> 3x, then +1x per 233;
    its reference desktop (about 1530) gets the default 4x.
    """
    if benchmark_index < 150:
        return None
    if benchmark_index < 800:
        return 1 + (benchmark_index - 150) / 650
    if benchmark_index < 1300:
        return 2 + (benchmark_index - 800) / 500
    return 3 + (benchmark_index - 1300) / 233


def measured(result: dict, key: str) -> list[dict]:
    """The runs of a page that Lighthouse completed."""
    return [run for run in result.get(key, []) if not run.get("error")]


def benchmark_indexes(result: dict) -> list[float]:
    return [run["benchmarkIndex"] for key, _ in PAGES for run in measured(result, key) if run.get("benchmarkIndex")]


def print_verdicts(result: dict, label: str) -> None:
    """Issue 15's targets, page by page, on the medians of the runs measured with `label` settings."""
    print(f"  issue 15 targets ({label}): performance >= {PERFORMANCE_TARGET}, accessibility >= {ACCESSIBILITY_TARGET}")
    for key, name in PAGES:
        runs = measured(result, key)
        if not runs:
            print(f"    {name:<32} not measured (every run failed in Lighthouse)")
            continue
        performance = round(median([run["score"] for run in runs]) * 100)
        accessibility = round(median([run["a11y"] for run in runs]) * 100)
        met = lambda score, target: "met" if score >= target else "NOT MET"  # noqa: E731
        print(
            f"    {name:<32} performance {performance:3d} >= {PERFORMANCE_TARGET}: "
            f"{met(performance, PERFORMANCE_TARGET):<8} accessibility {accessibility:3d} >= {ACCESSIBILITY_TARGET}: "
            f"{met(accessibility, ACCESSIBILITY_TARGET)}"
        )


def print_lighthouse(result: dict, heading: str = "") -> None:
    first = (result["signin"] or result["home"])[0]
    print(
        f"\nLighthouse {first['lighthouse']}, {first['formFactor']} emulation, {first['throttling']} throttling, "
        f"CPU slowdown {first['cpuSlowdown']:g}x{heading}"
    )
    print(f"  {first['userAgent']}")
    print(f"  {'page':<34} {'perf':>5} {'a11y':>5} {'FCP':>9} {'LCP':>9} {'TBT':>8} {'CLS':>6} {'transferred':>12}")
    for key, label in PAGES:
        for run in result.get(key, []):
            if run.get("error"):
                print(f"  {label:<34} a run failed in Lighthouse ({run['error']}): left out")
        runs = measured(result, key)
        if not runs:
            continue
        keys = ("score", "a11y", "fcp", "lcp", "tbt", "cls", "bytes")
        row = {key: median([run[key] for run in runs]) for key in keys}
        print(
            f"  {label:<34} {row['score'] * 100:5.0f} {row['a11y'] * 100:5.0f} {row['fcp']:7.0f}ms {row['lcp']:7.0f}ms "
            f"{row['tbt']:6.0f}ms {row['cls']:6.3f} {row['bytes'] / 1024:9.1f} KB"
        )
        if len(runs) > 1:
            each = ", ".join(
                f"{run['score'] * 100:.0f}/{run['a11y'] * 100:.0f} (TBT {run['tbt']:.0f}ms)" for run in runs
            )
            print(f"      each run, performance/accessibility: {each}")
        for run in runs:
            for warning in run["warnings"]:
                print(f"      warning: {warning}")
            for failing in run["a11yFailing"]:
                print(f"      accessibility audit not passed: {failing}")
    shown = [run["homeShown"] for run in result["homeCold"] + result["home"]]
    print(f"  home runs showing the signed-in home screen at the end: {sum(shown)} of {len(shown)}")
    for label, key in (("approval detail", "detail"), ("score sheet", "sheet")):
        screens = [run["homeShown"] for run in result.get(key, [])]
        print(f"  {label} runs showing that screen at the end: {sum(screens)} of {len(screens)}")
    indexes = benchmark_indexes(result)
    if indexes:
        print(
            f"  host benchmarkIndex (Lighthouse's CPU/Memory Power, each run): median {median(indexes):.0f}, "
            f"{min(indexes):.0f}-{max(indexes):.0f}"
        )
    print_verdicts(result, f"CPU slowdown {first['cpuSlowdown']:g}x")

    install = result.get("installability")
    if not install:
        return
    own = install["own"]
    checks = [
        (
            "manifest linked and served as application/manifest+json",
            own["manifestType"] or "",
            bool(own["manifestUrl"]) and "manifest+json" in (own["manifestType"] or ""),
        ),
        ("name / short_name", f"{own['name']} / {own['shortName']}", bool(own["name"] or own["shortName"])),
        ("start_url", own["startUrl"], bool(own["startUrl"])),
        (
            "display standalone, fullscreen or minimal-ui",
            own["display"],
            own["display"] in ("standalone", "fullscreen", "minimal-ui"),
        ),
        (
            "icons 192×192 and 512×512 (any)",
            f"192: {own['icon192']}, 512: {own['icon512']}",
            own["icon192"] and own["icon512"],
        ),
        ("maskable icon", str(own["maskable"]), own["maskable"]),
        ("theme_color", own["themeColor"], bool(own["themeColor"])),
        ("prefer_related_applications not set", str(not own["preferRelated"]), not own["preferRelated"]),
        ("secure context (https or localhost)", str(own["secureContext"]), own["secureContext"]),
        (
            "service worker active, scope covers start_url",
            own["workerScope"],
            own["workerActive"] and bool(own["startUrl"]) and own["startUrl"].startswith(own["workerScope"] or "\0"),
        ),
        ("page controlled by the service worker", str(own["controlled"]), own["controlled"]),
        (
            "start_url answers offline (from the worker)",
            f"{own['startUrlOffline']}, from the worker: {own['startUrlOfflineFromWorker']}",
            own["startUrlOffline"] == 200 and own["startUrlOfflineFromWorker"],
        ),
        ("viewport meta", own["viewport"], bool(own["viewport"])),
    ]
    chromium = install["chromium"]
    print("\nInstallability (Lighthouse 12 has no PWA category: checked here)")
    verdict = "installable" if not chromium else "NOT installable: " + json.dumps(chromium, ensure_ascii=False)
    print(f"  Chromium Page.getInstallabilityErrors: {verdict}")
    if install["manifestErrors"]:
        print(f"  Chromium manifest parser errors: {json.dumps(install['manifestErrors'], ensure_ascii=False)}")
    for label, value, ok in checks:
        print(f"  [{'ok' if ok else 'NO'}] {label}: {value}")


def calibrate(base_url: str, work: Path, runs: int, result: dict) -> None:
    """Every page again, with the CPU slowdown Lighthouse's calculator gives for this host, printed apart."""
    index = median(benchmark_indexes(result))
    multiplier = cpu_multiplier_for(index)
    print(f"\nCalibration: host benchmarkIndex {index:.0f} (median of the runs above; Lighthouse's reference desktop")
    if multiplier is None:
        print("  is 1500-2000): too slow for Lighthouse's calculator to give a multiplier; not calibrated.")
        return
    print(
        f"  is 1500-2000 and gets the default 4x): calculator multiplier {multiplier:.2f}x. The figures above,\n"
        f"  with the default 4x, are Lighthouse's own; those below are this host calibrated, not its default."
    )
    calibrated = lighthouse(base_url, work, runs, cpu=round(multiplier, 2))
    calibrated.pop("installability", None)
    print_lighthouse(calibrated, " (calibrated to this host, not Lighthouse's default)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-build", action="store_true", help="measure pwa/dist as it is")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is printed)")
    parser.add_argument(
        "--calibrated",
        action="store_true",
        help="measure every page a second time with the CPU slowdown calibrated to this host's benchmarkIndex",
    )
    args = parser.parse_args()

    if not args.skip_build:
        build()
    initial_kb = bundle()

    with tempfile.TemporaryDirectory(prefix="pwa-budget-") as tmp:
        work = Path(tmp)
        server = start_server(
            {
                "QC_MODE": "development",
                "QC_VAR_DIR": str(work / "var"),
                "DATABASE_URL": f"sqlite://{work / 'var' / 'bench.sqlite3'}",
                "QC_PWA_DIST": str(DIST),
                **({"QC_PORT": os.environ["QC_PORT"]} if "QC_PORT" in os.environ else {}),
            },
            work / "server.log",
            timeout=120,
        )
        try:
            print(f"\nServer: {server.url} (development mode, SQLite, demo city)")
            result = lighthouse(server.url, work, args.runs)
            print_lighthouse(result)
            if args.calibrated:
                calibrate(server.url, work, args.runs, result)
        finally:
            stop_server(server)
    sys.exit(0 if initial_kb <= BUDGET_KB else 1)


if __name__ == "__main__":
    main()
