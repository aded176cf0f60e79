"""Events from the outbox become inbox notifications, and notifications become deliveries through the
channels each user can be reached by and asked for.

- Fan-out: once per event and user (a retried event never shows twice). A non-urgent item nudges the user
  once, through the first group of channels that reaches them, after their quiet hours, or waits for their
  daily digest. An urgent item is in the inbox at once and climbs the escalation ladder while unread.
- Sending: deliveries are claimed with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers
  share the queue) and a fencing token (`fence`, raised by every claim), sent outside any transaction with a
  timeout on every call, then recorded. The claimer extends its leases while its sends run, and every write
  it makes afterwards holds only while the row still carries its token. Just before calling the channel it
  marks the send as started; a later claimer (the first worker was killed, or lost its lease) that finds the
  mark does not send again, since the provider may have taken the message and no channel deduplicates: it
  records the delivery as sent, in doubt (`last_error` says so); the inbox keeps the item either way and an
  urgent one keeps climbing its ladder while unread. A worker killed before the mark loses nothing: the next
  claimer sends. Web Push messages also carry a tag, so a device shows a repeat (a timed-out send that
  arrived after all, then retried) once. Failures are retried with exponential backoff and full jitter,
  then declared dead, visible to the data bureau.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from domain import clock
from domain.accounts.models import ExternalIdentity, User
from domain.audit.service import Origin, record
from domain.db import column
from domain.events import concerns
from domain.events.models import Event
from domain.events.service import emit
from domain.inbox import rules
from domain.inbox import service as inbox_service
from domain.inbox.models import (
    OPEN_DELIVERY,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    PushSubscription,
    WeChatQuota,
)
from domain.inbox.service import Preferences
from domain.projects.models import Project
from domain.workflow.models import Task, TaskStatus
from notifications.channels import Channel, ChannelError, Outgoing
from notifications.messages import Message, digest, message_for

BATCH = 100
MAX_ATTEMPTS = 6
BASE_DELAY = 30.0  # seconds; doubled each attempt, with jitter
SEND_TIMEOUT = 10.0
WORKER = Origin(device="notification-worker")
log = logging.getLogger("quancheng.notifications")


@dataclass(frozen=True, slots=True)
class Policy:
    escalation_after: timedelta = timedelta(minutes=30)
    lease: timedelta = timedelta(seconds=60)
    send_timeout: float = SEND_TIMEOUT
    concurrency: int = 16
    max_attempts: int = MAX_ATTEMPTS


@dataclass
class Reach:
    """Where a set of users can be reached, loaded in a few statements for a whole batch."""

    subscriptions: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # user -> (id, channel)
    identities: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # user -> (id, provider)
    phones: dict[int, str] = field(default_factory=dict)
    quota: dict[tuple[int, str], tuple[int, bool]] = field(default_factory=dict)  # (user, template) -> (n, long)
    preferences: dict[int, Preferences] = field(default_factory=dict)

    @classmethod
    async def of(cls, user_ids: Sequence[int], channels: Mapping[str, Channel]) -> Reach:
        """Only what the configured channels can use is read (`targets` skips the others anyway)."""
        users = list(user_ids)
        reach = cls(subscriptions=defaultdict(list), identities=defaultdict(list))
        if not users:
            return reach
        if rules.WEBPUSH in channels or rules.FCM in channels:
            for row in (
                await PushSubscription.filter(user_id__in=users, gone_at__isnull=True)
                .order_by("id")
                .values("id", "user_id", "channel")
            ):
                reach.subscriptions[row["user_id"]].append((row["id"], row["channel"]))
        if rules.DINGTALK in channels or rules.WECHAT in channels:
            for row in await ExternalIdentity.filter(user_id__in=users, gone_at__isnull=True).values(
                "id", "user_id", "provider"
            ):
                reach.identities[row["user_id"]].append((row["id"], row["provider"]))
        if rules.SMS in channels:
            reach.phones = {k: v for k, v in await User.filter(id__in=users).values_list("id", "phone") if v}
        if rules.WECHAT in channels:
            for row in await WeChatQuota.filter(user_id__in=users).values(
                "user_id", "template_id", "remaining", "long_term"
            ):
                reach.quota[(row["user_id"], row["template_id"])] = (row["remaining"], row["long_term"])
        for row in await NotificationPreference.filter(user_id__in=users).values():
            reach.preferences[row["user_id"]] = Preferences.of(row)
        return reach

    def preferences_of(self, user_id: int) -> Preferences:
        return self.preferences.get(user_id, Preferences())

    def targets(
        self, user_id: int, group: Sequence[str], channels: Mapping[str, Channel], kind: str
    ) -> list[tuple[str, str]]:
        """(channel, target) pairs of one group for one user: configured, allowed by the user, reachable."""
        disabled = set(self.preferences_of(user_id).disabled_channels)
        found: list[tuple[str, str]] = []
        for name in group:
            if name not in channels or name in disabled:
                continue
            if name in (rules.WEBPUSH, rules.FCM):
                found += [(name, f"sub:{i}") for i, c in self.subscriptions.get(user_id, []) if c == name]
            elif name in (rules.DINGTALK, rules.WECHAT):
                for identity, provider in self.identities.get(user_id, []):
                    if provider == name and (name != rules.WECHAT or self._wechat_allowed(user_id, channels, kind)):
                        found.append((name, f"ext:{identity}"))
                if found and name == rules.DINGTALK:
                    break  # DingTalk reached them: no WeChat on top
            elif name == rules.SMS and user_id in self.phones:
                found.append((name, "phone"))
        return found

    def _wechat_allowed(self, user_id: int, channels: Mapping[str, Channel], kind: str) -> bool:
        template = _template(channels.get(rules.WECHAT), kind)
        if template is None:
            return False
        remaining, long_term = self.quota.get((user_id, template), (0, False))
        return long_term or remaining > 0


def _template(channel: Channel | None, kind: str) -> str | None:
    finder = getattr(channel, "template_for", None)
    return finder(kind) if finder else None


async def _queue(note: Notification, targets: Sequence[tuple[str, str]], at: datetime, step: int = 0) -> int:
    """One delivery per target, written in one statement (a browser-rich user has several)."""
    now = clock.now()
    if targets:
        await Delivery.bulk_create(
            [
                Delivery(
                    notification=note,
                    channel=channel,
                    target=target,
                    step=step,
                    next_attempt_at=at,
                    receipt=secrets.token_urlsafe(24),
                    created_at=now,
                    updated_at=now,
                )
                for channel, target in targets
            ]
        )
    return len(targets)


def _first_group(reach: Reach, user_id: int, channels: Mapping[str, Channel], kind: str) -> list[tuple[str, str]]:
    for group in rules.IMMEDIATE_GROUPS:
        targets = reach.targets(user_id, group, channels, kind)
        if targets:
            return targets
    return []


async def fan_out(channels: Mapping[str, Channel], policy: Policy | None = None) -> int:
    """Turn unprocessed events into notifications (once per event and user) and queued deliveries."""
    policy = policy or Policy()
    created = 0
    async with in_transaction() as conn:
        query = Event.filter(published_at__isnull=True).order_by("id").limit(BATCH)
        if conn.capabilities.dialect == "postgres":
            query = query.select_for_update(skip_locked=True)
        events = await query
        if not events:
            return 0
        now = clock.now()
        projects = {e.project_id for e in events if e.project_id}
        names = dict(await Project.filter(id__in=projects).values_list("id", "name")) if projects else {}
        plans = [(event, await concerns.told(event)) for event in events]
        reach = await Reach.of(sorted({user for _, found in plans for user in found}), channels)
        told = (
            set(await Notification.filter(event_id__in=[e.id for e in events]).values_list("event_id", "user_id"))
            if any(found for _, found in plans)
            else set()
        )
        for event, found in plans:
            for user_id, who in sorted(found.items()):
                message = message_for(
                    event.kind,
                    names.get(event.project_id, ""),
                    event.payload or {},
                    event.project_id,
                    task_id=who.task_id,
                    acts=who.acts,
                )
                if message is None or (event.id, user_id) in told:
                    continue  # nobody is told of this kind, or a retried event: never twice
                created += await _notify(user_id, message, event, reach, channels, policy, now)
        if events:
            await Event.filter(id__in=[e.id for e in events]).update(published_at=now)
    return created


async def _notify(
    user_id: int,
    message: Message,
    event: Event | None,
    reach: Reach,
    channels: Mapping[str, Channel],
    policy: Policy,
    now: datetime,
) -> int:
    preferences = reach.preferences_of(user_id)
    held = preferences.digest and not message.urgent and event is not None
    note = await Notification.create(
        user_id=user_id,
        event_id=event.id if event else None,
        kind=event.kind if event else "digest",
        title=message.title,
        body=message.body,
        title_en=message.title_en,
        body_en=message.body_en,
        link=message.link,
        urgent=message.urgent,
        project_id=event.project_id if event else None,
        task_id=message.task_id,
        created_at=now,
        held_for_digest=held,
        next_escalation_at=now + policy.escalation_after if message.urgent else None,
    )
    if not message.urgent and not held:
        at = rules.quiet_until(now, preferences.quiet_start, preferences.quiet_end)
        await _queue(note, _first_group(reach, user_id, channels, note.kind), at)
    # the open app hears of it at once (the live relay reads the outbox; nobody else is told of this kind)
    await emit("notification.created", user_id=user_id, notification_id=note.id, urgent=message.urgent)
    return 1


async def escalate_due(channels: Mapping[str, Channel], policy: Policy | None = None) -> int:
    """Climb one step for every urgent item still unread and not acted on; stop the others."""
    policy = policy or Policy()
    climbed = 0
    async with in_transaction() as conn:
        now = clock.now()
        query = Notification.filter(next_escalation_at__lte=now).order_by("id").limit(BATCH)
        if conn.capabilities.dialect == "postgres":
            query = query.select_for_update(skip_locked=True)
        due = await query
        if not due:
            return 0
        open_tasks = set(
            await Task.filter(id__in=[n.task_id for n in due if n.task_id] or [0], status=TaskStatus.OPEN).values_list(
                "id", flat=True
            )
        )
        reach = await Reach.of(sorted({n.user_id for n in due}), channels)
        for note in due:
            if note.read_at is not None or (note.task_id is not None and note.task_id not in open_tasks):
                await Notification.filter(id=note.id).update(next_escalation_at=None)
                await Delivery.filter(notification_id=note.id, status__in=list(OPEN_DELIVERY)).update(
                    status=DeliveryStatus.CANCELLED, updated_at=now
                )
                continue
            step, targets = note.escalation_step, list[tuple[str, str]]()
            while step < rules.LAST_STEP and not targets:
                step += 1
                targets = reach.targets(note.user_id, rules.LADDER[step], channels, note.kind)
            await _queue(note, targets, now, step=step)
            more = step < rules.LAST_STEP
            await Notification.filter(id=note.id).update(
                escalation_step=step, next_escalation_at=now + policy.escalation_after if more else None
            )
            await record(
                action="ESCALATION_STEP",
                outcome="QUEUED" if targets else "UNREACHABLE",
                origin=WORKER,
                target_type="notification",
                target_id=str(note.id),
                detail={
                    "step": step,
                    "channels": sorted({c for c, _ in targets}),
                    "user": note.user_id,
                    "task": note.task_id,
                },
            )
            climbed += 1
    return climbed


async def send_digests(channels: Mapping[str, Channel], policy: Policy | None = None) -> int:
    """Once a day at each user's chosen time: one message listing what waited for them."""
    policy = policy or Policy()
    now = clock.now()
    today = rules.china_date(now)
    sent = 0
    for row in await NotificationPreference.filter(digest=True).values("user_id", "digest_at", "last_digest_on"):
        if not rules.digest_due(now, row["digest_at"], row["last_digest_on"]):
            continue
        async with in_transaction():
            claimed = await NotificationPreference.filter(
                Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today), user_id=row["user_id"]
            ).update(last_digest_on=today)
            if not claimed:
                continue  # another worker took it
            held = (
                await Notification.filter(user_id=row["user_id"], held_for_digest=True)
                .order_by("id")
                .values("id", "title", "title_en")
            )
            if not held:
                continue
            await Notification.filter(id__in=[h["id"] for h in held]).update(held_for_digest=False)
            reach = await Reach.of([row["user_id"]], channels)
            message = digest([h["title"] for h in held], [h["title_en"] for h in held])
            await _notify(row["user_id"], message, None, reach, channels, policy, now)
            sent += 1
    return sent


