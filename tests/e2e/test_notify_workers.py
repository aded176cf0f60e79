"""Notification workers as real processes on PostgreSQL, sending Web Push to a local push service (its own
process, decrypting every payload): a worker killed during slow sends, again and again, neither loses nor
repeats a push, and two workers sharing the queue never send a delivery twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx

from tests.e2e.conftest import ROOT, Server, free_port, start_server, stop_server
from tests.pg import reset_schema

DATABASE_URL = os.environ.get("QC_TEST_DATABASE_URL", "")
LOGIN = """mutation($u: String!) { login(input: {username: $u, password: "Demo-2026"}) {
  ... on AuthPayload { accessToken } } }"""
REGISTER = """mutation($input: PushSubscriptionInput!) { registerWebPush(input: $input) { __typename } }"""
DECLARE = """mutation($k: String!) { declareProject(input: {idempotencyKey: $k, name: "不动产登记系统升级",
  category: NEW, type: SOFTWARE, requestedAmount: "800000"}) { __typename } }"""
TODOS = "query { center(kind: BUILDER) { todos(first: 100) { edges { node { id stepVersion } } } } }"
DECIDE = """mutation($t: ID!, $v: Int, $k: String!) { decide(input: {idempotencyKey: $k, taskId: $t, verdict: APPROVE,
  expectedVersion: $v}) { __typename } }"""


def _gql(server: Server, query: str, variables: dict, token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.post(
        f"{server.url}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=20
    ).json()


class PushService:
    """tests.providers.webpush_service in its own process, driven over HTTP."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.handle = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.providers.webpush_service", "--port", str(self.port)],
            cwd=ROOT,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/_received", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("the local push service did not start")

    def control(self, name: str, **kwargs: object) -> object:
        return httpx.post(f"{self.url}/_control/{name}", json=kwargs, timeout=5).json()["result"]

    def pushes(self) -> list[dict]:
        return [r for r in httpx.get(f"{self.url}/_received", timeout=5).json() if r.get("kind") == "push"]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "QC_MODE": "development",
        "QC_DEMO_PROJECTS": "0",  # people and bare rows: this test makes its own work and counts it
        "DATABASE_URL": DATABASE_URL,
        "QC_VAR_DIR": str(tmp_path / "var"),  # the server and the workers share the development VAPID key
        "QC_ARGON2_TIME_COST": "1",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",  # no worker inside the server: the workers below do the sending
        "QC_LIVE_POLL_MS": "0",
    }


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "api", "worker"],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env={**os.environ, **env, "QC_NOTIFY_INTERVAL_SECONDS": "1", "QC_NOTIFY_LEASE_SECONDS": "5"},
        start_new_session=True,
        text=True,
    )


def _submit_projects(server: Server, count: int) -> None:
    builder = _gql(server, LOGIN, {"u": "builder"})["data"]["login"]["accessToken"]
    for n in range(count):
        assert _gql(server, DECLARE, {"k": f"n-declare-{n}"}, builder)["data"]["declareProject"]["__typename"] == (
            "ActionDone"
        )
    for n, edge in enumerate(_gql(server, TODOS, {}, builder)["data"]["center"]["todos"]["edges"]):
        node = edge["node"]
        answer = _gql(server, DECIDE, {"t": node["id"], "v": node["stepVersion"], "k": f"n-submit-{n}"}, builder)
        assert answer["data"]["decide"]["__typename"] == "ActionDone"


