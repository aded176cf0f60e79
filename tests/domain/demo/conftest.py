"""The living city, loaded once per test through the real flows (its own tests only)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import pytest_asyncio
from starlette.applications import Starlette

from api.app import make_passwords
from api.settings import Settings
from domain import clock
from domain.demo.seed import load_demo
from tests.domain.conftest import FIXED_NOW


@pytest.fixture(autouse=True)
def frozen_clock(settings: Settings) -> Iterator[None]:
    """The domain tests' day, set on the domain's own clock rather than by patching `clock.now`.

    The city dates its history with `clock.travel`; a patched `clock.now` adds its shift to every
    travelled instant, so the history would land weeks before the city's day (every light red).
    """
    clock.configure(clock.ClockSetting(fixed=FIXED_NOW))
    yield
    clock.configure(clock.ClockSetting(), file=settings.clock_file)


@pytest_asyncio.fixture
async def city(app: Starlette, settings: Settings) -> None:
    await load_demo(passwords=make_passwords(settings), city=True)