def backoff(attempt: int, rng: random.Random) -> timedelta:
    """Exponential backoff with full jitter: up to BASE_DELAY * 2^(attempt-1) seconds."""
    return timedelta(seconds=rng.uniform(0.5, 1.0) * BASE_DELAY * 2 ** (attempt - 1))


async def _claim(policy: Policy) -> dict[int, int]:
    """Claim due deliveries and lapsed claims: {delivery id: this claim's fencing token}."""
    async with in_transaction() as conn:
        now = clock.now()
        query = (
            Delivery.filter(
                Q(status__in=list(OPEN_DELIVERY), next_attempt_at__lte=now)
                | Q(status=DeliveryStatus.SENDING, lease_until__lt=now)
            )
            .order_by("id")
            .limit(BATCH)
        )
        if conn.capabilities.dialect == "postgres":
            query = query.select_for_update(skip_locked=True)
        # Model rows, not values_list: Tortoise drops FOR UPDATE SKIP LOCKED from a values query, and
        # then two workers would claim the same rows (the fence kept the sends single, the work doubled).
        # The rows stay ours until the commit (locked on PostgreSQL; the embedded database has one connection,
        # held by this transaction), so the token each gets is the one read plus one: no second read.
        claimed = {row.id: row.fence + 1 for row in await query}
        if not claimed:
            return {}
        await Delivery.filter(id__in=list(claimed)).update(
            status=DeliveryStatus.SENDING, lease_until=now + policy.lease, fence=F("fence") + 1
        )
        return claimed


