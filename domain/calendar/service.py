"""The working calendar in force: the packaged official years plus the years administrators loaded."""

from __future__ import annotations

from domain import clock
from domain.audit.service import Origin, record
from domain.calendar.holiday_file import parse_holiday_file
from domain.calendar.models import CalendarYear
from domain.calendar.rules import WorkingCalendar, working_calendar
from domain.calendar.years import YearDays
from domain.errors import InvalidInput


async def current_calendar() -> WorkingCalendar:
    """Official years, overlaid with the latest loading of each loaded year."""
    latest: dict[int, YearDays] = {}
    for row in await CalendarYear.all().order_by("id"):
        latest[row.year] = parse_holiday_file(row.text)
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
