"""`scripts/run`, the README's first command, serves the API, the PWA and the demo city."""

from __future__ import annotations

from pathlib import Path

import httpx

from domain.demo.data import TOUR, USERS
from tests.e2e.conftest import ROOT, start_server

LOGIN = 'mutation { login(input: {username: "supervisor", password: "Demo-2026"}) { __typename } }'
SIGN_IN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  ... on AuthPayload { accessToken } } }"""
WAITING = """query($kind: CenterKind!) { center(kind: $kind) { todos(first: 1) { totalCount } } }"""


def test_run_command_serves_everything_on_sqlite_without_redis(servers, tmp_path: Path) -> None:
    var = tmp_path / "var"
    server = start_server(
        {"QC_VAR_DIR": str(var), "REDIS_URL": "", "DATABASE_URL": "", "QC_ARGON2_TIME_COST": "1"},
        tmp_path / "run.log",
        command=[str(ROOT / "scripts" / "run")],
        timeout=300,
    )
    servers.append(server)
    ready = httpx.get(f"{server.url}/readyz").json()
    assert ready == {"ready": True, "checks": {"database": "ok"}}
    assert (var / "quancheng.sqlite3").is_file()
    assert (var / "keys" / "jwt-ed25519.pem").is_file()
    page = httpx.get(f"{server.url}/")
    assert page.status_code == 200 and "manifest" in page.text
    assert httpx.get(f"{server.url}/some/deep/link").text == page.text
    login = httpx.post(f"{server.url}/graphql", json={"query": LOGIN}).json()
    assert login == {"data": {"login": {"__typename": "AuthPayload"}}}
    printed = server.output()
    for username in USERS:
        assert f"  {username} " in printed
    assert "Demo-2026" in printed
    # the five-minute tour is printed beside the sign-ins, and its people find work waiting
    assert "five-minute tour" in printed and "python -m api reset-demo" in printed
    for _username, what in TOUR:
        assert what in printed
    for username, kind in (("data", "DATA"), ("expert", "EXPERT"), ("builder", "BUILDER"), ("vendor", "VENDOR")):
        token = httpx.post(f"{server.url}/graphql", json={"query": SIGN_IN, "variables": {"u": username}}).json()
        headers = {"authorization": f"Bearer {token['data']['login']['accessToken']}"}
        todos = httpx.post(
            f"{server.url}/graphql", json={"query": WAITING, "variables": {"kind": kind}}, headers=headers
        )
        assert todos.json()["data"]["center"]["todos"]["totalCount"] > 0, (username, todos.text)
