"""Backup, wipe, restore, verify on PostgreSQL with real processes: the database, the uploaded materials,
the keys and the audit head come back; the restored audit chain verifies against the saved head, every
table has the saved count, and the product serves the restored city (same keys: old tokens still verify)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.e2e.conftest import run_cli, start_server, stop_server
from tests.e2e.test_db_roles import OWNER_URL, _app_url, _pg
from tests.pg import reset_schema

LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  ... on AuthPayload { accessToken } } }"""
ME = "query { me { user { username } } }"


def _post(url: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=20
    ).json()


async def _counts(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(_pg(url))
    try:
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        return {t["tablename"]: await conn.fetchval(f'SELECT count(*) FROM "{t["tablename"]}"') for t in tables}
    finally:
        await conn.close()


async def test_backup_wipe_restore_verify(servers, tmp_path: Path) -> None:
    assert OWNER_URL.startswith("postgres"), "scripts/test runs this on PostgreSQL"
    await reset_schema(OWNER_URL)
    var = tmp_path / "var"
    env = {
        "QC_MODE": "development",
        "DATABASE_URL": _app_url(),
        "QC_DATABASE_OWNER_URL": OWNER_URL,
        "QC_VAR_DIR": str(var),
        "QC_ARGON2_TIME_COST": "1",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",
        "QC_LIVE_POLL_MS": "0",
    }
    try:
        # given a city in use: the demo, sign-ins (audit records), a token issued, a material on disk
        server = start_server(dict(env), tmp_path / "server.log")
        servers.append(server)
        token = _post(server.url, LOGIN, {"u": "data"})["data"]["login"]["accessToken"]
        assert _post(server.url, ME, token=token)["data"]["me"]["user"]["username"] == "data"
        stop_server(server)
        content = "建设方案 v1".encode()
        digest = hashlib.sha256(content).hexdigest()
        (var / "materials" / digest[:2]).mkdir(parents=True, exist_ok=True)
        (var / "materials" / digest[:2] / digest).write_bytes(content)
        before = await _counts(OWNER_URL)
        key_before = (var / "keys" / "jwt-ed25519.pem").read_bytes()

        # when it is backed up, the database and the var directory wiped, and the backup restored
        saved = tmp_path / "backup"
        made = run_cli(env, "backup", str(saved))
        assert made.returncode == 0, made.stderr
        manifest = json.loads((saved / "manifest.json").read_text())
        assert manifest["counts"]["audit_record"] == before["audit_record"] > 0
        assert (saved / "audit-head").read_text().strip() == manifest["audit_head"]
        assert run_cli(env, "backup", str(saved)).returncode == 1  # never over another backup
        await reset_schema(OWNER_URL)
        shutil.rmtree(var)
        restored = run_cli(env, "restore", str(saved))
        assert restored.returncode == 0, restored.stderr
        assert "restored and verified" in restored.stdout

        # then everything is back, the same
        assert await _counts(OWNER_URL) == before
        assert (var / "materials" / digest[:2] / digest).read_bytes() == content
        assert (var / "keys" / "jwt-ed25519.pem").read_bytes() == key_before
        verified = run_cli(env, "verify-audit", "--anchor", str(saved / "audit-head"))
        assert verified.returncode == 0, verified.stderr
        server = start_server(dict(env), tmp_path / "server-restored.log")
        servers.append(server)
        assert _post(server.url, ME, token=token)["data"]["me"]["user"]["username"] == "data"  # same key, same session
        stop_server(server)

        # and the app's role is again kept from rewriting the restored trail
        app = await asyncpg.connect(_pg(_app_url()))
        try:
            assert await app.fetchval("SELECT count(*) FROM audit_record") == before["audit_record"]
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await app.execute("DELETE FROM audit_record")
        finally:
            await app.close()
    finally:
        await reset_schema(OWNER_URL)
