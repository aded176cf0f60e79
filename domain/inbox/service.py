"""What a user does with their notifications: preferences, push subscriptions, WeChat subscription quota,
reading, confirming arrival; and what the data bureau does with dead deliveries."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from domain import clock
from domain.audit.service import Origin, record
from domain.inbox.errors import InboxError
from domain.inbox.models import (
    OPEN_DELIVERY,
    REACHED,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    PushSubscription,
    WeChatQuota,
)
from domain.inbox.rules import CHANNELS, FCM, WEBPUSH, parse_clock

MAX_WECHAT_QUOTA = 50  # one-time grants piling up beyond this are of no use to anyone
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class Preferences:
    disabled_channels: tuple[str, ...] = ()
    quiet_start: str | None = None
    quiet_end: str | None = None
    digest: bool = False
    digest_at: str = "08:30"

    @classmethod
    def of(cls, row: dict[str, Any]) -> Preferences:
        return cls(
            tuple(row["disabled_channels"]), row["quiet_start"], row["quiet_end"], row["digest"], row["digest_at"]
        )


async def preferences_of(user_id: int) -> Preferences:
    row = await NotificationPreference.get_or_none(user_id=user_id).values()
    return Preferences.of(row) if row else Preferences()


async def update_preferences(*, user_id: int, preferences: Preferences, origin: Origin) -> Preferences:
    """Validate everything first; a bad value changes nothing."""
    unknown = [c for c in preferences.disabled_channels if c not in CHANNELS]
    if unknown:
        raise InboxError("INVALID_INPUT", field="disabled_channels")
    if (preferences.quiet_start is None) != (preferences.quiet_end is None):
        raise InboxError("INVALID_INPUT", field="quiet_end" if preferences.quiet_end is None else "quiet_start")
    for name in ("quiet_start", "quiet_end"):
        value = getattr(preferences, name)
        if value is not None and parse_clock(value) is None:
            raise InboxError("INVALID_INPUT", field="quiet_start" if name == "quiet_start" else "quiet_end")
    if parse_clock(preferences.digest_at) is None:
        raise InboxError("INVALID_INPUT", field="digest_at")
    values: dict[str, Any] = {
        "disabled_channels": sorted(set(preferences.disabled_channels)),
        "quiet_start": preferences.quiet_start,
        "quiet_end": preferences.quiet_end,
        "digest": preferences.digest,
        "digest_at": preferences.digest_at,
        "updated_at": clock.now(),
    }
    async with in_transaction():
        updated = await NotificationPreference.filter(user_id=user_id).update(**values)
        if not updated:
            await NotificationPreference.create(user_id=user_id, **values)
        await record(
            action="NOTIFICATION_PREFERENCES",
            outcome="SUCCESS",
            origin=origin,
            actor_id=user_id,
            detail={k: v for k, v in values.items() if k != "updated_at"},
        )
    return await preferences_of(user_id)


def _b64url(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def check_web_push(endpoint: str, p256dh: str, auth: str) -> None:
    """A subscription a browser could have made: an https endpoint (http only on this machine), a P-256
    public key (65 bytes, uncompressed) and a 16-byte auth secret."""
    parts = urlsplit(endpoint)
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS)
    if not secure or not parts.hostname or len(endpoint) > 500:
        raise InboxError("INVALID_INPUT", field="endpoint")
    key = _b64url(p256dh)
    if key is None or len(key) != 65 or key[0] != 4:
        raise InboxError("INVALID_INPUT", field="p256dh")
    secret = _b64url(auth)
    if secret is None or len(secret) != 16:
        raise InboxError("INVALID_INPUT", field="auth")


async def register_web_push(*, user_id: int, endpoint: str, p256dh: str, auth: str, origin: Origin) -> None:
    """Register a browser. A device signed in by someone else now belongs to this user."""
    check_web_push(endpoint, p256dh, auth)
    await _subscribe(user_id=user_id, channel=WEBPUSH, endpoint=endpoint, p256dh=p256dh, auth=auth, origin=origin)


async def register_fcm_token(*, user_id: int, token: str, origin: Origin) -> None:
    """Register the Android app's FCM token. A device signed in by someone else now belongs to this user."""
    if not token.strip() or len(token) > 500:
        raise InboxError("INVALID_INPUT", field="token")
    await _subscribe(user_id=user_id, channel=FCM, endpoint=token, p256dh="", auth="", origin=origin)


