"""The escalation ladder as evidence: which steps were taken for an urgent item, through what, and when."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from domain.accounts.models import User as UserRow
from domain.inbox import rules
from domain.inbox.models import Delivery, DeliveryStatus, Notification


@strawberry.enum(description="Ways a notification reaches a phone besides the in-app inbox.")
class NotificationChannel(Enum):
    WEBPUSH = rules.WEBPUSH
    FCM = rules.FCM
    WECHAT = rules.WECHAT
    DINGTALK = rules.DINGTALK
    SMS = rules.SMS


DeliveryStatusEnum = DeliveryStatus
strawberry.enum(DeliveryStatusEnum, name="DeliveryStatus")


@strawberry.type(description="One step of the escalation ladder of an urgent item: the evidence of a 督办.")
class EscalationStep:
    step: int
    channel: NotificationChannel
    status: DeliveryStatusEnum
    at: datetime
    user_name: str
    read_at: datetime | None


async def escalation_of(notification_filter: dict[str, Any], *, with_task: bool = False) -> list[Any]:
    """The ladder steps taken for the urgent notifications matching the filter, oldest first."""
    notes = await Notification.filter(urgent=True, **notification_filter).values("id", "user_id", "read_at", "task_id")
    if not notes:
        return []
    by_id = {n["id"]: n for n in notes}
    names = dict(await UserRow.filter(id__in=[n["user_id"] for n in notes]).values_list("id", "display_name"))
    rows = (
        await Delivery.filter(notification_id__in=list(by_id), step__gt=0)
        .order_by("id")
        .values("notification_id", "channel", "status", "step", "created_at", "updated_at")
    )
    steps = [
        EscalationStep(
            step=r["step"],
            channel=NotificationChannel(r["channel"]),
            status=DeliveryStatus(r["status"]),
            at=r["created_at"] or r["updated_at"],
            user_name=names.get(by_id[r["notification_id"]]["user_id"], ""),
            read_at=by_id[r["notification_id"]]["read_at"],
        )
        for r in rows
    ]
    if with_task:
        return [(by_id[r["notification_id"]]["task_id"], step) for r, step in zip(rows, steps, strict=True)]
    return steps


async def escalations_by_task(task_ids: list[int]) -> list[list[EscalationStep]]:
    """DataLoader batch: the ladder steps about each to-do (one statement set for a whole page)."""
    steps = await escalation_of({"task_id__in": list(task_ids) or [0]}, with_task=True)
    found: dict[int, list[EscalationStep]] = {}
    for task_id, step in steps:
        found.setdefault(task_id, []).append(step)
    return [found.get(t, []) for t in task_ids]
