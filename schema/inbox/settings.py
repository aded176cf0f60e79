"""Notification settings over GraphQL: channels, quiet hours and digest, push subscriptions, WeChat
subscription quota, arrival receipts, the public configuration clients need before signing in, and the
dead letters the data bureau retries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import strawberry

from domain.accounts.models import User as UserRow
from domain.inbox import rules
from domain.inbox import service as inbox
from domain.inbox.models import Delivery, DeliveryStatus
from schema.accounts.types import User
from schema.projects.escalation import DeliveryStatusEnum, NotificationChannel
from schema.shared import ids
from schema.shared.actions import GUARD, action, object_key
from schema.shared.pagination import Connection, Edge, PageInfo, after_key, cursor, page_size
from schema.shared.permissions import HoldsDataBureau, signed_in
from schema.shared.results import Done, InboxRefusal

DoneResult = Annotated[Done | InboxRefusal, strawberry.union("DoneResult")]
DONE = Done(ok=True)


@strawberry.type
class ChannelSetting:
    channel: NotificationChannel
    enabled: bool = strawberry.field(description="The user has not switched it off.")
    available: bool = strawberry.field(description="This server has the channel configured.")


@strawberry.type
class NotificationSettings:
    channels: list[ChannelSetting]
    quiet_start: str | None = strawberry.field(
        description="Quiet hours start, HH:MM China time (urgent items ignore them)."
    )
    quiet_end: str | None
    digest: bool = strawberry.field(description="Non-urgent items wait for one daily digest.")
    digest_at: str


@strawberry.type(description="What a client may know before signing in.")
class PublicConfig:
    web_push_public_key: str | None = strawberry.field(description="VAPID applicationServerKey (base64url).")
    dingtalk_corp_id: str | None
    wechat_app_id: str | None


@strawberry.type(description="One notification through one channel to one address.")
class DeliveryView:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Delivery", self.row["id"]))

    @strawberry.field
    def channel(self) -> NotificationChannel:
        return NotificationChannel(self.row["channel"])

    @strawberry.field
    def status(self) -> DeliveryStatusEnum:
        return DeliveryStatus(self.row["status"])

    @strawberry.field(description="The escalation step that sent it (0: sent at once).")
    def step(self) -> int:
        return self.row["step"]

    @strawberry.field
    def attempts(self) -> int:
        return self.row["attempts"]

    @strawberry.field
    def last_error(self) -> str:
        return self.row["last_error"]

    @strawberry.field
    def created_at(self) -> datetime | None:
        return self.row["created_at"]

    @strawberry.field
    def sent_at(self) -> datetime | None:
        return self.row["sent_at"]

    @strawberry.field
    def delivered_at(self) -> datetime | None:
        return self.row["delivered_at"]

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.row["updated_at"]


@strawberry.type(description="A delivery given up on: who was not reached, through what, and why.")
class DeadLetter:
    delivery: DeliveryView
    title: str
    kind: str
    user: User | None


@strawberry.input
class NotificationSettingsInput:
    disabled_channels: list[NotificationChannel]
    quiet_start: str | None = None
    quiet_end: str | None = None
    digest: bool = False
    digest_at: str = "08:30"


@strawberry.input
class PushSubscriptionInput:
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True, slots=True)
class Public:
    """Set by the app from its settings: what channels run here and what clients may know."""

    channels: frozenset[str] = frozenset()
    web_push_public_key: str | None = None
    dingtalk_corp_id: str | None = None
    wechat_app_id: str | None = None
    wechat_templates: frozenset[str] = frozenset()
    wechat_long_term: frozenset[str] = frozenset()


def _public(info: strawberry.Info) -> Public:
    return getattr(info.context, "public", None) or Public()


async def dead_letter_page(info: strawberry.Info, first: int | None, after: str | None) -> Connection[DeadLetter]:
    locale = info.context.locale
    limit = page_size(first, locale)
    query = Delivery.filter(status=DeliveryStatus.DEAD)
    total = await query.count()
    start = after_key(after, locale)
    page = query.order_by("-id")
    if start is not None:
        page = page.filter(id__lt=start)
    rows = await page.limit(limit + 1).values(
        "id",
        "channel",
        "status",
        "step",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "delivered_at",
        "updated_at",
        "notification__title",
        "notification__kind",
        "notification__user_id",
    )
    users = {u.id: User(row=u) for u in await UserRow.filter(id__in=[r["notification__user_id"] for r in rows])}
    edges = [
        Edge(
            cursor=cursor(r["id"]),
            node=DeadLetter(
                delivery=DeliveryView(row=r),
                title=r["notification__title"],
                kind=r["notification__kind"],
                user=users.get(r["notification__user_id"]),
            ),
        )
        for r in rows[:limit]
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(rows) > limit, end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )


@strawberry.type
class NotifyQueries:
    @strawberry.field(description="What a client may know before signing in (push key, DingTalk corp id).")
    def public_config(self, info: strawberry.Info) -> PublicConfig:
        public = _public(info)
        return PublicConfig(
            web_push_public_key=public.web_push_public_key,
            dingtalk_corp_id=public.dingtalk_corp_id,
            wechat_app_id=public.wechat_app_id,
        )

    @strawberry.field(permission_classes=GUARD, description="Your channels, quiet hours and digest.")
    async def my_notification_settings(self, info: strawberry.Info) -> NotificationSettings:
        prefs = await inbox.preferences_of(signed_in(info).user.id)
        available = _public(info).channels
        return NotificationSettings(
            channels=[
                ChannelSetting(
                    channel=NotificationChannel(c), enabled=c not in prefs.disabled_channels, available=c in available
                )
                for c in rules.CHANNELS
            ],
            quiet_start=prefs.quiet_start,
            quiet_end=prefs.quiet_end,
            digest=prefs.digest,
            digest_at=prefs.digest_at,
        )


@strawberry.type
class NotifyMutations:
    @action("Your channels, quiet hours and digest.")
    async def update_notification_settings(self, info: strawberry.Info, input: NotificationSettingsInput) -> DoneResult:
        preferences = inbox.Preferences(
            disabled_channels=tuple(c.value for c in input.disabled_channels),
            quiet_start=input.quiet_start or None,
            quiet_end=input.quiet_end or None,
            digest=input.digest,
            digest_at=input.digest_at,
        )
        await inbox.update_preferences(
            user_id=signed_in(info).user.id, preferences=preferences, origin=info.context.origin
        )
        return DONE

    @action("Receive Web Push on this browser.")
    async def register_web_push(self, info: strawberry.Info, input: PushSubscriptionInput) -> DoneResult:
        await inbox.register_web_push(
            user_id=signed_in(info).user.id,
            endpoint=input.endpoint,
            p256dh=input.p256dh,
            auth=input.auth,
            origin=info.context.origin,
        )
        return DONE

    @action("Receive FCM messages in the Android app.")
    async def register_fcm_token(self, info: strawberry.Info, token: str) -> DoneResult:
        await inbox.register_fcm_token(user_id=signed_in(info).user.id, token=token, origin=info.context.origin)
        return DONE

    @action("Stop Web Push (or FCM) on this device.")
    async def unregister_web_push(self, info: strawberry.Info, endpoint: str) -> DoneResult:
        await inbox.unregister_push(user_id=signed_in(info).user.id, endpoint=endpoint, origin=info.context.origin)
        return DONE

    @action("The mini-program reports the subscribe-message templates the user allowed (one message each).")
    async def record_wechat_subscriptions(self, info: strawberry.Info, template_ids: list[str]) -> DoneResult:
        public = _public(info)
        await inbox.grant_wechat_quota(
            user_id=signed_in(info).user.id,
            template_ids=template_ids,
            known=public.wechat_templates,
            long_term=public.wechat_long_term,
        )
        return DONE

    @strawberry.mutation(description="A device confirms a push arrived (no sign-in: the receipt is the proof).")
    async def acknowledge_notification(self, receipt: str) -> bool:
        return await inbox.acknowledge(receipt)

    @action("Send a dead delivery again (data bureau).", permission_classes=[HoldsDataBureau])
    async def retry_delivery(self, info: strawberry.Info, delivery_id: strawberry.ID) -> DoneResult:
        await inbox.retry_dead(
            delivery_id=object_key(delivery_id, "Delivery", "deliveryId"),
            acting_user_id=signed_in(info).user.id,
            origin=info.context.origin,
        )
        return DONE