def _held(fences: Mapping[int, int]) -> Q:
    """The rows still carrying the tokens this worker was given."""
    return Q(*(Q(id=delivery, fence=fence) for delivery, fence in fences.items()), join_type="OR")


async def _keep_leases(fences: dict[int, int], policy: Policy) -> None:
    """Extend the leases of the claims still sending, every third of a lease, until cancelled."""
    while True:
        await asyncio.sleep(policy.lease.total_seconds() / 3)
        if not fences:
            continue
        try:
            await Delivery.filter(_held(fences), status=DeliveryStatus.SENDING).update(
                lease_until=clock.now() + policy.lease
            )
        except Exception:  # a database hiccup: the next beat tries again; the fence still guards the writes
            log.exception("extending delivery leases failed")


async def _settle_in_doubt(rows: Sequence[dict[str, Any]], fences: Mapping[int, int]) -> None:
    """Claims whose previous claimer started the send and never recorded it: sent, in doubt, not resent."""
    for row in rows:
        taken = await Delivery.filter(id=row["id"], fence=fences[row["id"]]).update(
            status=DeliveryStatus.SENT,
            attempts=row["attempts"] + 1,
            sent_at=row["send_started_at"],
            send_started_at=None,
            lease_until=None,
            updated_at=clock.now(),
            last_error="IN_DOUBT: the worker sending it stopped before recording the answer; not sent again",
        )
        if taken:
            log.warning("delivery %s was being sent by a worker that stopped: not sent again", row["id"])


