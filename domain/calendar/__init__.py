"""Working days on the official Chinese calendar, deadlines with pauses, and warning lights. Pure, no I/O."""

from domain.calendar.clocks import Pause, TaskClock, days_left, days_used, due_date
from domain.calendar.holiday_file import HolidayFileError, parse_holiday_file
from domain.calendar.lights import WarningLight, warning_light, worst
from domain.calendar.rules import Deadline, WorkingCalendar, china_today, working_calendar
from domain.calendar.years import YearDays, official_years

__all__ = [
    "Deadline",
    "HolidayFileError",
    "Pause",
    "TaskClock",
    "WarningLight",
    "WorkingCalendar",
    "YearDays",
    "china_today",
    "days_left",
    "days_used",
    "due_date",
    "official_years",
    "parse_holiday_file",
    "warning_light",
    "working_calendar",
    "worst",
]
