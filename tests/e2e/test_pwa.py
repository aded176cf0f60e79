"""The PWA in Debian's Chromium (playwright-core) against the real server with the demo city,
exactly as `scripts/run` serves it: the smoke test and the journeys of `pwa/e2e/` (`npm run e2e`),
each leaving a phone-size screenshot in `var/e2e/`."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from tests.e2e.conftest import ROOT, start_server

# One screenshot per scenario (pwa/e2e/journeys.test.mjs), plus the smoke test's.
SCREENSHOTS = (
    "smoke",
    "journey-1-builder-submits",
    "journey-2-data-approves",
    "journey-3-expert-scores",
    "journey-4-vendor-timeline",
    "journey-5-offline-approval",
    "journey-5-offline-waiting",
    "journey-6a-conflict-open",
    "journey-6b-conflict-queued",
    "journey-7-push-notification",
    "journey-8-builder-resubmits",
    "journey-9-finance-records-payment",
    "journey-10-declare-offline",
    "journey-11-larger-text",
    "journey-12-take-back",
    "journey-13-batch-approval",
    # The whole life in the app (pwa/e2e/lifecycle.test.mjs): each role's last screen.
    *(f"lifecycle-{role}" for role in ("builder", "data", "finance", "drc", "supervisor", "vendor")),
)


def test_pwa_end_to_end_in_chromium(servers, artifacts: Path, tmp_path: Path) -> None:
    assert (ROOT / "pwa" / "dist" / "index.html").is_file(), "scripts/test builds the PWA first"
    server = start_server(
        {
            "QC_MODE": "development",
            "QC_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite://{tmp_path / 'var' / 'e2e.sqlite3'}",
            "QC_ARGON2_TIME_COST": "1",
            # The scenarios sign in a dozen demo people within a minute, from one address.
            "QC_LOGIN_ATTEMPTS_PER_MINUTE": "600",
            # Pushes go out within a second of the change that causes them.
            "QC_NOTIFY_INTERVAL_SECONDS": "1",
        },
        tmp_path / "pwa-server.log",
    )
    servers.append(server)
    started = time.time()
    result = subprocess.run(
        ["npm", "run", "--silent", "e2e"],
        cwd=ROOT / "pwa",
        env={**os.environ, "BASE_URL": server.url, "E2E_OUT_DIR": str(artifacts)},
        capture_output=True,
        text=True,
        timeout=1500,
    )
    print(result.stdout[-8000:], result.stderr[-5000:])
    assert result.returncode == 0, "PWA end-to-end tests failed (output above)"
    summary = dict(re.findall(r"^# (tests|pass|fail|skipped|todo|cancelled) (\d+)$", result.stdout, re.MULTILINE))
    assert summary.get("fail") == "0" and summary.get("skipped") == "0" and summary.get("todo") == "0", summary
    assert int(summary.get("pass", "0")) >= 15, f"the smoke test, the journeys and the whole life ran: {summary}"
    for name in SCREENSHOTS:
        shot = artifacts / f"{name}.png"
        assert shot.is_file(), f"{shot} was not written"
        assert shot.stat().st_mtime >= started - 1, f"{shot} is left over from an earlier run"