async def _addresses(rows: Sequence[dict[str, Any]], phones: Mapping[int, str | None]) -> dict[int, dict[str, str]]:
    """The address of each delivery as it is now (a re-registered browser gets the message); a kind of
    address no delivery of the batch needs is not read."""
    subs = {int(r["target"][4:]) for r in rows if r["target"].startswith("sub:")}
    exts = {int(r["target"][4:]) for r in rows if r["target"].startswith("ext:")}
    sub_rows = (
        {
            s["id"]: s
            for s in await PushSubscription.filter(id__in=list(subs), gone_at__isnull=True).values(
                "id", "channel", "endpoint", "p256dh", "auth"
            )
        }
        if subs
        else {}
    )
    ext_rows = (
        dict(await ExternalIdentity.filter(id__in=list(exts), gone_at__isnull=True).values_list("id", "subject"))
        if exts
        else {}
    )
    found: dict[int, dict[str, str]] = {}
    for row in rows:
        kind, _, key = row["target"].partition(":")
        if kind == "sub" and int(key) in sub_rows:
            sub = sub_rows[int(key)]
            found[row["id"]] = (
                {"token": sub["endpoint"]}
                if sub["channel"] == rules.FCM
                else {"endpoint": sub["endpoint"], "p256dh": sub["p256dh"], "auth": sub["auth"]}
            )
        elif kind == "ext" and int(key) in ext_rows:
            name = "userid" if row["channel"] == rules.DINGTALK else "openid"
            found[row["id"]] = {name: ext_rows[int(key)]}
        elif kind == "phone" and (phone := phones.get(row["notification__user_id"])):
            found[row["id"]] = {"phone": phone}
    return found