async def _deliveries() -> list[dict]:
    conn = await asyncpg.connect(DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch("SELECT id, status, attempts, channel, last_error FROM delivery ORDER BY id")
    finally:
        await conn.close()
    return [dict(r) for r in rows]


async def _wait_all_sent(expected: int, within: float = 60) -> list[dict]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        rows = await _deliveries()
        if len(rows) >= expected and all(r["status"] == "SENT" for r in rows):
            return rows
        await asyncio.sleep(0.3)
    raise AssertionError(f"not all sent: {await _deliveries()}")


def _setup(servers: list, tmp_path: Path) -> tuple[Server, PushService]:
    assert DATABASE_URL.startswith("postgres"), "scripts/test runs this on PostgreSQL"
    server = start_server(_env(tmp_path), tmp_path / "server.log")
    servers.append(server)
    push = PushService(tmp_path / "push.log")
    for username in ("data", "data2"):
        token = _gql(server, LOGIN, {"u": username})["data"]["login"]["accessToken"]
        subscription = push.control("subscribe")
        assert _gql(server, REGISTER, {"input": subscription}, token)["data"]["registerWebPush"]["__typename"] == "Done"
    return server, push


async def _started_sends() -> int:
    """Deliveries whose send has started, ever (settled or still in flight)."""
    conn = await asyncpg.connect(DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        return await conn.fetchval("SELECT count(*) FROM delivery WHERE send_started_at IS NOT NULL OR status = 'SENT'")
    finally:
        await conn.close()


async def _received_exactly_once(push: PushService, rows: list[dict], within: float = 30) -> list[str]:
    """Wait for sends still held by the push service to arrive, then check each delivery came once."""
    for _ in range(int(within / 0.3)):
        if len(push.pushes()) >= len(rows):
            break
        await asyncio.sleep(0.3)
    received = [p["payload"]["deliveryId"] for p in push.pushes()]
    assert sorted(received) == sorted(r["id"] for r in rows), "every delivery exactly once at the push service"
    return received


async def test_a_worker_killed_during_slow_sends_ten_times_sends_each_delivery_exactly_once(
    servers, tmp_path: Path
) -> None:
    await reset_schema(DATABASE_URL)
    server, push = _setup(servers, tmp_path)
    try:
        _submit_projects(server, 12)  # 24 pushes wait in the outbox while no worker runs
        # Every push is slow: the service reads it, then answers after 7 s, longer than the 5 s lease.
        push.control("hang_next", count=10_000, seconds=7)
        env = {**_env(tmp_path), "QC_NOTIFY_CONCURRENCY": "2"}
        for kill in range(10):
            before = await _started_sends()
            worker = _worker(env, tmp_path / f"worker-{kill}.log")
            for _ in range(300):  # up to 60 s for this worker to start sends of its own
                if await _started_sends() > before:
                    break
                await asyncio.sleep(0.2)
            else:
                raise AssertionError((tmp_path / f"worker-{kill}.log").read_text())
            await asyncio.sleep(1.0)  # the sends are out, held by the push service
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        # Two workers finish the queue; their sends outlive the lease, so each must keep its claim.
        workers = [_worker(env, tmp_path / f"worker-final-{n}.log") for n in range(2)]
        try:
            rows = await _wait_all_sent(24, within=120)
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=10)
        await _received_exactly_once(push, rows)
        in_doubt = [r for r in rows if r["last_error"].startswith("IN_DOUBT")]
        assert len(in_doubt) >= 10  # each kill left at least one send in doubt, and none was made again
        await asyncio.sleep(8)  # nothing else was on its way
        assert len(push.pushes()) == 24
    finally:
        push.stop()
        stop_server(server)
        await reset_schema(DATABASE_URL)


async def test_two_workers_share_the_queue_without_double_sends(servers, tmp_path: Path) -> None:
    await reset_schema(DATABASE_URL)
    server, push = _setup(servers, tmp_path)
    try:
        _submit_projects(server, 6)
        workers = [_worker(_env(tmp_path), tmp_path / f"worker-{n}.log") for n in range(2)]
        try:
            rows = await _wait_all_sent(12)
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=10)
        sent_ids = [p["payload"]["deliveryId"] for p in push.pushes()]
        assert len(sent_ids) == len(set(sent_ids)) == len(rows) == 12  # each exactly once
        assert all(r["attempts"] == 1 for r in rows)
    finally:
        push.stop()
        stop_server(server)
        await reset_schema(DATABASE_URL)
