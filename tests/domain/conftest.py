"""Domain tests run on a fixed date, so deadlines, codes and calendars give the same answers every year."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import Clock, move_clock

# Monday 16 November 2026, 09:00 in China: an ordinary working week.
FIXED_NOW = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return move_clock(monkeypatch, FIXED_NOW)
