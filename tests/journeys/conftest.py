"""The journey suite drives the product through GraphQL only. What it needs besides the HTTP app: the server's
clock moved as `python -m api clock` moves it (the clock file the running app reads), the deadline scanner and
the notification worker run on demand, as an operator's cron would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from api.settings import Settings
from domain import clock
from tests.journeys.journey import MONDAY, GraphQL, Journey, SignIn


class MovedClock:
    """The app's clock through its clock file: pinned to an instant, then moved forward."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.at: datetime | None = None

    def set(self, at: datetime) -> None:
        self.at = at
        clock.write_file(self.file, clock.ClockSetting(fixed=at))

    def advance(self, **delta: float) -> None:
        assert self.at is not None, "set the clock first"
        self.set(self.at + timedelta(**delta))


@pytest.fixture
def moved_clock(settings: Settings) -> Iterator[MovedClock]:
    moved = MovedClock(settings.clock_file)
    yield moved
    clock.write_file(settings.clock_file, clock.ClockSetting())  # real time again for the tests after this one


@pytest_asyncio.fixture
async def journey(demo: None, gql: GraphQL, sign_in: SignIn, moved_clock: MovedClock) -> Journey:
    """The demo city on Monday 2 November 2026, 09:00 in Hangzhou, everyone signed in."""
    j = Journey(gql, sign_in)
    # Signed in before the clock moves: tokens issued at a moved time are refused (journey-findings.md);
    # test_clock.py shows that bug on its own.
    await j.sign_in_everyone()
    moved_clock.set(MONDAY)
    return j
