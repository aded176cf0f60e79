"""Outbox events become inbox notifications once per event and user; each is nudged through the channels the
user can be reached by and asked for; deliveries retry with backoff, then die; urgent items escalate."""

from __future__ import annotations

import asyncio
import base64
import os
import random
from dataclasses import dataclass, field
from datetime import timedelta

from domain import clock, ids
from domain.accounts.models import ExternalIdentity, User
from domain.actions.errors import ActionRefused
from domain.audit.models import AuditRecord
from domain.events.models import Event
from domain.inbox import service as inbox
from domain.inbox.models import Delivery, DeliveryStatus, Notification, PushSubscription, WeChatQuota
from domain.inbox.rules import CHINA
from domain.workflow import scanner
from domain.workflow.models import StepRun, Task, TaskKind, TaskStatus
from notifications import pipeline
from notifications.channels import ChannelError, Outgoing, RecordingChannel, Sent
from notifications.pipeline import MAX_ATTEMPTS, Policy, deliver_due, escalate_due, fan_out, send_digests
from notifications.worker import run_once
from tests.factories import advance, approve, declare, open_tasks, user_id


def _key() -> str:
    return base64.urlsafe_b64encode(b"\x04" + os.urandom(64)).decode().rstrip("=")


def _auth() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")


async def subscribe(username: str, n: int = 1) -> int:
    user = await user_id(username)
    for i in range(n):
        await PushSubscription.create(
            user_id=user,
            channel="webpush",
            endpoint=f"http://127.0.0.1:1/push/{user}-{i}",
            p256dh=_key(),
            auth=_auth(),
            created_at=clock.now(),
        )
    return user


async def bind(username: str, provider: str, subject: str) -> int:
    user = await user_id(username)
    await ExternalIdentity.create(provider=provider, subject=subject, user_id=user, bound_at=clock.now())
    return user


@dataclass
class WeChatRecording(RecordingChannel):
    templates: dict[str, str] = field(default_factory=lambda: {"step.opened": "TPL-TODO", "digest": "TPL-TODO"})

    def template_for(self, kind: str) -> str | None:
        return self.templates.get(kind)


@dataclass
class Hanging(RecordingChannel):
    async def send(self, message: Outgoing) -> Sent:
        await asyncio.sleep(5)
        return Sent()


def channels(*names: str) -> dict[str, RecordingChannel]:
    return {name: (WeChatRecording(name=name) if name == "wechat" else RecordingChannel(name=name)) for name in names}


async def test_a_new_step_notifies_its_signers_once_with_a_link_to_their_own_todo(demo) -> None:
    project = await advance(await declare(), 1)  # submitted: the bureau's intake opens
    data, data2 = await user_id("data"), await user_id("data2")
    created = await fan_out({})
    intake = await StepRun.get(project_id=project.id, step_key="intake")
    tasks = dict(await Task.filter(step_run_id=intake.id, status=TaskStatus.OPEN).values_list("assignee_id", "id"))
    inbox_rows = await Notification.filter(kind="step.opened", user_id__in=[data, data2]).values("user_id", "link")
    assert {(r["user_id"], r["link"]) for r in inbox_rows} == {
        (data, f"/todos/{ids.encode('Task', tasks[data])}"),
        (data2, f"/todos/{ids.encode('Task', tasks[data2])}"),
    }
    assert created >= 2
    assert await fan_out({}) == 0  # processed events are not taken again ...
    await Event.all().update(published_at=None)  # ... and a re-delivered event never shows twice
    await fan_out({})
    assert await Notification.filter(user_id=data, kind="step.opened").count() == 1


async def test_one_nudge_through_push_when_subscribed_else_the_work_app(demo) -> None:
    data = await subscribe("data", 2)  # two browsers
    data2 = await bind("data2", "dingtalk", "ding-data2")
    await advance(await declare(), 1)
    sending = channels("webpush", "dingtalk", "sms")
    await fan_out(sending)
    assert await deliver_due(sending) == 3
    to_data = [m for m in sending["webpush"].sent if m.user_id == data]
    assert len(to_data) == 2 and {m.address["endpoint"] for m in to_data} == {
        s.endpoint for s in await PushSubscription.filter(user_id=data)
    }
    assert all(m.receipt and m.link.startswith("/todos/") for m in to_data)
    assert [m.address for m in sending["dingtalk"].sent] == [{"userid": "ding-data2"}]
    assert sending["sms"].sent == []  # never SMS for a plain to-do
    assert not [m for m in sending["webpush"].sent if m.user_id == data2]


