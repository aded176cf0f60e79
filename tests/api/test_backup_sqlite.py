"""Backup and restore in the embedded SQLite mode, with the real commands: an installation made by `migrate`
and `create-user`, backed up, its var directory wiped, restored and verified (the PostgreSQL case, with roles,
is tests/e2e/test_backup.py)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.e2e.conftest import run_cli


def test_backup_wipe_restore_verify_on_sqlite(tmp_path: Path) -> None:
    # given an installation with an account, its keys and a material
    var = tmp_path / "var"
    env = {
        "QC_MODE": "development",
        "DATABASE_URL": f"sqlite://{var}/quancheng.sqlite3",
        "QC_VAR_DIR": str(var),
        "QC_ARGON2_TIME_COST": "1",
        "QC_ARGON2_MEMORY_KIB": "1024",
        "QC_ARGON2_PARALLELISM": "1",
    }
    assert run_cli(env, "migrate").returncode == 0
    made_user = run_cli(
        {**env, "QC_NEW_PASSWORD": "Kept-Safe-2027"},
        "create-user",
        "--username",
        "ops",
        "--display-name",
        "运维",
        "--organisation",
        "市数据资源管理局",
        "--organisation-kind",
        "DATA_BUREAU",
        "--center",
        "DATA",
        "--admin",
    )
    assert made_user.returncode == 0, made_user.stderr  # an audit record: the trail has a head
    (var / "keys").mkdir(exist_ok=True)
    (var / "keys" / "jwt-ed25519.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\nkept\n")
    (var / "materials" / "ab").mkdir(parents=True)
    (var / "materials" / "ab" / "abcdef").write_bytes(b"%PDF-1.7 material")
    with sqlite3.connect(var / "quancheng.sqlite3") as db:
        audit_records = db.execute("SELECT count(*) FROM audit_record").fetchone()[0]

    # when backed up, wiped and restored
    saved = tmp_path / "backup"
    made = run_cli(env, "backup", str(saved))
    assert made.returncode == 0, made.stderr
    shutil.rmtree(var)
    restored = run_cli(env, "restore", str(saved))

    # then the copy verified itself, and holds the same rows, files and key
    assert restored.returncode == 0, restored.stderr
    manifest = json.loads((saved / "manifest.json").read_text())
    with sqlite3.connect(var / "quancheng.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM audit_record").fetchone()[0] == audit_records
        assert db.execute("SELECT count(*) FROM app_user").fetchone()[0] == manifest["counts"]["app_user"] == 1
    assert (var / "materials" / "ab" / "abcdef").read_bytes() == b"%PDF-1.7 material"
    assert (var / "keys" / "jwt-ed25519.pem").read_bytes() == b"-----BEGIN PRIVATE KEY-----\nkept\n"
    assert run_cli(env, "verify-audit", "--anchor", str(saved / "audit-head")).returncode == 0


def test_a_restore_that_does_not_verify_fails(tmp_path: Path) -> None:
    var = tmp_path / "var"
    env = {"QC_MODE": "development", "DATABASE_URL": f"sqlite://{var}/quancheng.sqlite3", "QC_VAR_DIR": str(var)}
    assert run_cli(env, "migrate").returncode == 0
    saved = tmp_path / "backup"
    assert run_cli(env, "backup", str(saved)).returncode == 0
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["counts"]["project"] = 7  # the copy does not hold what the manifest says
    (saved / "manifest.json").write_text(json.dumps(manifest))
    failed = run_cli(env, "restore", str(saved))
    assert failed.returncode == 1 and "table project: 0 rows restored, 7 saved" in failed.stderr
