"""The journey suite drives the product through GraphQL only. What it needs besides the HTTP app: the server's
clock moved as `python -m api clock` moves it (the clock file the running app reads), the deadline scanner and
the notification worker run on demand, as an operator's cron would."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta

import pytest
import pytest_asyncio

from api.settings import Settings
from domain import clock
from domain.workflow import scanner
from notifications.channels import RecordingChannel
from notifications.pipeline import Policy
from notifications.worker import run_once
from tests.journeys.journey import MONDAY, GraphQL, Journey, MovedClock, SignIn


@pytest.fixture
def moved_clock(settings: Settings) -> Iterator[MovedClock]:
    # What `python -m api clock set <instant>` writes, parsed the way it parses it
    moved = MovedClock(lambda at: clock.write_file(settings.clock_file, clock.parse_setting(at.isoformat())))
    yield moved
    clock.write_file(settings.clock_file, clock.ClockSetting())  # real time again for the tests after this one


@pytest_asyncio.fixture
async def journey(demo: None, gql: GraphQL, sign_in: SignIn, moved_clock: MovedClock) -> Journey:
    """The demo city on Monday 2 November 2026, 09:00 in Hangzhou, everyone signed in."""
    moved_clock.set(MONDAY)
    return Journey(gql, sign_in, clock=moved_clock)


@pytest.fixture
def scan() -> Callable[[], Awaitable[object]]:
    """One pass of the deadline scanner, as `python -m api scan` runs it."""
    return scanner.scan


@pytest.fixture
def push() -> RecordingChannel:
    """The Web Push channel, keeping what it was asked to send."""
    return RecordingChannel(name="webpush")


@pytest.fixture
def notify(push: RecordingChannel) -> Callable[[], Awaitable[object]]:
    """One pass of the notification worker (`python -m api worker --once`), climbing every 30 minutes."""
    return lambda: run_once({"webpush": push}, Policy(escalation_after=timedelta(minutes=30)))
