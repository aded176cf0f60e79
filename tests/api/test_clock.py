"""The settable clock: a setting and a CLI command move the running server's time; production refuses both."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api import settings as settings_module
from api.cli import move_clock
from api.settings import Settings, SettingsError
from domain import clock

ME = "query { me { user { username } } }"


@pytest.fixture
def clock_file(settings: Settings) -> Iterator[Path]:
    yield settings.clock_file
    settings.clock_file.unlink(missing_ok=True)
    clock.configure(clock.ClockSetting(), file=settings.clock_file)


async def test_the_cli_moves_the_running_servers_clock_and_sign_in_still_works(
    as_user, app, demo, gql, settings: Settings, clock_file: Path
) -> None:
    # when an operator moves the clock forty days on, while the server runs
    assert move_clock(settings, "advance", "40d") == 0
    # then the server's time is forty days on, and people still sign in and are recognised
    assert clock.now() - datetime.now(UTC) > timedelta(days=39, hours=23)
    token = (await as_user("builder")).token
    body = await gql(ME, token=token)
    assert body["data"]["me"]["user"]["username"] == "builder"
    # when it is fixed at an instant and then reset
    assert move_clock(settings, "set", "2026-10-08T09:00+08:00") == 0
    assert clock.now() == datetime(2026, 10, 8, 1, 0, tzinfo=UTC)
    assert move_clock(settings, "reset", None) == 0
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_bad_values_are_refused(settings: Settings, clock_file: Path) -> None:
    assert move_clock(settings, "advance", "soon") == 2
    assert move_clock(settings, "set", "2026-10-08T09:00") == 2  # an instant needs its offset
    assert not clock_file.exists()
    with pytest.raises(SettingsError, match="QC_CLOCK"):
        settings_module.load({"QC_CLOCK": "tomorrow"})


def test_production_refuses_a_moved_clock(settings: Settings, clock_file: Path) -> None:
    with pytest.raises(SettingsError, match="QC_CLOCK must not be set"):
        settings_module.load({"QC_MODE": "production", "QC_CLOCK": "+3d"})
    assert move_clock(replace(settings, mode="production"), "advance", "3d") == 2
    assert not clock_file.exists()


def test_settings_read_an_offset_or_an_instant() -> None:
    assert settings_module.load({"QC_CLOCK": "+3d"}).clock.offset == timedelta(days=3)
    assert settings_module.load({"QC_CLOCK": "2026-10-01T00:00+08:00"}).clock.fixed == datetime(
        2026, 9, 30, 16, 0, tzinfo=UTC
    )
