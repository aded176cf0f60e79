"""The PWA in Debian's Chromium (playwright-core) against the real server with the demo city,
exactly as `scripts/run` serves it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.e2e.conftest import ROOT, start_server


def test_pwa_end_to_end_in_chromium(servers, artifacts: Path, tmp_path: Path) -> None:
    assert (ROOT / "pwa" / "dist" / "index.html").is_file(), "scripts/test builds the PWA first"
    server = start_server(
        {
            "QC_MODE": "development",
            "QC_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite://{tmp_path / 'var' / 'e2e.sqlite3'}",
            "QC_ARGON2_TIME_COST": "1",
        },
        tmp_path / "pwa-server.log",
    )
    servers.append(server)
    result = subprocess.run(
        ["npm", "run", "--silent", "e2e"],
        cwd=ROOT / "pwa",
        env={**os.environ, "BASE_URL": server.url},
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(result.stdout[-5000:], result.stderr[-5000:])
    assert result.returncode == 0, "PWA end-to-end tests failed (output above)"
    assert (artifacts / "smoke.png").is_file()
