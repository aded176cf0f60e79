"""PostgreSQL restarts under load: every answer is typed (data, a typed retryable error, or the contract's
503), and every decision the clients retried with its idempotency key lands exactly once.

The test owns its PostgreSQL cluster (initdb in a temporary directory, on its own port), so it can
restart the real server process (`pg_ctl restart -m fast`: sessions are terminated, new connections
refused until it is back) without disturbing the shared one the other tests use.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

from tests.e2e.conftest import free_port, start_server

PASSWORD = "Demo-2026"
LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  __typename ... on AuthPayload { accessToken } } }"""
DECLARE = """mutation($input: DeclareProjectInput!) { declareProject(input: $input) { __typename
  ... on ActionDone { state { projectId } } ... on ActionError { code } } }"""
TODOS = """query($kind: CenterKind!) { center(kind: $kind) { todos(first: 100) {
  edges { node { id stepKey stepVersion project { id } } } } } }"""
DECIDE = """mutation($input: DecideInput!) { decide(input: $input) { __typename
  ... on ActionError { code } } }"""
PROJECTS = 8


class Cluster:
    """A PostgreSQL cluster of this test's own, run as the `postgres` system user."""

    def __init__(self) -> None:
        versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))
        self.bin = versions[-1] / "bin"
        # Outside pytest's temporary directory: the postgres user cannot enter root's private one.
        self.root = Path(tempfile.mkdtemp(prefix="qc-restart-"))
        self.data = self.root / "pgdata"
        self.port = free_port()
        self.log = self.root / "postgres.log"

    def _as_postgres(self, *command: str) -> None:
        runner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else ["sudo", "-u", "postgres"]
        subprocess.run([*runner, *command], check=True, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        shutil.chown(self.root, "postgres")
        self.log.touch()
        shutil.chown(self.log, "postgres")
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()
        self._as_postgres(
            str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q",
            "-c", "CREATE ROLE qc LOGIN PASSWORD 'qc'", "-c", "CREATE DATABASE qc OWNER qc",
        )  # fmt: skip

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k /tmp"
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, *args)

    def start(self) -> None:
        self.pg_ctl("-w", "start")

    def stop(self) -> None:
        self.pg_ctl("-w", "-m", "fast", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://qc:qc@127.0.0.1:{self.port}/qc"


def _typed(response: httpx.Response) -> dict | None:
    """The answer's data, or None for a typed retryable refusal; anything else fails the test."""
    assert response.status_code in (200, 503), (response.status_code, response.text)
    body = response.json()
    if response.status_code == 503:
        assert body["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}, body
        return None
    if body.get("errors"):
        assert body["errors"][0].get("extensions", {}).get("code") == "SERVICE_UNAVAILABLE", body
        return None
    return body["data"]


async def _until_answered(http: httpx.AsyncClient, token: str, query: str, variables: dict, seen: list[str]) -> dict:
    """Send, and on a typed retryable refusal send the very same request again (same idempotency key)."""
    for _ in range(200):
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        data = _typed(response)
        seen.append("data" if data is not None else "retryable")
        if data is not None:
            return data
        await asyncio.sleep(0.1)
    raise AssertionError("no answer after 200 tries")


def test_decisions_retried_through_a_postgresql_restart_land_exactly_once(servers, tmp_path: Path) -> None:
    cluster = Cluster()
    cluster.init()
    try:
        server = start_server(
            {
                "QC_MODE": "development",
                "QC_DEMO_PROJECTS": "0",
                "QC_VAR_DIR": str(tmp_path / "var"),
                "DATABASE_URL": cluster.url,
                "QC_ARGON2_TIME_COST": "1",
                "QC_SCAN_INTERVAL_SECONDS": "0",
                "QC_NOTIFY_INTERVAL_SECONDS": "0",
                "QC_LIVE_POLL_MS": "0",
            },
            tmp_path / "server.log",
            timeout=180,
        )
        servers.append(server)
        asyncio.run(_load_through_a_restart(server.url, cluster))
    finally:
        for server in servers:
            server.process.terminate()
        cluster.remove()


async def _load_through_a_restart(url: str, cluster: Cluster) -> None:
    seen: list[str] = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        token = (await _until_answered(http, "", LOGIN, {"u": "builder"}, seen))["login"]["accessToken"]
        # given eight applications declared, each waiting for the builder's submission
        for i in range(PROJECTS):
            declared = await _until_answered(
                http,
                token,
                DECLARE,
                {
                    "input": {
                        "idempotencyKey": f"restart-declare-{i}",
                        "name": f"重启测试项目{i}",
                        "category": "NEW",
                        "type": "SOFTWARE",
                        "requestedAmount": "500000",
                    }
                },
                seen,
            )
            assert declared["declareProject"]["__typename"] == "ActionDone", declared
        todos = (await _until_answered(http, token, TODOS, {"kind": "BUILDER"}, seen))["center"]["todos"]["edges"]
        submissions = [t["node"] for t in todos if t["node"]["stepKey"] == "submit_application"]
        assert len(submissions) == PROJECTS

        # when every submission is sent at once while PostgreSQL restarts, each retried with its own key
        async def submit(todo: dict) -> dict:
            variables = {
                "input": {
                    "idempotencyKey": f"restart-submit-{todo['id']}",
                    "taskId": todo["id"],
                    "verdict": "APPROVE",
                    "expectedVersion": todo["stepVersion"],
                }
            }
            return await _until_answered(http, token, DECIDE, variables, seen)

        async def restart() -> None:
            await asyncio.sleep(0.05)
            await asyncio.to_thread(cluster.stop)
            await asyncio.sleep(2)  # load meets a database that is down
            await asyncio.to_thread(cluster.start)

        sent = [asyncio.create_task(submit(todo)) for todo in submissions]
        down = asyncio.create_task(restart())
        answers = await asyncio.gather(*sent)
        await down
    # then every submission was answered as done (a retry after a lost answer gets the first answer)
    assert [a["decide"]["__typename"] for a in answers] == ["ActionDone"] * PROJECTS, answers
    # and the outage was met: some answers were typed retryable refusals, none a bare 500
    started = time.monotonic()
    assert "retryable" in seen, "the restart happened after the load: nothing was retried"
    # and each decision is recorded exactly once, with one audit record each
    connection = await asyncpg.connect(cluster.url)
    try:
        rows = await connection.fetch(
            "SELECT task_id, count(*) AS n FROM decision WHERE action IN ('SUBMIT', 'APPROVE') GROUP BY task_id"
        )
        assert sorted(r["n"] for r in rows) == [1] * PROJECTS, rows
        audits = await connection.fetch(
            "SELECT (detail->>'decision') AS d, count(*) AS n FROM audit_record "
            "WHERE action IN ('WORKFLOW_SUBMIT', 'WORKFLOW_APPROVE') GROUP BY 1"
        )
        assert sorted(r["n"] for r in audits) == [1] * PROJECTS, audits
    finally:
        await connection.close()
    assert time.monotonic() - started < 60
