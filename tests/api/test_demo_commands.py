"""The demo city as an operator starts it: `seed-demo` (what `scripts/run` does on a first start) loads the
living city with the tour's work waiting and the inboxes filled; `reset-demo` gives the same city again;
neither runs outside demo mode. Each test uses its own SQLite database, as separate processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from domain.demo.data import TOUR
from tests.conftest import ROOT_DIR


def _cli(var: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "QC_MODE": "development",
        "QC_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite://{var}/quancheng.sqlite3",
        "REDIS_URL": "",
        "QC_ARGON2_TIME_COST": "1",
        **env,
    }
    environment.pop("QC_CLOCK", None)
    return subprocess.run(
        [sys.executable, "-m", "api", *args], cwd=ROOT_DIR, env=environment, capture_output=True, text=True, timeout=600
    )


def _rows(var: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(var / "quancheng.sqlite3") as db:
        return db.execute(sql).fetchall()


def _city(var: Path) -> list[tuple]:
    return _rows(
        var,
        "SELECT p.code, p.name, p.stage, p.status, t.kind, t.status, u.username FROM task t "
        "JOIN project p ON p.id = t.project_id JOIN app_user u ON u.id = t.assignee_id ORDER BY t.id",
    )


def test_a_first_start_loads_the_living_city_with_the_tour_s_work_and_filled_inboxes(tmp_path: Path) -> None:
    # given a fresh machine's database
    assert _cli(tmp_path, "migrate").returncode == 0
    # when the demo city is loaded as `scripts/run` does on its first start
    seeded = _cli(tmp_path, "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    # then every user of the tour has an open to-do (audit: the answered finding to close) and notifications
    waiting = dict(
        _rows(
            tmp_path,
            "SELECT u.username, count(*) FROM task t JOIN app_user u ON u.id = t.assignee_id "
            "WHERE t.status = 'OPEN' GROUP BY u.username",
        )
    )
    told = dict(
        _rows(
            tmp_path, "SELECT u.username, count(*) FROM notification n JOIN app_user u ON u.id = n.user_id GROUP BY 1"
        )
    )
    for username, _what in TOUR:
        assert waiting.get(username, 0) > 0, (username, waiting)
        assert told.get(username, 0) > 0, (username, told)
    assert _rows(
        tmp_path,
        "SELECT kind FROM task t JOIN app_user u ON u.id = t.assignee_id "
        "WHERE u.username = 'audit' AND t.status = 'OPEN'",
    ) == [("CLOSE_FINDING",)]
    assert _rows(tmp_path, "SELECT count(*) FROM event WHERE published_at IS NULL") == [(0,)]
    # and a second start adds nothing
    before = _city(tmp_path)
    assert _cli(tmp_path, "seed-demo").returncode == 0
    assert _city(tmp_path) == before


def test_reset_demo_gives_the_same_city_again_with_the_size_asked(tmp_path: Path) -> None:
    # given a small city in use: a to-do done by hand, a material file on disk
    assert _cli(tmp_path, "migrate").returncode == 0
    assert _cli(tmp_path, "seed-demo", "--projects", "3").returncode == 0
    fresh = _city(tmp_path)
    assert len({row[0] for row in fresh if "-YW" not in row[0]}) == 3  # and the O&M project of the completed one
    with sqlite3.connect(tmp_path / "quancheng.sqlite3") as db:
        db.execute("UPDATE task SET status = 'DONE' WHERE id = (SELECT min(id) FROM task)")
    (tmp_path / "materials").mkdir(exist_ok=True)
    (tmp_path / "materials" / "left-over.pdf").write_bytes(b"%PDF-1.4")
    # when it is reset
    reset = _cli(tmp_path, "reset-demo", "--projects", "3")
    # then the same city is back, and nothing of the old one is left
    assert reset.returncode == 0, reset.stderr
    assert _city(tmp_path) == fresh
    assert not (tmp_path / "materials" / "left-over.pdf").exists()


def test_the_demo_commands_are_refused_outside_demo_mode(tmp_path: Path) -> None:
    assert _cli(tmp_path, "migrate").returncode == 0
    for command in ("seed-demo", "reset-demo"):
        refused = _cli(tmp_path, command, QC_DEMO="false")
        assert refused.returncode == 2 and "demo" in refused.stderr, (command, refused.stderr)
    assert _rows(tmp_path, "SELECT count(*) FROM app_user") == [(0,)]
