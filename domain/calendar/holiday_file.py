"""The plain-text holiday file administrators write for a year the package does not cover yet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.calendar.years import YearDays

KEYWORDS = ("year", "holiday", "workday")
# The longest block ever published is 10 days (春节 2020, extended for the epidemic); a longer
# range is almost always a typo in the month.
MAX_RANGE_DAYS = 31
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class HolidayFileError(ValueError):
    """A holiday file that cannot be loaded; the message starts with the line number."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


@dataclass(slots=True)
class _Reader:
    year: int | None = None
    year_line: int = 0
    seen: dict[date, tuple[str, int]] = field(default_factory=dict)

    def read_year(self, number: int, args: list[str]) -> None:
        if self.year is not None:
            raise HolidayFileError(number, f"second 'year' line (year {self.year} was given on line {self.year_line})")
        if len(args) != 1 or not _YEAR.fullmatch(args[0]):
            raise HolidayFileError(number, f"bad year {' '.join(args)!r} (expected four digits, e.g. year 2027)")
        self.year, self.year_line = int(args[0]), number

    def read_days(self, number: int, keyword: str, args: list[str]) -> None:
        if self.year is None:
            raise HolidayFileError(number, f"'{keyword}' before the 'year' line")
        if not args:
            raise HolidayFileError(number, f"'{keyword}' needs a date or a range such as 2027-02-05..2027-02-11")
        for day in _days(number, args[0]):
            if day.year != self.year:
                raise HolidayFileError(number, f"{day.isoformat()} is not in year {self.year}")
            if keyword == "workday" and day.weekday() < 5:
                name = _WEEKDAY_NAMES[day.weekday()]
                raise HolidayFileError(number, f"workday {day.isoformat()} is a {name}, not a Saturday or Sunday")
            if day in self.seen:
                kind, line = self.seen[day]
                raise HolidayFileError(number, f"{day.isoformat()} is already a {kind} on line {line}")
            self.seen[day] = (keyword, number)


def _day(number: int, text: str) -> date:
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise HolidayFileError(number, f"bad date {text!r} (expected YYYY-MM-DD)")


def _days(number: int, text: str) -> list[date]:
    first_text, dots, last_text = text.partition("..")
    first = _day(number, first_text)
    last = _day(number, last_text) if dots else first
    if last < first:
        raise HolidayFileError(number, f"range {text} runs backwards")
    span = (last - first).days + 1
    if span > MAX_RANGE_DAYS:
        raise HolidayFileError(number, f"range {text} is {span} days long, more than {MAX_RANGE_DAYS}")
    return [first + timedelta(days=i) for i in range(span)]


def parse_holiday_file(text: str) -> YearDays:
    """Read a holiday file (format in holidays/README.md) into one year of data."""
    reader = _Reader()
    lines = text.removeprefix("\ufeff").splitlines()  # Notepad saves Chinese text with a BOM
    for number, raw in enumerate(lines, start=1):
        words = raw.split()
        if not words or words[0].startswith("#"):
            continue
        keyword, args = words[0].lower(), words[1:]
        if keyword == "year":
            reader.read_year(number, args)
        elif keyword in KEYWORDS:
            reader.read_days(number, keyword, args)
        else:
            raise HolidayFileError(number, f"unknown keyword {words[0]!r} (expected year, holiday or workday)")
    end = max(len(lines), 1)
    if reader.year is None:
        raise HolidayFileError(end, "no 'year' line in the file")
    # A year with no lines would count as covered and silently hide the Monday–Friday warning.
    if not reader.seen:
        raise HolidayFileError(end, f"year {reader.year} has no holiday or workday lines")
    return YearDays(
        year=reader.year,
        holidays=frozenset(d for d, (kind, _) in reader.seen.items() if kind == "holiday"),
        workdays=frozenset(d for d, (kind, _) in reader.seen.items() if kind == "workday"),
    )
