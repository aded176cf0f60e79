"""The worker wakes when an event is committed, not on its polling interval: through this process's
doorbell in the embedded SQLite mode, through PostgreSQL's LISTEN/NOTIFY (as a worker in another process
would, so with a doorbell nothing in this process rings) on PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from domain.events.service import Doorbell, outbox_bell
from notifications.channels import Outgoing, RecordingChannel, Sent
from notifications.worker import run_forever
from tests.conftest import DATABASE_URL
from tests.factories import advance, declare
from tests.notifications.test_pipeline import subscribe

ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


async def test_the_worker_wakes_on_commit_not_on_its_interval(demo) -> None:
    # given a worker polling only every 60 s, after its first (empty) pass
    await subscribe("data")
    bell, listen = (Doorbell(), DATABASE_URL) if ON_POSTGRES else (outbox_bell, None)
    sending = {"webpush": RecordingChannel(name="webpush")}
    worker = asyncio.create_task(run_forever(sending, 60, listen_url=listen, bell=bell))
    try:
        await asyncio.sleep(1.0)
        assert sending["webpush"].sent == []

        # when a step opens for the data bureau (an event committed)
        loop = asyncio.get_running_loop()
        committed = loop.time()
        await advance(await declare(), 1)

        # then the push goes out well within a second, not a minute later
        for _ in range(100):
            if sending["webpush"].sent:
                break
            await asyncio.sleep(0.02)
        assert sending["webpush"].sent, "the worker did not wake on the commit"
        assert loop.time() - committed < 2
    finally:
        # Let the pass finish before stopping: a pass cancelled inside its transaction would leave the
        # embedded database's connection lock held for the tests that follow.
        await asyncio.sleep(1.0)
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)


@dataclass
class Held(RecordingChannel):
    """Holds every send until `release` is set, so a pass can be kept running."""

    entered: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, message: Outgoing) -> Sent:
        self.entered.set()
        await self.release.wait()
        return await super().send(message)


async def test_a_commit_during_a_pass_wakes_the_next_pass(demo) -> None:
    # given a worker polling only every 60 s, whose pass is held in a send of the first step's push
    await subscribe("data")
    bell, listen = (Doorbell(), DATABASE_URL) if ON_POSTGRES else (outbox_bell, None)
    held = Held(name="webpush")
    worker = asyncio.create_task(run_forever({"webpush": held}, 60, listen_url=listen, bell=bell))
    try:
        await asyncio.sleep(1.0)
        await advance(await declare(), 1)
        await asyncio.wait_for(held.entered.wait(), 5)

        # when a second step opens while that pass runs, and the pass then ends
        await advance(await declare(), 1)
        await asyncio.sleep(0.5)
        loop = asyncio.get_running_loop()
        released = loop.time()
        held.release.set()

        # then the next pass follows at once and sends the second push too, not a poll later
        for _ in range(150):
            if len(held.sent) == 2:
                break
            await asyncio.sleep(0.02)
        assert len(held.sent) == 2, "the commit made during the pass was not taken by the next one"
        assert loop.time() - released < 3
    finally:
        await asyncio.sleep(1.0)  # let the pass finish (see above)
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)


async def test_a_ring_while_nobody_waits_is_kept_and_quiet_times_out() -> None:
    bell = Doorbell()
    assert await bell.wait(0.01) is False
    bell.ring()
    assert await bell.wait(5) is True  # rung before the wait: returns at once
    assert await bell.wait(0.01) is False
