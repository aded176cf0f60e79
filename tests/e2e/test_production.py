"""Production mode as `scripts/server` starts it: several workers on PostgreSQL + Redis,
hardened, refusing what it must refuse."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis import Redis

from tests.e2e.conftest import Server, free_port, run_cli, start_server
from tests.e2e.test_db_roles import _app_url as app_url
from tests.pg import reset_schema

DATABASE_URL = os.environ.get("QC_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("QC_TEST_REDIS_URL", "")
LOGIN = """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) {
  __typename ... on AuthPayload { scope } ... on AuthError { code } } }"""


@pytest.fixture
def production_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    assert DATABASE_URL.startswith("postgres"), "scripts/test sets QC_TEST_DATABASE_URL to PostgreSQL here"
    assert REDIS_URL, "scripts/test sets QC_TEST_REDIS_URL here"
    key = tmp_path / "operator-key.pem"
    _drop_everything()
    Redis.from_url(REDIS_URL).flushdb()  # counters of an earlier run in the same minute
    assert run_cli({}, "generate-key", str(key)).returncode == 0
    env = {
        "QC_MODE": "production",
        # Two roles: the owner migrates, the application may only insert and read audit records.
        "DATABASE_URL": app_url(),
        "QC_DATABASE_OWNER_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "QC_JWT_KEY_FILE": str(key),
        "QC_VAR_DIR": str(tmp_path / "var"),
        "QC_WORKERS": "2",
        "QC_LOGIN_ATTEMPTS_PER_MINUTE": "6",
        "QC_PWA_DIST": str(tmp_path / "no-pwa"),
        # These tests speak in plain documents; the trusted-only default is tested on its own below.
        "QC_TRUSTED_DOCUMENTS_ONLY": "false",
    }
    migrated = run_cli(env, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    yield env
    _drop_everything()


def _drop_everything() -> None:
    asyncio.run(reset_schema(DATABASE_URL))


def _post(server: Server, query: str, variables: dict | None = None) -> httpx.Response:
    return httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables or {}}, timeout=10)


def test_production_serves_hardened_with_workers_and_shared_limits(production_env, servers, tmp_path) -> None:
    # given an operator-made administrator of the data bureau
    created = run_cli(
        {**production_env, "QC_NEW_PASSWORD": "Operator-2026!x"},
        "create-user",
        "--username",
        "admin",
        "--display-name",
        "管理员",
        "--organisation",
        "市数据资源管理局",
        "--organisation-kind",
        "DATA_BUREAU",
        "--center",
        "DATA",
        "--admin",
    )
    assert created.returncode == 0, created.stderr
    server = start_server(production_env, tmp_path / "production.log")
    servers.append(server)
    # then: readiness covers PostgreSQL and Redis
    assert httpx.get(f"{server.url}/readyz").json() == {"ready": True, "checks": {"database": "ok", "redis": "ok"}}
    # no introspection, no GraphiQL, no GET
    assert (
        "introspection has been disabled"
        in _post(server, "{ __schema { types { name } } }").json()["errors"][0]["message"]
    )
    assert httpx.get(f"{server.url}/graphql", headers={"accept": "text/html"}).status_code == 405
    # an administrator must enrol a second factor first
    while time.time() % 60 > 45:  # keep this and the next six attempts inside one counting window
        time.sleep(1)
    signed = _post(server, LOGIN, {"u": "admin", "p": "Operator-2026!x"}).json()["data"]["login"]
    assert signed == {"__typename": "AuthPayload", "scope": "ENROL"}
    # sign-in attempts are counted in Redis, across both workers: the 7th in a minute is refused
    codes = [
        _post(server, LOGIN, {"u": "admin", "p": f"Wrong-{i}-x"}).json()["data"]["login"].get("code") for i in range(6)
    ]
    assert codes[:5] == ["INVALID_CREDENTIALS"] * 4 + ["ACCOUNT_LOCKED"]
    assert codes[5] == "RATE_LIMITED"
    assert server.output().count("Started server process") == 2


def test_production_refuses_a_database_with_demo_accounts(production_env, tmp_path) -> None:
    demo_env = {
        "QC_MODE": "development",
        "DATABASE_URL": DATABASE_URL,
        "QC_VAR_DIR": str(tmp_path / "var"),
        "QC_ARGON2_TIME_COST": "1",
    }
    assert run_cli(demo_env, "migrate").returncode == 0
    assert run_cli(demo_env, "seed-demo").returncode == 0
    server = start_server({**production_env, "QC_WORKERS": "1"}, tmp_path / "refused.log", wait=False)
    assert server.process.wait(timeout=60) != 0
    assert "refuses a database holding demo accounts" in server.output()


def test_production_refuses_an_embedded_database_and_development_keys(tmp_path) -> None:
    refused = run_cli({"QC_MODE": "production", "QC_VAR_DIR": str(tmp_path), "QC_PORT": str(free_port())}, "serve")
    assert refused.returncode == 2
    for problem in ("DATABASE_URL must be a PostgreSQL URL", "REDIS_URL is required", "QC_JWT_KEY_FILE"):
        assert problem in refused.stderr


def test_seed_demo_is_refused_outside_demo_mode(production_env) -> None:
    refused = run_cli(production_env, "seed-demo")
    assert refused.returncode == 2
    assert "refused outside demo mode" in refused.stderr


def test_production_accepts_only_trusted_documents(production_env, servers, tmp_path) -> None:
    import json

    from api.trusted import document_id

    probe = "query Probe { __typename }"
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "persisted-operations.json").write_text(json.dumps({document_id(probe): probe}))
    env = {**production_env, "QC_PWA_DIST": str(dist), "QC_WORKERS": "1"}
    del env["QC_TRUSTED_DOCUMENTS_ONLY"]
    server = start_server(env, tmp_path / "trusted.log")
    servers.append(server)
    plain = httpx.post(f"{server.url}/graphql", json={"query": probe})
    assert plain.status_code == 400
    registered = httpx.post(f"{server.url}/graphql", json={"documentId": document_id(probe)})
    assert registered.json() == {"data": {"__typename": "Query"}}
