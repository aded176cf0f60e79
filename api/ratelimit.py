"""Fixed-window rate limits: in Redis when configured (shared by workers), in memory otherwise."""

from __future__ import annotations

import time

from redis.asyncio import Redis


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