async def test_a_batch_that_sends_nothing_does_not_end_the_draining(demo, monkeypatch) -> None:
    # given two pushes claimed one at a time, the first read before it was sent
    data, data2 = await subscribe("data"), await subscribe("data2")
    await advance(await declare(), 1)
    sending = channels("webpush")
    await fan_out(sending)
    first = await Delivery.filter(channel="webpush").order_by("id").first().prefetch_related("notification")
    await Notification.filter(id=first.notification_id).update(read_at=clock.now())
    monkeypatch.setattr(pipeline, "BATCH", 1)

    # when the due deliveries are sent
    sent = await deliver_due(sending)

    # then the read one is cancelled, and the next batch goes out in the same pass, not a poll later
    assert sent == 1
    assert (await Delivery.get(id=first.id)).status is DeliveryStatus.CANCELLED
    assert [m.user_id for m in sending["webpush"].sent] == [data2 if first.notification.user_id == data else data]


async def test_statuses_sent_delivered_read(demo) -> None:
    await subscribe("data")
    await advance(await declare(), 1)
    sending = channels("webpush")
    await fan_out(sending)
    await deliver_due(sending)
    delivery = await Delivery.filter(channel="webpush").first()
    assert delivery.status is DeliveryStatus.SENT and delivery.provider_id
    assert await inbox.acknowledge(delivery.receipt) is True  # the service worker confirms arrival
    assert (await Delivery.get(id=delivery.id)).status is DeliveryStatus.DELIVERED
    assert await inbox.acknowledge("not-a-receipt") is False
    note = await Notification.get(id=delivery.notification_id)
    assert await inbox.mark_read(user_id=note.user_id, notification_ids=[note.id]) == 1
    assert (await Delivery.get(id=delivery.id)).status is DeliveryStatus.READ


async def test_a_failing_channel_is_retried_with_backoff_then_dead(demo, frozen_clock) -> None:
    await subscribe("data")
    await advance(await declare(), 1)
    sending = {"webpush": RecordingChannel(name="webpush", failures=[ChannelError("HTTP 503")] * MAX_ATTEMPTS)}
    await fan_out(sending)
    first = await Delivery.get(channel="webpush")
    rng = random.Random(1)
    assert await deliver_due(sending, rng=rng) == 0
    failed = await Delivery.get(id=first.id)
    assert (failed.status, failed.attempts, failed.last_error) == (DeliveryStatus.FAILED, 1, "PROVIDER: HTTP 503")
    assert timedelta(seconds=15) <= failed.next_attempt_at - failed.updated_at <= timedelta(seconds=30)
    assert await deliver_due(sending, rng=rng) == 0  # not due yet: backing off
    assert (await Delivery.get(id=first.id)).attempts == 1
    for _ in range(MAX_ATTEMPTS - 1):
        frozen_clock.advance(days=1)
        await deliver_due(sending, rng=rng)
    dead = await Delivery.get(id=first.id)
    assert (dead.status, dead.attempts) == (DeliveryStatus.DEAD, MAX_ATTEMPTS)
    await inbox.retry_dead(delivery_id=dead.id, acting_user_id=await user_id("data"), origin=inbox.Origin())
    assert await deliver_due(sending) == 1  # the data bureau sent it again, after the provider came back
    assert await AuditRecord.filter(action="DELIVERY_RETRY").count() == 1


async def test_retry_then_success_and_timeouts_are_retried(demo, frozen_clock) -> None:
    await subscribe("data")
    await advance(await declare(), 1)
    sending = {"webpush": RecordingChannel(name="webpush", failures=[ChannelError("reset", reason="TIMEOUT")])}
    await fan_out(sending)
    await deliver_due(sending)
    frozen_clock.advance(hours=1)
    await deliver_due(sending)
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 1
    hanging = {"webpush": Hanging(name="webpush")}
    await Delivery.all().update(status=DeliveryStatus.QUEUED)
    started = asyncio.get_running_loop().time()
    await deliver_due(hanging, policy=Policy(send_timeout=0.2))
    assert asyncio.get_running_loop().time() - started < 2
    timed_out = await Delivery.get(channel="webpush")
    assert timed_out.status is DeliveryStatus.FAILED and timed_out.last_error.startswith("TIMEOUT")


async def test_permanent_errors_and_gone_addresses(demo) -> None:
    data = await subscribe("data")
    await advance(await declare(), 1)
    sending = {
        "webpush": RecordingChannel(name="webpush", failures=[ChannelError("410", permanent=True, reason="GONE")])
    }
    await fan_out(sending)
    await deliver_due(sending)
    dead = await Delivery.get(channel="webpush")
    assert dead.status is DeliveryStatus.DEAD and dead.attempts == 1
    assert await PushSubscription.filter(user_id=data, gone_at__isnull=True).count() == 0  # forgotten
    await deliver_due({})  # a gone address is never used again
    assert await Delivery.filter(status=DeliveryStatus.QUEUED).count() == 0