async def _subscribe(*, user_id: int, channel: str, endpoint: str, p256dh: str, auth: str, origin: Origin) -> None:
    async with in_transaction():
        existing = await PushSubscription.filter(endpoint=endpoint).select_for_update().first()
        if existing is None:
            await PushSubscription.create(
                user_id=user_id, channel=channel, endpoint=endpoint, p256dh=p256dh, auth=auth, created_at=clock.now()
            )
        else:
            await PushSubscription.filter(id=existing.id).update(
                user_id=user_id, p256dh=p256dh, auth=auth, gone_at=None
            )
        await record(
            action="PUSH_SUBSCRIBE",
            outcome="SUCCESS",
            origin=origin,
            actor_id=user_id,
            detail={"channel": channel, "host": urlsplit(endpoint).hostname or "fcm"},
        )


async def unregister_push(*, user_id: int, endpoint: str, origin: Origin) -> None:
    async with in_transaction():
        removed = await PushSubscription.filter(user_id=user_id, endpoint=endpoint).delete()
        if not removed:
            raise InboxError("NOT_FOUND", field="endpoint")
        await record(action="PUSH_UNSUBSCRIBE", outcome="SUCCESS", origin=origin, actor_id=user_id)


async def grant_wechat_quota(
    *, user_id: int, template_ids: Sequence[str], known: Iterable[str], long_term: Iterable[str] = ()
) -> int:
    """The mini-program reports the templates the user tapped "allow" on: one message each, or no count for a
    long-term template (the account qualified for it)."""
    allowed, lasting = set(known), set(long_term)
    if not template_ids or any(t not in allowed for t in template_ids):
        raise InboxError("INVALID_INPUT", field="template_ids")
    now = clock.now()
    async with in_transaction():
        for template in template_ids:
            row = await WeChatQuota.filter(user_id=user_id, template_id=template).select_for_update().first()
            if row is None:
                await WeChatQuota.create(
                    user_id=user_id, template_id=template, remaining=1, updated_at=now, long_term=template in lasting
                )
            else:
                await WeChatQuota.filter(id=row.id).update(
                    remaining=min(row.remaining + 1, MAX_WECHAT_QUOTA), long_term=template in lasting, updated_at=now
                )
    return len(template_ids)


async def mark_read(*, user_id: int, notification_ids: Sequence[int]) -> int:
    """Read: the ladder stops, waiting deliveries are cancelled, delivered ones count as read."""
    now = clock.now()
    async with in_transaction():
        mine = await Notification.filter(
            id__in=list(notification_ids) or [0], user_id=user_id, read_at__isnull=True
        ).values_list("id", flat=True)
        if not mine:
            return 0
        await Notification.filter(id__in=mine).update(read_at=now, next_escalation_at=None, held_for_digest=False)
        await Delivery.filter(notification_id__in=mine, status__in=list(REACHED)).update(
            status=DeliveryStatus.READ, updated_at=now
        )
        await Delivery.filter(notification_id__in=mine, status__in=list(OPEN_DELIVERY)).update(
            status=DeliveryStatus.CANCELLED, updated_at=now
        )
    return len(mine)


async def acknowledge(receipt: str) -> bool:
    """A device confirms a message arrived (the receipt travelled with it). Unknown receipts change nothing."""
    if not receipt or len(receipt) > 64:
        return False
    now = clock.now()
    updated = await Delivery.filter(receipt=receipt, status=DeliveryStatus.SENT).update(
        status=DeliveryStatus.DELIVERED, delivered_at=now, updated_at=now
    )
    return updated > 0


async def retry_dead(*, delivery_id: int, acting_user_id: int, origin: Origin) -> None:
    """The data bureau sends a dead delivery again (after fixing what killed it)."""
    now = clock.now()
    async with in_transaction():
        updated = await Delivery.filter(id=delivery_id, status=DeliveryStatus.DEAD).update(
            status=DeliveryStatus.QUEUED, attempts=0, next_attempt_at=now, lease_until=None, updated_at=now
        )
        if not updated:
            raise InboxError("NOT_FOUND", field="delivery_id")
        await record(
            action="DELIVERY_RETRY",
            outcome="SUCCESS",
            origin=origin,
            actor_id=acting_user_id,
            center="DATA",
            target_type="delivery",
            target_id=str(delivery_id),
        )
