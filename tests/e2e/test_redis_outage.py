"""Redis stopped under a running server (real processes: the server, a redis-server of the test's own):
sign-ins and approvals keep working, sign-in limits fall back to the process (logged), and the shared
limits in Redis resume once it is back."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.e2e.conftest import start_server, stop_server
from tests.e2e.test_notify_workers import DATABASE_URL, DECIDE, DECLARE, LOGIN, TODOS, _gql
from tests.pg import reset_schema
from tests.redis_server import RedisServer

DATA_TODOS = "query { center(kind: DATA) { todos(first: 100) { edges { node { id stepVersion } } } } }"


def _token(server, username: str) -> str | None:
    answer = _gql(server, LOGIN, {"u": username})
    return ((answer.get("data") or {}).get("login") or {}).get("accessToken")


async def test_sign_ins_and_approvals_keep_working_while_redis_is_stopped(servers, tmp_path: Path) -> None:
    assert DATABASE_URL.startswith("postgres"), "scripts/test runs this on PostgreSQL"
    await reset_schema(DATABASE_URL)
    redis = RedisServer(tmp_path).start()
    env = {
        "QC_MODE": "development",
        "QC_DEMO_PROJECTS": "0",  # people and bare rows: this test makes its own work and counts it
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis.url,
        "QC_VAR_DIR": str(tmp_path / "var"),
        "QC_ARGON2_TIME_COST": "1",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",
    }
    try:
        # given a server on Redis, with a builder's projects declared
        server = start_server(env, tmp_path / "server.log")
        servers.append(server)
        builder = _token(server, "builder")
        assert builder and redis.keys("qc:rl:*")  # the attempt was counted in Redis
        for n in range(3):
            declared = _gql(server, DECLARE, {"k": f"outage-declare-{n}"}, builder)
            assert declared["data"]["declareProject"]["__typename"] == "ActionDone"

        # when Redis stops
        redis.stop()

        # then people still sign in, and approvals (here: submissions) still land
        for username in ("data", "finance", "builder"):
            assert _token(server, username), username
        builder = _token(server, "builder")
        edges = _gql(server, TODOS, {}, builder)["data"]["center"]["todos"]["edges"]
        assert len(edges) == 3
        for n, edge in enumerate(edges):
            node = edge["node"]
            answer = _gql(server, DECIDE, {"t": node["id"], "v": node["stepVersion"], "k": f"outage-{n}"}, builder)
            assert answer["data"]["decide"]["__typename"] == "ActionDone"
        # and an official's approval too: the data bureau approves each intake
        data = _token(server, "data")
        intakes = _gql(server, DATA_TODOS, {}, data)["data"]["center"]["todos"]["edges"]
        assert len(intakes) == 3
        for n, edge in enumerate(intakes):
            node = edge["node"]
            answer = _gql(server, DECIDE, {"t": node["id"], "v": node["stepVersion"], "k": f"outage-intake-{n}"}, data)
            assert answer["data"]["decide"]["__typename"] == "ActionDone"
        assert "per process" in server.output()

        # when Redis is back (empty), the shared counters are used again
        redis.start()
        for _ in range(5):  # the limiter tries Redis again within seconds
            assert _token(server, "data")
            if redis.keys("qc:rl:*"):
                break
            await asyncio.sleep(1)
        assert redis.keys("qc:rl:*")
        assert "shared again" in server.output()
        stop_server(server)
    finally:
        redis.stop()
        await reset_schema(DATABASE_URL)


async def test_the_server_starts_and_signs_people_in_while_redis_is_away(servers, tmp_path: Path) -> None:
    assert DATABASE_URL.startswith("postgres"), "scripts/test runs this on PostgreSQL"
    await reset_schema(DATABASE_URL)
    redis = RedisServer(tmp_path)  # configured, not started
    env = {
        "QC_MODE": "development",
        "QC_DEMO_PROJECTS": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis.url,
        "QC_VAR_DIR": str(tmp_path / "var"),
        "QC_ARGON2_TIME_COST": "1",
        "QC_SCAN_INTERVAL_SECONDS": "0",
        "QC_NOTIFY_INTERVAL_SECONDS": "0",
    }
    try:
        # when the server starts while Redis is away, it is ready and people sign in (limits per process)
        server = start_server(env, tmp_path / "server.log")
        servers.append(server)
        assert _token(server, "builder")
        assert "Redis unreachable at start" in server.output()
        # and once Redis comes, the shared limits are used
        redis.start()
        for _ in range(5):
            assert _token(server, "data")
            if redis.keys("qc:rl:*"):
                break
            await asyncio.sleep(1)
        assert redis.keys("qc:rl:*")
        stop_server(server)
    finally:
        redis.stop()
        await reset_schema(DATABASE_URL)
