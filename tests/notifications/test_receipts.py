"""What a provider tells afterwards: DingTalk says who read a work notification; read there counts as read,
so the escalation ladder stops before SMS; a userid DingTalk cannot reach is forgotten."""

from __future__ import annotations

from datetime import timedelta

from domain.accounts.models import ExternalIdentity, User
from domain.inbox.models import Delivery, DeliveryStatus, Notification
from notifications.channels import RecordingChannel
from notifications.channels.dingtalk import DingTalkChannel
from notifications.pipeline import Policy
from notifications.worker import run_once
from tests.notifications.test_pipeline import bind, overdue
from tests.providers.dingtalk import DingTalkServer


async def test_read_in_dingtalk_stops_the_ladder(demo, frozen_clock) -> None:
    with DingTalkServer() as server:
        server.add_user("ding-data")
        channel = DingTalkChannel(
            server.appkey, server.appsecret, server.agent_id, app_url="https://qc.example.cn", base_url=server.url
        )
        try:
            data = await bind("data", "dingtalk", "ding-data")
            await User.filter(id=data).update(phone="13800000001")
            await overdue(frozen_clock)
            sending = {"dingtalk": channel, "sms": RecordingChannel(name="sms")}
            policy = Policy(escalation_after=timedelta(minutes=30))
            await run_once(sending, policy)
            urgent = await Notification.get(user_id=data, kind="task.overdue", urgent=True)
            frozen_clock.advance(minutes=31)
            await run_once(sending, policy)  # no push subscription: straight to DingTalk (step 2)
            sent = await Delivery.get(notification_id=urgent.id, channel="dingtalk")
            assert sent.step == 2 and sent.status is DeliveryStatus.SENT and sent.provider_id
            await run_once(sending, policy)
            assert (await Delivery.get(id=sent.id)).status is DeliveryStatus.DELIVERED  # DingTalk: unread
            server.mark_read(int(sent.provider_id), "ding-data")
            await run_once(sending, policy)
            assert (await Delivery.get(id=sent.id)).status is DeliveryStatus.READ
            assert (await Notification.get(id=urgent.id)).read_at is not None
            frozen_clock.advance(hours=2)
            await run_once(sending, policy)
            assert sending["sms"].sent == []  # read: no SMS
        finally:
            await channel.aclose()


async def test_a_userid_dingtalk_cannot_reach_is_forgotten(demo, frozen_clock) -> None:
    with DingTalkServer() as server:
        channel = DingTalkChannel(
            server.appkey, server.appsecret, server.agent_id, app_url="https://qc.example.cn", base_url=server.url
        )
        try:
            await bind("data", "dingtalk", "left-the-bureau")  # not a DingTalk user any more
            from tests.factories import advance, declare

            await advance(await declare(), 1)
            await run_once({"dingtalk": channel})
            await run_once({"dingtalk": channel})
            delivery = await Delivery.get(channel="dingtalk")
            assert delivery.status is DeliveryStatus.DEAD and delivery.last_error.startswith("GONE")
            assert await ExternalIdentity.filter(gone_at__isnull=True).count() == 0
        finally:
            await channel.aclose()