async def deliver_due(
    channels: Mapping[str, Channel], *, rng: random.Random | None = None, policy: Policy | None = None
) -> int:
    """Send every due delivery once, batch after batch until none is left to claim; failures are retried
    later, then declared dead. Returns how many were sent."""
    policy = policy or Policy()
    rng = rng or random.Random()  # noqa: S311  (jitter spreads retries; it guards no secret)
    sent = 0
    while True:
        # A batch that sent nothing (all read meanwhile, in doubt or failed) does not mean the queue is empty.
        claimed, batch = await _deliver_batch(channels, rng, policy)
        sent += batch
        if not claimed:
            return sent


async def _deliver_batch(channels: Mapping[str, Channel], rng: random.Random, policy: Policy) -> tuple[int, int]:
    """Claim one batch and send it: (claimed, sent)."""
    fences = await _claim(policy)
    if not fences:
        return 0, 0
    claimed = len(fences)
    keeper = asyncio.create_task(_keep_leases(fences, policy))
    try:
        rows = (
            await Delivery.filter(id__in=list(fences))
            .order_by("id")
            .values(
                "id",
                "channel",
                "target",
                "attempts",
                "receipt",
                "send_started_at",
                "notification__user_id",
                "notification__kind",
                "notification__title",
                "notification__body",
                "notification__title_en",
                "notification__body_en",
                "notification__link",
                "notification__urgent",
                "notification__read_at",
            )
        )
        await _settle_in_doubt([r for r in rows if r["send_started_at"] is not None], fences)
        rows = [r for r in rows if r["send_started_at"] is None]
        people = (
            await User.filter(id__in={r["notification__user_id"] for r in rows}).values("id", "locale", "phone")
            if rows
            else []
        )
        addresses = await _addresses(rows, {p["id"]: p["phone"] for p in people})
        languages = {p["id"]: p["locale"] for p in people}

        async def one(row: dict[str, Any], started: set[int]) -> bool:
            try:
                return await _send(
                    row,
                    fences[row["id"]],
                    channels,
                    addresses.get(row["id"]),
                    languages,
                    policy,
                    rng,
                    started=row["id"] in started,
                )
            finally:
                fences.pop(row["id"], None)

        results: list[bool] = []
        for first in range(0, len(rows), policy.concurrency):  # `concurrency` sends at once
            wave = rows[first : first + policy.concurrency]
            sendable = [r for r in wave if r["notification__read_at"] is None and r["channel"] in channels]
            started = await _mark_started([r for r in sendable if r["id"] in addresses], fences)
            results += await asyncio.gather(*(one(row, started) for row in wave))
    finally:
        keeper.cancel()
    return claimed, sum(results)


