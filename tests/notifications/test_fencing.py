"""Exactly once where no channel deduplicates: a claimer extends its leases while its sends run, every write
it makes holds only under its own fencing token, and a send that may have reached the provider is never
made again by a later claimer."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import F

from domain import clock
from domain.inbox.models import Delivery, DeliveryStatus
from notifications import pipeline
from notifications.channels import Outgoing, RecordingChannel, Sent
from notifications.pipeline import Policy, _claim, _send, deliver_due, fan_out
from tests.factories import advance, declare
from tests.notifications.test_pipeline import subscribe


@dataclass
class Slow(RecordingChannel):
    seconds: float = 1.5

    async def send(self, message: Outgoing) -> Sent:
        await asyncio.sleep(self.seconds)
        return await super().send(message)


async def _one_queued_push() -> None:
    await subscribe("data")
    await advance(await declare(), 1)
    await fan_out({"webpush": RecordingChannel(name="webpush")})
    await Delivery.exclude(channel="webpush").delete()
    assert await Delivery.all().count() == 1


async def test_a_send_slower_than_its_lease_keeps_its_claim(demo) -> None:
    # given a lease shorter than the send
    await _one_queued_push()
    sending = {"webpush": Slow(name="webpush", seconds=1.5)}
    policy = Policy(lease=timedelta(seconds=0.6), send_timeout=5)

    # when a second worker looks while the first is still sending, well past the first lease
    first = asyncio.create_task(deliver_due(sending, policy=policy))
    await asyncio.sleep(1.0)
    second = await deliver_due(sending, policy=policy)

    # then only the first sends
    assert await first == 1
    assert second == 0
    assert len(sending["webpush"].sent) == 1
    row = await Delivery.get(channel="webpush")
    assert row.status is DeliveryStatus.SENT and row.attempts == 1 and row.fence == 1
    assert row.send_started_at is None


async def test_a_send_started_by_a_worker_that_stopped_is_not_made_again(demo, frozen_clock) -> None:
    # given a worker that claimed, started the send, and was killed before recording its answer
    await _one_queued_push()
    started = clock.now()
    await Delivery.all().update(
        status=DeliveryStatus.SENDING, fence=1, send_started_at=started, lease_until=started + timedelta(seconds=5)
    )
    sending = {"webpush": RecordingChannel(name="webpush")}

    # when its lease lapses and another worker claims the delivery
    frozen_clock.advance(seconds=6)
    assert await deliver_due(sending) == 0

    # then nothing is sent again: the delivery is recorded as sent, in doubt
    assert sending["webpush"].sent == []
    row = await Delivery.get(channel="webpush")
    assert row.status is DeliveryStatus.SENT and row.fence == 2 and row.sent_at == started
    assert row.last_error.startswith("IN_DOUBT")
    assert await deliver_due(sending) == 0


async def test_a_worker_whose_claim_was_taken_over_neither_sends_nor_writes(demo) -> None:
    # given a worker holding token 1 for a delivery that another worker has claimed since (token 2)
    await _one_queued_push()
    fences = await _claim(Policy())
    ((delivery_id, fence),) = fences.items()
    assert fence == 1
    await Delivery.filter(id=delivery_id).update(fence=F("fence") + 1)
    row = (
        await Delivery.filter(id=delivery_id).values(
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
    )[0]
    sending = {"webpush": RecordingChannel(name="webpush")}
    address = {"endpoint": "http://127.0.0.1:1/push/x", "p256dh": "k", "auth": "a"}

    # when the first worker goes on with its send
    sent = await _send(row, fence, sending, address, {}, Policy(), random.Random(1))

    # then it does not send and leaves the row to the newer claimer
    assert sent is False and sending["webpush"].sent == []
    after = await Delivery.get(id=delivery_id)
    assert after.status is DeliveryStatus.SENDING and after.fence == 2 and after.send_started_at is None


async def test_a_wave_marks_only_the_sends_it_still_holds(demo, monkeypatch) -> None:
    # given two pushes claimed together, one of which another worker claims before the wave is marked
    await subscribe("data", 2)
    await advance(await declare(), 1)
    await fan_out({"webpush": RecordingChannel(name="webpush")})
    await Delivery.exclude(channel="webpush").delete()
    taken: list[int] = []
    claim = pipeline._claim

    async def claimed_then_taken(policy: Policy) -> dict[int, int]:
        fences = await claim(policy)
        if fences and not taken:
            taken.append(min(fences))
            await Delivery.filter(id=taken[0]).update(fence=F("fence") + 1)
        return fences

    monkeypatch.setattr(pipeline, "_claim", claimed_then_taken)
    sending = {"webpush": RecordingChannel(name="webpush")}

    # when the worker sends its batch
    sent = await deliver_due(sending)

    # then only the push it still holds goes out; the other is left, unmarked, to its new claimer
    held = await Delivery.exclude(id=taken[0]).values_list("id", flat=True)
    assert sent == 1 and [m.delivery_id for m in sending["webpush"].sent] == list(held)
    other = await Delivery.get(id=taken[0])
    assert other.status is DeliveryStatus.SENDING and other.fence == 2 and other.send_started_at is None
