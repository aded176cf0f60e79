"""Database roles on PostgreSQL, with real processes: migrations run as the owner role; the application runs
as its own role, which can insert and read audit records but cannot switch the append-only trigger off,
update, delete or truncate them. The audit chain's head is kept outside the database by the running server,
so a tail cut off the chain by someone holding the owner's keys is caught by `verify-audit`."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from api.anchor import AnchorFile
from tests.e2e.conftest import run_cli, start_server, stop_server
from tests.pg import reset_schema

OWNER_URL = os.environ.get("QC_TEST_DATABASE_URL", "")
LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) { __typename } }"""


def _app_url() -> str:
    """QC_TEST_APP_DATABASE_URL, else the `<owner>_app` role scripts/_lib.sh makes, same password."""
    if os.environ.get("QC_TEST_APP_DATABASE_URL"):
        return os.environ["QC_TEST_APP_DATABASE_URL"]
    parts = urlsplit(OWNER_URL)
    netloc = f"{parts.username}_app:{parts.password}@{parts.hostname}:{parts.port or 5432}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _sign_in(url: str, username: str) -> str:
    answer = httpx.post(f"{url}/graphql", json={"query": LOGIN, "variables": {"u": username}}, timeout=20).json()
    return answer["data"]["login"]["__typename"]


def _pg(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def test_the_app_role_can_only_append_to_the_audit_trail_and_a_cut_tail_is_caught(
    servers, tmp_path: Path
) -> None:
    assert OWNER_URL.startswith("postgres"), "scripts/test runs this on PostgreSQL"
    app_url = _app_url()
    await reset_schema(OWNER_URL)
    env = {
        "QC_MODE": "development",
        "DATABASE_URL": app_url,
        "QC_DATABASE_OWNER_URL": OWNER_URL,
        "QC_VAR_DIR": str(tmp_path / "var"),
        "QC_ARGON2_TIME_COST": "1",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",
        "QC_LIVE_POLL_MS": "0",
        "QC_AUDIT_ANCHOR_SECONDS": "1",
    }
    try:
        # given the schema migrated by the owner and the product serving as the app's role
        migrated = run_cli(env, "migrate")
        assert migrated.returncode == 0, migrated.stderr
        server = start_server(dict(env), tmp_path / "server.log")
        servers.append(server)
        for username in ("data", "finance", "builder"):
            assert _sign_in(server.url, username) == "AuthPayload"

        app = await asyncpg.connect(_pg(app_url))
        try:
            assert await app.fetchval("SELECT current_user") == urlsplit(app_url).username
            total = await app.fetchval("SELECT count(*) FROM audit_record")
            assert total >= 3  # the app's role appended the sign-ins

            # when the app's role tries to rewrite the trail, then each attempt is refused
            for statement in (
                "ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only",
                "ALTER TABLE audit_record DISABLE TRIGGER ALL",
                "UPDATE audit_record SET outcome = 'FAILURE' WHERE seq = 1",
                "DELETE FROM audit_record WHERE seq = 1",
                "TRUNCATE audit_record",
                "DROP TABLE audit_record",
            ):
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await app.execute(statement)
            assert await app.fetchval("SELECT count(*) FROM audit_record") == total
        finally:
            await app.close()

        # the server keeps the head outside the database by itself
        anchors = AnchorFile.under(tmp_path / "var")
        for _ in range(60):
            if anchors.kept() is not None and anchors.kept().seq >= total:
                break
            await asyncio.sleep(0.3)
        assert anchors.kept() is not None and anchors.kept().seq >= total
        stop_server(server)
        intact = run_cli(env, "verify-audit")
        assert intact.returncode == 0, intact.stderr

        # when someone with the owner's keys cuts the newest records off
        owner = await asyncpg.connect(_pg(OWNER_URL))
        try:
            await owner.execute(
                "ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only; "
                f"DELETE FROM audit_record WHERE seq > {total - 2}; "
                "ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only;"
            )
        finally:
            await owner.close()

        # then verify-audit (as the app's role, against the kept anchor) catches it
        cut = run_cli(env, "verify-audit")
        assert cut.returncode == 1 and "missing" in cut.stderr, cut.stdout + cut.stderr
    finally:
        await reset_schema(OWNER_URL)
