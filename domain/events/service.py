"""Emitting events into the outbox (always inside the transaction of the change), and the doorbell that
tells this process's notification worker an event was written."""

from __future__ import annotations

import asyncio
from typing import Any

from domain import clock
from domain.events.models import Event

# PostgreSQL's NOTIFY channel: a trigger on `event` (migration 0012) notifies it once per committing
# transaction, so workers in other processes wake on commit.
COMMIT_CHANNEL = "qc_outbox"


class Doorbell:
    """Wakes whoever waits on it; a ring while nobody waits is kept for the next wait."""

    def __init__(self) -> None:
        self._rung = False
        self._waiters: set[asyncio.Future[None]] = set()

    def ring(self) -> None:
        self._rung = True
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait(self, at_most: float) -> bool:
        """True when rung (now or since the last wait), False after `at_most` seconds of quiet."""
        if not self._rung:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait_for(waiter, at_most)
            except TimeoutError:
                return False
            finally:
                self._waiters.discard(waiter)
        self._rung = False
        return True


# In the embedded SQLite mode a transaction holds the only connection, so a worker woken before the
# commit reads the event as soon as it is committed; on PostgreSQL the commit's NOTIFY rings it again.
outbox_bell = Doorbell()


async def emit(kind: str, *, project_id: int | None = None, **payload: Any) -> Event:
    """Write one event row; it leaves only when the caller's transaction commits."""
    event = await Event.create(kind=kind, project_id=project_id, payload=payload, created_at=clock.now())
    outbox_bell.ring()
    return event
