"""Fixed-window rate limits: in Redis when configured (shared by workers), in memory otherwise, and in
memory for as long as a configured Redis is unreachable (logged), back to Redis once it answers again."""

from __future__ import annotations

import logging
import time

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("quancheng.ratelimit")
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class MemoryRateLimiter:
    """Per-process counters; enough for the embedded single-process mode."""

    def __init__(self, *, limit: int, window_seconds: int = 60) -> None:
        self.limit = limit
        self.window = window_seconds
        self._counts: dict[tuple[str, int], int] = {}

    def reset(self) -> None:
        self._counts.clear()

    async def hit(self, key: str) -> bool:
        window = int(time.time() // self.window)
        if len(self._counts) > 10_000:
            self._counts = {k: v for k, v in self._counts.items() if k[1] == window}
        count = self._counts.get((key, window), 0) + 1
        self._counts[(key, window)] = count
        return count <= self.limit


class RedisRateLimiter:
    """Counters in Redis (INCR + EXPIRE in one round trip), shared by every worker."""

    def __init__(self, redis: Redis, *, limit: int, window_seconds: int = 60, prefix: str = "qc:rl:") -> None:
        self.redis = redis
        self.limit = limit
        self.window = window_seconds
        self.prefix = prefix

    async def hit(self, key: str) -> bool:
        window = int(time.time() // self.window)
        name = f"{self.prefix}{key}:{window}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, self.window * 2)
            count, _ = await pipe.execute()
        return int(count) <= self.limit


class FallbackRateLimiter:
    """Redis's shared counters while Redis answers; a per-process limiter while it does not.

    After a failure Redis is left alone for `retry_seconds` (no sign-in waits on a dead server's
    timeouts); the next hit after that tries it again and, when it answers, shared limits resume.
    """

    def __init__(self, redis: Redis, *, limit: int, window_seconds: int = 60, retry_seconds: float = 2.0) -> None:
        self.shared = RedisRateLimiter(redis, limit=limit, window_seconds=window_seconds)
        self.local = MemoryRateLimiter(limit=limit, window_seconds=window_seconds)
        self.retry_seconds = retry_seconds
        self._down_until: float | None = None

    @property
    def degraded(self) -> bool:
        """True while the per-process limiter stands in for Redis."""
        return self._down_until is not None

    def reset(self) -> None:
        self.local.reset()

    async def hit(self, key: str) -> bool:
        if self._down_until is not None and time.monotonic() < self._down_until:
            return await self.local.hit(key)
        try:
            allowed = await self.shared.hit(key)
        except REDIS_DOWN as error:
            if self._down_until is None:
                log.warning("Redis unreachable (%s): sign-in limits are per process until it is back", error)
            self._down_until = time.monotonic() + self.retry_seconds
            return await self.local.hit(key)
        if self._down_until is not None:
            log.warning("Redis is back: sign-in limits are shared again")
            self._down_until = None
            self.local.reset()
        return allowed
