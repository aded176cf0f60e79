"""Outbox events become inbox notifications once per event and user; deliveries retry, then die."""

from __future__ import annotations

import random

from domain.events.models import Event
from domain.inbox.models import Delivery, DeliveryStatus, Notification
from domain.workflow.models import StepRun
from notifications.channels import ChannelError, RecordingChannel
from notifications.pipeline import MAX_ATTEMPTS, deliver_due, fan_out
from tests.domain.workflow.helpers import advance, declare, user_id


async def test_a_new_step_notifies_its_signers_once(demo) -> None:
    project = await advance(await declare(), 1)  # submitted: the bureau's intake opens
    created = await fan_out(["recording"])
    data, data2 = await user_id("data"), await user_id("data2")
    intake = await StepRun.get(project_id=project.id, step_key="intake")
    inbox = await Notification.filter(kind="step.opened").values_list("user_id", "link", "title")
    assert {(u, t) for u, _, t in inbox} >= {(data, "新的待办"), (data2, "新的待办")}
    assert created >= 2 and intake
    # a second pass over the same events adds nothing (they are marked processed) ...
    assert await fan_out(["recording"]) == 0
    # ... and a re-delivered event (processed flag lost) never shows twice
    await Event.all().update(published_at=None)
    await fan_out(["recording"])
    assert await Notification.filter(user_id=data, kind="step.opened").count() == len(
        [1 for u, _, _ in inbox if u == data]
    )


async def test_deliveries_are_sent_through_the_channel(demo) -> None:
    await advance(await declare(), 1)
    await fan_out(["recording"])
    channel = RecordingChannel()
    sent = await deliver_due({"recording": channel})
    assert sent == len(channel.sent) == await Delivery.filter(status=DeliveryStatus.SENT).count() > 0
    assert all(m.title and m.link.startswith("/") for m in channel.sent)


async def test_a_failing_channel_is_retried_with_backoff_then_dead(demo, frozen_clock) -> None:
    await advance(await declare(), 1)
    await fan_out(["recording"])
    first = await Delivery.all().order_by("id").first()
    await Delivery.exclude(id=first.id).delete()
    channel = RecordingChannel(failures=[ChannelError("HTTP 503")] * MAX_ATTEMPTS)
    rng = random.Random(1)
    assert await deliver_due({"recording": channel}, rng=rng) == 0
    failed = await Delivery.get(id=first.id)
    assert (failed.status, failed.attempts, failed.last_error) == (DeliveryStatus.FAILED, 1, "HTTP 503")
    assert await deliver_due({"recording": channel}, rng=rng) == 0  # not due yet: backing off
    assert (await Delivery.get(id=first.id)).attempts == 1
    for _ in range(MAX_ATTEMPTS - 1):
        frozen_clock.advance(days=1)
        await deliver_due({"recording": channel}, rng=rng)
    dead = await Delivery.get(id=first.id)
    assert (dead.status, dead.attempts) == (DeliveryStatus.DEAD, MAX_ATTEMPTS)


async def test_retry_then_success(demo, frozen_clock) -> None:
    await advance(await declare(), 1)
    await fan_out(["recording"])
    channel = RecordingChannel(failures=[ChannelError("timeout")])
    await deliver_due({"recording": channel})
    frozen_clock.advance(hours=1)
    await deliver_due({"recording": channel})
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == await Delivery.all().count()


async def test_a_channel_without_configuration_is_dead_at_once(demo) -> None:
    await advance(await declare(), 1)
    await fan_out(["sms"])
    await deliver_due({})
    assert await Delivery.filter(status=DeliveryStatus.DEAD).count() == await Delivery.all().count() > 0
    assert "not configured" in (await Delivery.first()).last_error