async def test_a_channel_not_configured_any_more_makes_its_deliveries_dead(demo) -> None:
    await subscribe("data")
    await advance(await declare(), 1)
    await fan_out(channels("webpush"))
    await deliver_due({})
    assert await Delivery.filter(status=DeliveryStatus.DEAD).count() == await Delivery.all().count() == 1
    assert "not configured" in (await Delivery.first()).last_error


async def test_a_killed_worker_s_claim_lapses_and_the_next_pass_sends(demo, frozen_clock) -> None:
    await subscribe("data")
    await advance(await declare(), 1)
    sending = channels("webpush")
    await fan_out(sending)
    lease = timedelta(seconds=30)
    await Delivery.all().update(status=DeliveryStatus.SENDING, lease_until=(clock.now()) + lease)  # claimed, died
    assert await deliver_due(sending) == 0  # the claim still holds: nobody sends twice
    frozen_clock.advance(seconds=31)
    assert await deliver_due(sending) == 1
    assert (await Delivery.first()).status is DeliveryStatus.SENT


async def test_disabled_channels_are_skipped_and_quiet_hours_wait(demo, frozen_clock) -> None:
    data = await subscribe("data")
    await bind("data", "dingtalk", "ding-data")
    origin = inbox.Origin()
    await inbox.update_preferences(
        user_id=data,
        preferences=inbox.Preferences(disabled_channels=("webpush",), quiet_start="08:00", quiet_end="12:00"),
        origin=origin,
    )
    await advance(await declare(), 1)  # 09:00 China time: inside the quiet hours
    sending = channels("webpush", "dingtalk")
    await fan_out(sending)
    queued = await Delivery.get(notification__user_id=data)
    assert queued.channel == "dingtalk"  # push switched off: the work app instead
    assert await deliver_due(sending) == 0  # waits for the end of the quiet hours
    assert queued.next_attempt_at.astimezone(CHINA).strftime("%H:%M") == "12:00"
    frozen_clock.advance(hours=3, minutes=1)
    assert await deliver_due(sending) == 1


async def test_bad_preferences_change_nothing(demo) -> None:
    data = await user_id("data")
    origin = inbox.Origin()
    for bad, field_name in (
        (inbox.Preferences(disabled_channels=("pigeon",)), "disabled_channels"),
        (inbox.Preferences(quiet_start="22:00"), "quiet_end"),
        (inbox.Preferences(quiet_start="25:00", quiet_end="07:00"), "quiet_start"),
        (inbox.Preferences(digest=True, digest_at="8.30"), "digest_at"),
    ):
        try:
            await inbox.update_preferences(user_id=data, preferences=bad, origin=origin)
        except ActionRefused as error:
            assert (error.code, error.field) == ("INVALID_INPUT", field_name)
        else:
            raise AssertionError(f"{bad} was accepted")
    assert await inbox.preferences_of(data) == inbox.Preferences()


async def test_the_daily_digest_holds_non_urgent_items_and_goes_once(demo, frozen_clock) -> None:
    data = await subscribe("data")
    await inbox.update_preferences(
        user_id=data, preferences=inbox.Preferences(digest=True, digest_at="18:00"), origin=inbox.Origin()
    )
    project = await advance(await declare(), 1)
    await advance(await declare(), 1)
    sending = channels("webpush")
    await fan_out(sending)
    held = await Notification.filter(user_id=data, held_for_digest=True).count()
    assert held == 2 and await Delivery.filter(notification__user_id=data).count() == 0
    assert await send_digests(sending) == 0  # 09:00: not yet
    frozen_clock.advance(hours=9)
    assert await send_digests(sending) == 1
    assert await send_digests(sending) == 0  # once a day
    await deliver_due(sending)
    digest = [m for m in sending["webpush"].sent if m.user_id == data]
    assert len(digest) == 1 and digest[0].title == "每日摘要：2 条未读通知" and digest[0].link == "/inbox"
    assert project


async def overdue(frozen_clock, username: str = "data") -> Task:  # type: ignore[no-untyped-def]
    """The user's intake task left alone until it is red, and the scan that opens its 督办."""
    await advance(await declare(), 1)
    await fan_out({})
    frozen_clock.advance(days=30)
    await scanner.scan()
    mine = await Task.filter(kind=TaskKind.ACTION, assignee_id=await user_id(username), status=TaskStatus.OPEN).first()
    assert await Task.filter(kind=TaskKind.SUPERVISION, subject_task_id=mine.id).exists()
    return mine


