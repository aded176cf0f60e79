"""Live updates: outbox events fanned out to the signed-in users they concern.

In-process: one relay polls the outbox and delivers to this process's subscribers. With Redis:
one process at a time (a leader lease) polls the outbox and publishes; every process listens on
the channel and delivers to its own subscribers, so a change made through one worker reaches a
phone connected to another.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass

import orjson
from redis.asyncio import Redis

from domain.events import concerns
from domain.events.models import Event

log = logging.getLogger("quancheng.live")
CHANNEL = "qc:live"
LEADER_KEY = "qc:live:leader"
LEASE_MS = 5000
QUEUE_SIZE = 100


@dataclass(frozen=True, slots=True)
class LiveEvent:
    event_id: int
    kind: str
    project_id: int | None


class LiveHub:
    def __init__(self, redis: Redis | None = None, redis_url: str | None = None, poll_seconds: float = 0.5) -> None:
        self.redis = redis
        self.redis_url = redis_url
        self.poll_seconds = poll_seconds
        self.subscribers: dict[int, set[asyncio.Queue[LiveEvent]]] = defaultdict(set)
        self.last_id = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._identity = f"{os.getpid()}:{id(self)}"

    async def start(self) -> None:
        last = await Event.all().order_by("-id").first()
        self.last_id = last.id if last else 0
        self._tasks.append(asyncio.create_task(self._relay()))
        if self.redis is not None:
            self._tasks.append(asyncio.create_task(self._listen()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def subscribe(self, user_id: int) -> AsyncIterator[LiveEvent]:
        queue: asyncio.Queue[LiveEvent] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.subscribers[user_id].add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self.subscribers[user_id].discard(queue)

    def deliver(self, event: LiveEvent, users: set[int]) -> None:
        for user_id in users:
            for queue in self.subscribers.get(user_id, ()):
                if queue.full():  # a stalled client loses the oldest update, never blocks the others
                    queue.get_nowait()
                queue.put_nowait(event)

    async def _lead(self) -> bool:
        if self.redis is None:
            return True
        held = await self.redis.set(LEADER_KEY, self._identity, nx=True, px=LEASE_MS)
        if held:
            return True
        if _text(await self.redis.get(LEADER_KEY)) == self._identity:
            await self.redis.pexpire(LEADER_KEY, LEASE_MS)
            return True
        return False

    async def _relay(self) -> None:
        while True:
            try:
                if await self._lead():
                    for row in await Event.filter(id__gt=self.last_id).order_by("id").limit(200):
                        users = set(await concerns.concerned(row))
                        event = LiveEvent(row.id, row.kind, row.project_id)
                        self.last_id = row.id
                        if self.redis is None:
                            self.deliver(event, users)
                        else:
                            message = {
                                "id": event.event_id,
                                "kind": event.kind,
                                "project": event.project_id,
                                "users": sorted(users),
                            }
                            await self.redis.publish(CHANNEL, orjson.dumps(message))
            except Exception:  # the relay must outlive a database or Redis hiccup; it retries next tick
                log.exception("live relay failed")
            await asyncio.sleep(self.poll_seconds)

    async def _listen(self) -> None:
        while True:
            # Its own connection with no read timeout: a quiet channel is not an error.
            listener = Redis.from_url(self.redis_url or "", socket_connect_timeout=2, health_check_interval=30)
            try:
                async with listener.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") != "message":
                            continue
                        data = orjson.loads(message["data"])
                        self.last_id = max(self.last_id, data["id"])
                        self.deliver(LiveEvent(data["id"], data["kind"], data["project"]), set(data["users"]))
            except Exception:  # reconnect after a Redis restart
                log.exception("live listener lost Redis; reconnecting")
                await asyncio.sleep(1)
            finally:
                await listener.aclose()


def _text(value: bytes | str | None) -> str:
    """A Redis reply as text, whether or not the client decodes responses."""
    return value.decode() if isinstance(value, bytes) else (value or "")
