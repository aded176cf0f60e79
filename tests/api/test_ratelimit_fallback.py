"""Redis is optional at run time: with a real redis-server stopped under it, sign-in limits fall back to a
per-process limiter (logged) and return to the shared counters once Redis answers again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette

from api.app import make_redis
from api.ratelimit import FallbackRateLimiter
from tests.redis_server import RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


async def test_limits_fall_back_while_redis_is_away_and_return_when_it_is_back(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    # given shared limits of 3 a minute in a real Redis
    client = make_redis(redis_server.url)
    limiter = FallbackRateLimiter(client, limit=3, retry_seconds=0.2)
    assert [await limiter.hit("login:198.51.100.1") for _ in range(2)] == [True, True]
    (key,) = redis_server.keys("qc:rl:login:198.51.100.1:*")
    assert redis_server.get(key.decode()) == b"2"

    # when Redis goes away
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="quancheng.ratelimit"):
        away = [await limiter.hit("login:198.51.100.1") for _ in range(4)]

    # then sign-ins are still counted, per process, and the switch is logged
    assert away == [True, True, True, False]
    assert limiter.degraded
    assert any("per process" in r.getMessage() for r in caplog.records)

    # when Redis is back (empty: it kept nothing), the shared counters are used again
    redis_server.start()
    await asyncio.sleep(0.25)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="quancheng.ratelimit"):
        assert await limiter.hit("login:198.51.100.1") is True
    assert not limiter.degraded
    (key,) = redis_server.keys("qc:rl:login:198.51.100.1:*")
    assert redis_server.get(key.decode()) == b"1"
    assert any("back" in r.getMessage() for r in caplog.records)
    await client.aclose()


async def test_sign_in_works_while_redis_is_stopped(
    app: Starlette, demo: None, sign_in, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the app's sign-in limiter on a Redis that then stops
    client = make_redis(redis_server.url)
    monkeypatch.setattr(app.state.graphql.login_limiter, "backend", FallbackRateLimiter(client, limit=1000))
    assert (await sign_in("data"))["__typename"] == "AuthPayload"
    redis_server.stop()

    # when people sign in, then they get in (and a wrong password still gets its typed answer)
    assert (await sign_in("data"))["__typename"] == "AuthPayload"
    assert (await sign_in("finance"))["__typename"] == "AuthPayload"
    wrong = await sign_in("data", password="Wrong-2026x")
    assert wrong["code"] == "INVALID_CREDENTIALS"
    await client.aclose()
