"""Working days and deadlines on the official Chinese calendar, with a flagged Monday–Friday fallback."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

from domain.calendar.years import YearDays, official_years

CHINA = ZoneInfo("Asia/Shanghai")
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A due day; `estimated` when some day counted fell in a year without data (Monday–Friday assumed)."""

    due: date
    estimated: bool


class WorkingCalendar:
    """Working days from official or loaded years; Monday–Friday for any other year."""

    __slots__ = ("_prefix", "_years")

    def __init__(self, years: Mapping[int, YearDays]) -> None:
        for year, days in years.items():
            if days.year != year:
                raise ValueError(f"data for year {days.year} filed under {year}")
        self._years: Mapping[int, YearDays] = MappingProxyType(dict(years))
        # Per year, working days among its first n days (n = 0..days in the year), made when first asked for:
        # a count over a long span is then a few lookups, not a walk over every day of it.
        self._prefix: dict[int, list[int]] = {}

    @property
    def years(self) -> Mapping[int, YearDays]:
        """The years with data, read-only."""
        return self._years

    def covers(self, year: int) -> bool:
        """Whether the year has official or loaded data."""
        return year in self._years

    def is_working_day(self, day: date) -> bool:
        """Whether offices work that day: 调休 Saturdays yes, holidays no, else Monday–Friday."""
        days = self._years.get(day.year)
        if days is not None:
            if day in days.holidays:
                return False
            if day in days.workdays:
                return True
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The n-th working day after `start`; the day work arrives is day 0."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        day, counted, estimated = start, 0, False
        while counted < n:
            day += _ONE_DAY
            estimated = estimated or not self.covers(day.year)
            counted += self.is_working_day(day)
        return Deadline(due=day, estimated=estimated)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end is not after start."""
        if end <= start:
            return 0
        if start.year == end.year:
            return self._through(end) - self._through(start)
        count = self._in_year(start.year) - self._through(start) + self._through(end)
        return count + sum(self._in_year(year) for year in range(start.year + 1, end.year))

    def _counts(self, year: int) -> list[int]:
        counts = self._prefix.get(year)
        if counts is None:
            counts, day, n = [0], date(year, 1, 1), 0
            while day.year == year:
                n += self.is_working_day(day)
                counts.append(n)
                day += _ONE_DAY
            self._prefix[year] = counts
        return counts

    def _through(self, day: date) -> int:
        """Working days from the first of January of `day`'s year up to and including `day`."""
        return self._counts(day.year)[day.timetuple().tm_yday]

    def _in_year(self, year: int) -> int:
        return self._counts(year)[-1]


def working_calendar(loaded: Iterable[YearDays] = ()) -> WorkingCalendar:
    """The official years overlaid with administrator-loaded ones; a loaded year wins."""
    years = official_years()
    loaded_years: set[int] = set()
    for days in loaded:
        if days.year in loaded_years:
            raise ValueError(f"year {days.year} is loaded twice")
        loaded_years.add(days.year)
        # The State Council can change a published year (春节 2020 was extended in January);
        # the administrator's file is the later decision.
        years[days.year] = days
    return WorkingCalendar(years)


def china_today(now: datetime) -> date:
    """The Asia/Shanghai calendar date of an aware instant."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(CHINA).date()