async def _mark_started(rows: Sequence[dict[str, Any]], fences: Mapping[int, int]) -> set[int]:
    """Mark the sends of a wave as started, in one statement, just before they are made: the ids still held.
    A row another worker claimed meanwhile is left out (its own send then finds it taken)."""
    if not rows:
        return set()
    mine = {row["id"]: fences[row["id"]] for row in rows}
    now = clock.now()
    if await Delivery.filter(_held(mine)).update(send_started_at=now) == len(mine):
        return set(mine)
    return set(await column(Delivery.filter(_held(mine), send_started_at=now).values_list("id", flat=True)))


async def _send(
    row: dict[str, Any],
    fence: int,
    channels: Mapping[str, Channel],
    address: dict[str, str] | None,
    languages: dict[int, str],
    policy: Policy,
    rng: random.Random,
    *,
    started: bool = False,
) -> bool:
    """Send one claimed delivery and record the answer under its token; `started`: its send is already marked
    as started (by `_mark_started`), otherwise it is marked here."""
    now = clock.now()
    mine = Delivery.filter(id=row["id"], fence=fence)
    if row["notification__read_at"] is not None:
        await mine.update(status=DeliveryStatus.CANCELLED, lease_until=None, updated_at=now)
        return False
    user_id = row["notification__user_id"]
    english = languages.get(user_id) == "en"
    channel = channels.get(row["channel"])
    quota: tuple[str, bool] | None = None
    try:
        if channel is None:
            raise ChannelError(f"channel {row['channel']} is not configured", permanent=True)
        if address is None:
            raise ChannelError("the address is gone", permanent=True, reason="GONE")
        if not started and not await Delivery.filter(id=row["id"], fence=fence).update(send_started_at=now):
            log.warning("delivery %s was claimed by another worker before its send: left to it", row["id"])
            return False
        if row["channel"] == rules.WECHAT:
            quota = await _take_wechat_quota(user_id, _template(channel, row["notification__kind"]))
        sent = await asyncio.wait_for(
            channel.send(
                Outgoing(
                    delivery_id=row["id"],
                    user_id=user_id,
                    kind=row["notification__kind"],
                    title=row["notification__title_en" if english else "notification__title"],
                    body=row["notification__body_en" if english else "notification__body"],
                    link=row["notification__link"],
                    urgent=row["notification__urgent"],
                    address=address,
                    receipt=row["receipt"] or "",
                    language="en" if english else "zh-CN",
                )
            ),
            policy.send_timeout,
        )
    except (ChannelError, TimeoutError) as failure:
        reason = getattr(failure, "reason", "TIMEOUT")
        permanent = getattr(failure, "permanent", False)
        if quota is not None and reason == "QUOTA":  # WeChat says none is left, whatever we counted
            await WeChatQuota.filter(user_id=user_id, template_id=quota[0], long_term=False).update(remaining=0)
        elif quota is not None and not quota[1]:  # not sent: the grant is still the user's
            await WeChatQuota.filter(user_id=user_id, template_id=quota[0]).update(remaining=F("remaining") + 1)
        await _failed(row, fence, reason, str(failure) or type(failure).__name__, permanent, policy, rng)
        return False
    status = DeliveryStatus.DELIVERED if sent.delivered else DeliveryStatus.SENT
    recorded = await Delivery.filter(id=row["id"], fence=fence).update(
        status=status,
        attempts=row["attempts"] + 1,
        provider_id=sent.provider_id[:200],
        sent_at=now,
        delivered_at=now if sent.delivered else None,
        lease_until=None,
        send_started_at=None,
        updated_at=now,
    )
    if not recorded:
        log.warning("delivery %s was sent, but another worker had claimed it meanwhile and settled it", row["id"])
    return True


