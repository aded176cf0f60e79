"""Writing the audit trail. Records are only ever added, never changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import clock
from domain.audit.models import AuditRecord


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an action came from: the caller's address and device."""

    ip: str | None = None
    device: str | None = None


async def record(
    *,
    action: str,
    outcome: str,
    origin: Origin,
    actor_id: int | None = None,
    actor_name: str | None = None,
    center: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one audit record (inside the caller's transaction when there is one)."""
    return await AuditRecord.create(
        at=clock.now(),
        actor_id=actor_id,
        actor_name=actor_name,
        center=center,
        action=action,
        outcome=outcome,
        ip=origin.ip,
        device=(origin.device or "")[:255] or None,
        target_type=target_type,
        target_id=target_id,
        detail=detail or {},
    )
