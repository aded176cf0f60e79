"""Events from the outbox become inbox notifications and queued deliveries; deliveries are sent with
retries (exponential backoff with jitter) until sent or dead. Safe with several workers on PostgreSQL
(rows are claimed with FOR UPDATE SKIP LOCKED); a worker killed mid-way loses nothing: unclaimed
events and unsent deliveries are picked up by the next pass."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from datetime import timedelta

from tortoise.transactions import in_transaction

from domain import clock
from domain.events.models import Event
from domain.inbox.models import Delivery, DeliveryStatus, Notification
from domain.projects.models import Project
from domain.workflow.models import Task, TaskStatus
from notifications.channels import Channel, ChannelError, Outgoing
from notifications.messages import message_for

BATCH = 100
MAX_ATTEMPTS = 6
BASE_DELAY = 30.0  # seconds; doubled each attempt, with jitter
SEND_TIMEOUT = 10.0


async def recipients(event: Event) -> set[int]:
    """Who must act or is concerned: the holders of the project's open tasks, plus named users."""
    users: set[int] = set()
    payload = event.payload or {}
    for name in ("assignee_id", "expert_user_id"):
        if isinstance(payload.get(name), int):
            users.add(payload[name])
    if event.kind == "step.opened" and payload.get("step_run_id"):
        users.update(await Task.filter(step_run_id=payload["step_run_id"], status=TaskStatus.OPEN).values_list(
            "assignee_id", flat=True))  # fmt: skip
    if event.kind in ("decision.return", "project.completed") and event.project_id:
        project = await Project.get_or_none(id=event.project_id)
        if project and project.declared_by_id:
            users.add(project.declared_by_id)
    if event.kind == "decision.urge" and isinstance(payload.get("task_id"), int):
        task = await Task.get_or_none(id=payload["task_id"])
        if task:
            users.add(task.assignee_id)
    return users


async def fan_out(channels: Sequence[str]) -> int:
    """Turn unprocessed events into notifications (once per event and user) and queued deliveries."""
    created = 0
    async with in_transaction() as conn:
        query = Event.filter(published_at__isnull=True).order_by("id").limit(BATCH)
        if conn.capabilities.dialect == "postgres":
            query = query.select_for_update(skip_locked=True)
        events = await query
        now = clock.now()
        names = dict(await Project.filter(id__in=[e.project_id for e in events if e.project_id] or [0])
                     .values_list("id", "name"))  # fmt: skip
        for event in events:
            message = message_for(event.kind, names.get(event.project_id, ""), event.payload or {}, event.project_id)
            if message is not None:
                for user_id in sorted(await recipients(event)):
                    if await Notification.filter(event_id=event.id, user_id=user_id).exists():
                        continue  # a retried event never shows twice
                    notification = await Notification.create(
                        user_id=user_id, event_id=event.id, kind=event.kind, title=message.title, body=message.body,
                        title_en=message.title_en, body_en=message.body_en, link=message.link,
                        urgent=message.urgent, created_at=now,
                    )  # fmt: skip
                    for channel in channels:
                        await Delivery.create(notification=notification, channel=channel, next_attempt_at=now,
                                              updated_at=now)  # fmt: skip
                    created += 1
            await Event.filter(id=event.id).update(published_at=now)
    return created


def backoff(attempt: int, rng: random.Random) -> timedelta:
    """Exponential backoff with full jitter: up to BASE_DELAY * 2^(attempt-1) seconds."""
    return timedelta(seconds=rng.uniform(0.5, 1.0) * BASE_DELAY * 2 ** (attempt - 1))


async def deliver_due(channels: dict[str, Channel], *, rng: random.Random | None = None) -> int:
    """Send every due delivery once; failures are retried later, then declared dead."""
    rng = rng or random.Random()  # noqa: S311  (jitter spreads retries; it guards no secret)
    sent = 0
    async with in_transaction() as conn:
        query = Delivery.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED],
                                next_attempt_at__lte=clock.now()).order_by("id").limit(BATCH)  # fmt: skip
        if conn.capabilities.dialect == "postgres":
            query = query.select_for_update(skip_locked=True)
        due = await query.prefetch_related("notification")
        for delivery in due:
            channel = channels.get(delivery.channel)
            note = delivery.notification
            attempt = delivery.attempts + 1
            now = clock.now()
            try:
                if channel is None:
                    raise ChannelError(f"channel {delivery.channel} is not configured", permanent=True)
                await asyncio.wait_for(
                    channel.send(
                        Outgoing(
                            user_id=note.user_id, title=note.title, body=note.body, link=note.link, urgent=note.urgent
                        )
                    ),
                    SEND_TIMEOUT,
                )
            except (ChannelError, TimeoutError) as failure:
                dead = attempt >= MAX_ATTEMPTS or getattr(failure, "permanent", False)
                await Delivery.filter(id=delivery.id).update(
                    status=DeliveryStatus.DEAD if dead else DeliveryStatus.FAILED, attempts=attempt,
                    last_error=str(failure)[:300] or type(failure).__name__, updated_at=now,
                    next_attempt_at=now + backoff(attempt, rng),
                )  # fmt: skip
                continue
            await Delivery.filter(id=delivery.id).update(status=DeliveryStatus.SENT, attempts=attempt, updated_at=now)
            sent += 1
    return sent
