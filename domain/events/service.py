"""Emitting events into the outbox (always inside the transaction of the change)."""

from __future__ import annotations

from typing import Any

from domain import clock
from domain.events.models import Event


async def emit(kind: str, *, project_id: int | None = None, **payload: Any) -> Event:
    """Write one event row; it leaves only when the caller's transaction commits."""
    return await Event.create(kind=kind, project_id=project_id, payload=payload, created_at=clock.now())
