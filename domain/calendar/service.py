"""The working calendar in force: the packaged official years plus the years administrators loaded."""

from __future__ import annotations

from functools import lru_cache

from domain import clock
from domain.audit.service import Origin, record
from domain.calendar.holiday_file import parse_holiday_file
from domain.calendar.models import CalendarYear
from domain.calendar.rules import WorkingCalendar, working_calendar
from domain.calendar.years import YearDays
from domain.errors import InvalidInput


async def current_calendar() -> WorkingCalendar:
    """Official years, overlaid with the latest loading of each loaded year."""
    return calendar_of(tuple(await CalendarYear.all().order_by("id").values_list("year", "text")))


@lru_cache(maxsize=8)
def calendar_of(loadings: tuple[tuple[int, str], ...]) -> WorkingCalendar:
    """The calendar for the loaded years' files (year, text) in the order loaded: the same object while they
    are the same, so its working-day counts are made once, not per request."""
    latest: dict[int, YearDays] = {}
    for year, text in loadings:
        latest[year] = parse_holiday_file(text)
    return working_calendar(latest.values())


async def load_year(*, text: str, user_id: int, origin: Origin) -> YearDays:
    """Validate a holiday file and store it; a bad file changes nothing and names its line."""
    try:
        days = parse_holiday_file(text)
    except ValueError as exc:
        raise InvalidInput("HOLIDAY_FILE_INVALID", field="text", detail=str(exc)) from exc
    await CalendarYear.create(year=days.year, text=text, loaded_by_id=user_id, loaded_at=clock.now())
    await record(
        action="CALENDAR_YEAR_LOADED",
        outcome="SUCCESS",
        origin=origin,
        actor_id=user_id,
        target_type="calendar_year",
        target_id=str(days.year),
        detail={"holidays": len(days.holidays), "workdays": len(days.workdays)},
    )
    return days