async def test_the_escalation_ladder_climbs_one_step_at_a_time_until_read(demo, frozen_clock) -> None:
    data = await user_id("data")
    await subscribe("data")
    await bind("data", "dingtalk", "ding-data")
    await User.filter(id=data).update(phone="13800000001")
    await inbox.update_preferences(
        user_id=data, preferences=inbox.Preferences(quiet_start="00:00", quiet_end="23:59"), origin=inbox.Origin()
    )
    task = await overdue(frozen_clock)
    await Notification.all().delete()
    await Event.filter(kind="task.overdue").update(published_at=None)
    sending = channels("webpush", "dingtalk", "sms")
    policy = Policy(escalation_after=timedelta(minutes=30))
    await run_once(sending, policy)
    urgent = await Notification.get(user_id=task.assignee_id, kind="task.overdue", urgent=True)
    assert urgent.urgent and urgent.escalation_step == 0
    assert await Delivery.filter(notification_id=urgent.id).count() == 0  # step 0: in the inbox only
    steps = []
    for _ in range(3):
        frozen_clock.advance(minutes=31)
        await run_once(sending, policy)
        steps.append(sorted(await Delivery.filter(notification_id=urgent.id).values_list("step", "channel")))
    assert steps[0] == [(1, "webpush")]  # quiet hours do not hold an urgent item back
    assert steps[1] == [(1, "webpush"), (2, "dingtalk")]
    assert steps[2] == [(1, "webpush"), (2, "dingtalk"), (3, "sms")]
    assert [m.address for m in sending["sms"].sent] == [{"phone": "13800000001"}]
    frozen_clock.advance(hours=2)
    assert await escalate_due(sending, policy) == 0  # the top of the ladder
    records = await AuditRecord.filter(action="ESCALATION_STEP").order_by("seq").values_list("detail", flat=True)
    assert [r["step"] for r in records if r["user"] == data] == [1, 2, 3]
    # someone reachable nowhere: the ladder records that, step by step to the top, instead of waiting silently
    assert [r["step"] for r in records if r["user"] != data] == [3]


async def test_the_ladder_stops_when_read_or_acted_on(demo, frozen_clock) -> None:
    data = await subscribe("data")
    await bind("data", "dingtalk", "ding-data")
    task = await overdue(frozen_clock)
    assert task.assignee_id == data
    sending = channels("webpush", "dingtalk", "sms")
    policy = Policy()
    await run_once(sending, policy)
    first = await Notification.get(kind="task.overdue", urgent=True, user_id=data)
    await inbox.mark_read(user_id=first.user_id, notification_ids=[first.id])
    frozen_clock.advance(minutes=31)
    await run_once(sending, policy)
    assert await Delivery.filter(notification_id=first.id, step__gt=0).count() == 0
    # acted on: the overdue to-do is decided, so nobody is chased any more
    for open_task in await open_tasks(await task.project):
        if open_task.id == task.id:
            await approve(open_task)
    frozen_clock.advance(minutes=31)
    await run_once(sending, policy)
    assert await Notification.filter(kind="task.overdue", next_escalation_at__isnull=False).count() == 0


async def test_wechat_uses_one_subscription_per_message(demo) -> None:
    data = await bind("data", "wechat", "wx-data")
    sending = channels("wechat")
    await advance(await declare(), 1)
    await fan_out(sending)
    assert await Delivery.filter(channel="wechat").count() == 0  # no grant: WeChat would refuse it
    await inbox.grant_wechat_quota(user_id=data, template_ids=["TPL-TODO"], known={"TPL-TODO"})
    await Notification.all().delete()
    await Event.all().update(published_at=None)
    await fan_out(sending)
    assert await deliver_due(sending) == 1
    assert sending["wechat"].sent[0].address == {"openid": "wx-data"}
    assert (await WeChatQuota.get(user_id=data)).remaining == 0
    # WeChat says no subscription is left (43101) although we counted one: believe WeChat
    await WeChatQuota.filter(user_id=data).update(remaining=1)
    await Delivery.all().update(status=DeliveryStatus.QUEUED)
    sending["wechat"].failures.append(ChannelError("43101", permanent=True, reason="QUOTA"))
    await deliver_due(sending)
    assert (await WeChatQuota.get(user_id=data)).remaining == 0
    try:
        await inbox.grant_wechat_quota(user_id=data, template_ids=["TPL-UNKNOWN"], known={"TPL-TODO"})
    except ActionRefused as error:
        assert error.field == "template_ids"
    else:
        raise AssertionError("an unknown template was granted")


async def test_a_long_term_wechat_template_has_no_count(demo) -> None:
    data = await bind("data", "wechat", "wx-data")
    sending = channels("wechat")
    await inbox.grant_wechat_quota(user_id=data, template_ids=["TPL-TODO"], known={"TPL-TODO"}, long_term={"TPL-TODO"})
    await advance(await declare(), 1)
    await advance(await declare(), 1)
    await fan_out(sending)
    assert await deliver_due(sending) == 2  # two messages from one grant: the account qualified
    quota = await WeChatQuota.get(user_id=data)
    assert quota.long_term and quota.remaining == 1
