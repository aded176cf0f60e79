"""Home-screen benchmark: the PWA's `HomeScreen` document through the product's GraphQL endpoint against a
hand-written endpoint returning the same JSON (bench/plain_home.py: Starlette + the raw driver + orjson, its
own minimal SQL, the same token and session checks), answers compared byte for byte first.

Four servers, one uvicorn worker each, on the same database (the living demo city, `seed-demo`):
  plain    the hand-written endpoint;
  graphql  the product field by field (QC_COMPILED_PLANS=false, QC_ANSWER_CACHE_SIZE=0), for reference;
  cold     the product's compiled plan (schema/compiled.py), no kept answers: every request computes the home;
  warm     the product as shipped: nothing changed, so the home is answered from its kept answer (api/answers.py).
wrk with 32 connections, the four run one after another in each round, rounds alternating their order;
medians over the rounds. Prints the issue's targets: cold >= 35 % and warm >= 90 % of plain's requests/s,
p99 <= 3 x p50, and the statements per home request (at most 10, the same at 5 and 100 items).

    uv run python bench/home_screen.py [--seconds 5] [--rounds 3] [--database postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the project's packages come first
LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  ... on AuthPayload { accessToken } } }"""
LUA = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.body = [[{body}]]
"""
WHO = (("builder", "BUILDER", True), ("data", "DATA", False))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> None:
    """The product app, one worker (the settings come from the environment)."""
    import uvicorn

    from api.app import create_app
    from api.settings import load

    # wrk cuts its connections at the end of a run: those disconnects are not worth a log line.
    uvicorn.run(create_app(load()), host="127.0.0.1", port=port, log_level="critical", access_log=False)


def registered_home(dist: Path) -> str:
    """The PWA's registered operations (as its build registers them), written to `dist`; HomeScreen's text."""
    script = (
        "import('./scripts/operations.mjs').then(async (m) => "
        "process.stdout.write(JSON.stringify(await m.collectOperations())))"
    )
    out = subprocess.run(["node", "-e", script], cwd=ROOT / "pwa", capture_output=True, text=True, check=True).stdout
    manifest = json.loads(out)
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "persisted-operations.json").write_text(json.dumps(manifest), encoding="utf-8")
    return next(t for t in manifest.values() if re.match(r"\s*query HomeScreen\b", t))


def wrk(url: str, lua: Path, seconds: int) -> tuple[float, float, float]:
    out = subprocess.run(
        ["wrk", "-t1", "-c32", f"-d{seconds}s", "--latency", "-s", str(lua), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rps, ms("50"), ms("99")


def wait_until_up(base: str, path: str) -> None:
    for _ in range(150):
        try:
            httpx.get(f"{base}{path}", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not start")


async def count_statements(env: dict[str, str], home: str, tokens: dict[str, str]) -> dict[str, dict[int, int]]:
    """Statements one cold home request sends, per user, at 5 and 100 items (the product in-process)."""
    os.environ.update(env | {"QC_ANSWER_CACHE_SIZE": "0"})
    from tortoise import Tortoise

    from api.app import create_app
    from api.settings import load

    app = create_app(load())
    counts: dict[str, dict[int, int]] = {}
    async with app.router.lifespan_context(app):
        client = type(Tortoise.get_connection("default"))
        original = client.execute_query, client.execute_query_dict
        seen: list[str] = []

        async def query(self, sql, values=None):  # type: ignore[no-untyped-def]
            seen.append(sql)
            return await original[0](self, sql, values)

        async def query_dict(self, sql, values=None):  # type: ignore[no-untyped-def]
            seen.append(sql)
            return await original[1](self, sql, values)

        client.execute_query, client.execute_query_dict = query, query_dict
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
                warm_up = {"kind": "DATA", "withCenter": True, "withProjects": False, "first": 1, "firstProjects": 1}
                await http.post(  # what a worker reads once (its first request) is not the home's
                    "/graphql",
                    json={"query": home, "variables": warm_up},
                    headers={"authorization": f"Bearer {tokens['data']}"},
                )
                for who, kind, projects in WHO:
                    for first in (5, 100):
                        variables = {"kind": kind, "withCenter": True, "withProjects": projects}
                        body = {"query": home, "variables": variables | {"first": first, "firstProjects": first}}
                        seen.clear()
                        answer = await http.post(
                            "/graphql", json=body, headers={"authorization": f"Bearer {tokens[who]}"}
                        )
                        assert "errors" not in answer.json(), answer.text
                        counts.setdefault(who, {})[first] = len(seen)
        finally:
            client.execute_query, client.execute_query_dict = original
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    var = tempfile.mkdtemp(prefix="qc-bench-")
    database = args.database or f"sqlite://{var}/bench.sqlite3"
    home = registered_home(Path(var, "dist"))
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "QC_VAR_DIR": var,
        "QC_PWA_DIST": str(Path(var, "dist")),
        "QC_ARGON2_TIME_COST": "1",
        "QC_LOGIN_ATTEMPTS_PER_MINUTE": "10000",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",
    }
    subprocess.run([sys.executable, "-m", "api", "migrate"], env=env, cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "api", "seed-demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    ports = {"plain": free_port(), "graphql": free_port(), "cold": free_port(), "warm": free_port()}
    no_cache = {"QC_ANSWER_CACHE_SIZE": "0"}
    servers = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "bench/plain_home.py"), str(ports["plain"]), database, var], env=env
        ),
        subprocess.Popen(
            [sys.executable, __file__, "--serve", str(ports["graphql"])],
            env=env | no_cache | {"QC_COMPILED_PLANS": "false"},
        ),
        subprocess.Popen([sys.executable, __file__, "--serve", str(ports["cold"])], env=env | no_cache),
        subprocess.Popen([sys.executable, __file__, "--serve", str(ports["warm"])], env=env),
    ]
    try:
        urls = {
            "plain": f"http://127.0.0.1:{ports['plain']}/home",
            "graphql": f"http://127.0.0.1:{ports['graphql']}/graphql",
            "cold": f"http://127.0.0.1:{ports['cold']}/graphql",
            "warm": f"http://127.0.0.1:{ports['warm']}/graphql",
        }
        for name, port in ports.items():
            wait_until_up(f"http://127.0.0.1:{port}", "/home" if name == "plain" else "/healthz")
        product = f"http://127.0.0.1:{ports['cold']}"
        tokens = {}
        for who, _, _ in WHO:
            login = httpx.post(f"{product}/graphql", json={"query": LOGIN, "variables": {"u": who}}).json()
            tokens[who] = login["data"]["login"]["accessToken"]
        engine = "PostgreSQL" if database.startswith("postgres") else "SQLite"
        print(f"home screen ({engine}, living demo city), one worker each, wrk 32 connections, {args.seconds} s runs,")
        print(f"{args.rounds} rounds alternating; medians")
        bodies = {}
        for who, kind, projects in WHO:
            variables = {"kind": kind, "withCenter": True, "withProjects": projects, "first": 20, "firstProjects": 20}
            bodies[who] = json.dumps(
                {"documentId": document_id(home), "operationName": "HomeScreen", "variables": variables}
            )
            answers = {
                name: httpx.post(
                    url,
                    content=bodies[who],
                    headers={"authorization": f"Bearer {tokens[who]}", "content-type": "application/json"},
                ).content
                for name, url in urls.items()
            }
            same = len(set(answers.values())) == 1
            print(f"{who}: answers byte-identical: {'yes' if same else 'NO'} ({len(answers['plain'])} bytes)")
            if not same:
                for name, body in answers.items():
                    print(f"  {name}: {body[:400]!r}")
                return 1
        results: dict[str, dict[str, list[tuple[float, float, float]]]] = {}
        order = ["plain", "graphql", "cold", "warm"]
        for round_ in range(args.rounds):
            for who, _, _ in WHO:
                lua = Path(var, f"{who}.lua")
                lua.write_text(LUA.format(token=tokens[who], body=bodies[who]))
                for name in order if round_ % 2 == 0 else list(reversed(order)):
                    results.setdefault(who, {}).setdefault(name, []).append(wrk(urls[name], lua, args.seconds))
        print(f"{'who':<8} {'variant':<6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p99/p50':>8}")
        met = True
        for who, by_variant in results.items():
            median = {
                name: tuple(statistics.median(run[i] for run in runs) for i in range(3))
                for name, runs in by_variant.items()
            }
            for name, (rps, p50, p99) in median.items():
                print(f"{who:<8} {name:<6} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {p99 / p50:>8.2f}")
            cold = median["cold"][0] / median["plain"][0]
            warm = median["warm"][0] / median["plain"][0]
            tail = max(median[n][2] / median[n][1] for n in ("cold", "warm"))
            print(f"{who:<8} field by field: graphql/plain {median['graphql'][0] / median['plain'][0]:.2f}")
            print(f"{who:<8} target 1 cold/plain {cold:.2f} (>= 0.35: {'met' if cold >= 0.35 else 'NOT met'})")
            print(f"{who:<8} target 2 warm/plain {warm:.2f} (>= 0.90: {'met' if warm >= 0.90 else 'NOT met'})")
            print(f"{who:<8} target 7 p99/p50 {tail:.2f} (<= 3: {'met' if tail <= 3 else 'NOT met'})")
            met = met and cold >= 0.35 and warm >= 0.90 and tail <= 3
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
    counts = asyncio.run(count_statements(env, home, tokens))
    for who, by_size in counts.items():
        ok = by_size[5] == by_size[100] <= 10
        print(
            f"{who:<8} target 3 statements per home: {by_size[5]} at 5 items, {by_size[100]} at 100 "
            f"(<= 10, same: {'met' if ok else 'NOT met'})"
        )
    print(f"all targets met: {'yes' if met else 'no'}")
    return 0


def document_id(text: str) -> str:
    from api.trusted import document_id as registered_id

    return registered_id(text)


if __name__ == "__main__":
    sys.exit(main())
