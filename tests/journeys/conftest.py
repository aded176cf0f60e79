"""The journey suite drives the product through GraphQL only. What it needs besides the HTTP app: the server's
clock moved as `python -m api clock` moves it (the clock file the running app reads), the deadline scanner and
the notification worker run on demand, as an operator's cron would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import pytest_asyncio

from api.settings import Settings
from domain import clock
from tests.journeys.journey import MONDAY, GraphQL, Journey, MovedClock, SignIn


@pytest.fixture
def moved_clock(settings: Settings) -> Iterator[MovedClock]:
    moved = MovedClock(lambda at: clock.write_file(settings.clock_file, clock.ClockSetting(fixed=at)))
    yield moved
    clock.write_file(settings.clock_file, clock.ClockSetting())  # real time again for the tests after this one


@pytest_asyncio.fixture
async def journey(demo: None, gql: GraphQL, sign_in: SignIn, moved_clock: MovedClock) -> Journey:
    """The demo city on Monday 2 November 2026, 09:00 in Hangzhou, everyone signed in."""
    moved_clock.set(MONDAY)
    return Journey(gql, sign_in, clock=moved_clock)