async def _take_wechat_quota(user_id: int, template: str | None) -> tuple[str, bool]:
    """One one-time grant is used per message; a long-term subscription has no count."""
    if template is None:
        raise ChannelError("no WeChat template for this kind of message", permanent=True)
    row = await WeChatQuota.get_or_none(user_id=user_id, template_id=template)
    if row is not None and row.long_term:
        return template, True
    taken = await WeChatQuota.filter(user_id=user_id, template_id=template, remaining__gt=0).update(
        remaining=F("remaining") - 1
    )
    if not taken:
        raise ChannelError("no WeChat subscription left for this template", permanent=True, reason="QUOTA")
    return template, False


async def _failed(
    row: dict[str, Any], fence: int, reason: str, text: str, permanent: bool, policy: Policy, rng: random.Random
) -> None:
    now = clock.now()
    attempt = row["attempts"] + 1
    kind, _, key = row["target"].partition(":")
    if reason == "GONE" and key.isdigit():
        model = PushSubscription if kind == "sub" else ExternalIdentity
        await model.filter(id=int(key), gone_at__isnull=True).update(gone_at=now)
    dead = permanent or attempt >= policy.max_attempts
    await Delivery.filter(id=row["id"], fence=fence).update(
        status=DeliveryStatus.DEAD if dead else DeliveryStatus.FAILED,
        attempts=attempt,
        lease_until=None,
        send_started_at=None,
        last_error=f"{reason}: {text}"[:300],
        updated_at=now,
        next_attempt_at=now + backoff(attempt, rng),
    )


RECEIPT_WINDOW = timedelta(days=1)
_JITTER = random.Random()  # noqa: S311  (spreads retries; it guards no secret)


async def collect_receipts(channels: Mapping[str, Channel], policy: Policy | None = None) -> int:
    """Ask the providers that say so who got and who read what was sent (DingTalk work notifications).
    Read in DingTalk counts as read: the inbox item is marked and its escalation ladder stops."""
    policy = policy or Policy()
    channel = channels.get(rules.DINGTALK)
    ask = getattr(channel, "delivery_status", None)
    if ask is None:
        return 0
    now = clock.now()
    rows = (
        await Delivery.filter(
            channel=rules.DINGTALK,
            status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED],
            sent_at__gte=now - RECEIPT_WINDOW,
        )
        .exclude(provider_id="")
        .values("id", "provider_id", "target", "notification_id", "fence")
    )
    if not rows:
        return 0
    subjects = dict(
        await ExternalIdentity.filter(id__in=[int(r["target"][4:]) for r in rows]).values_list("id", "subject")
    )
    changed = 0
    for task_id in sorted({r["provider_id"] for r in rows}):
        try:
            status = await asyncio.wait_for(ask(task_id), policy.send_timeout)
        except (ChannelError, TimeoutError):
            continue  # asked again next pass, while within the window
        for row in (r for r in rows if r["provider_id"] == task_id):
            userid = subjects.get(int(row["target"][4:]))
            if userid in status.read:
                note = await Notification.get(id=row["notification_id"])
                await inbox_service.mark_read(user_id=note.user_id, notification_ids=[note.id])
                changed += 1
            elif userid in status.unread:
                await Delivery.filter(id=row["id"], status=DeliveryStatus.SENT).update(
                    status=DeliveryStatus.DELIVERED, delivered_at=now, updated_at=now
                )
                changed += 1
            elif userid in status.invalid or userid in status.forbidden:
                await _failed(
                    {**row, "attempts": 0, "notification__user_id": 0},
                    row["fence"],
                    "GONE",
                    "DingTalk could not reach this userid",
                    True,
                    policy,
                    _JITTER,
                )
                changed += 1
    return changed
