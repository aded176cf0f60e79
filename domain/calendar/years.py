"""One year of official holiday data, and the years the chinesecalendar package publishes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from chinese_calendar import constants


@dataclass(frozen=True, slots=True)
class YearDays:
    """A year's days off (放假) and make-up working weekend days (调休上班), as the State Council publishes them."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        outside = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if outside:
            raise ValueError(f"{outside[0].isoformat()} is not in year {self.year}")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise ValueError(f"{both[0].isoformat()} cannot be both a holiday and a workday")


@cache
def _official() -> tuple[YearDays, ...]:
    holidays: defaultdict[int, set[date]] = defaultdict(set)
    workdays: defaultdict[int, set[date]] = defaultdict(set)
    for day in constants.holidays:
        holidays[day.year].add(day)
    for day in constants.workdays:
        workdays[day.year].add(day)
    first, last = min(holidays), max(holidays)
    return tuple(
        YearDays(year=year, holidays=frozenset(holidays[year]), workdays=frozenset(workdays[year]))
        for year in range(first, last + 1)
    )


def official_years() -> dict[int, YearDays]:
    """Every year the installed chinesecalendar package has official data for (2004–2026 in v1.11)."""
    return {days.year: days for days in _official()}
