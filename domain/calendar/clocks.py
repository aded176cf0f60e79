"""Task clocks that stop while the work is back with the applicant (退回修改)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar.rules import Deadline, WorkingCalendar

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Pause:
    """Paused over (start, end]: the day it is sent back counts, the day it returns is day 0 again."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"pause ends {self.end.isoformat()} before it starts {self.start.isoformat()}")

    def holds(self, day: date, today: date) -> bool:
        """Whether the clock is stopped on `day`; an open pause lasts up to `today`."""
        end = today if self.end is None else self.end
        return self.start < day <= end


@dataclass(frozen=True, slots=True)
class TaskClock:
    """A time limit in working days from the day the work arrived, less the days it was paused."""

    started_on: date
    limit_days: int
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        if self.limit_days < 1:
            raise ValueError(f"limit_days must be at least 1, got {self.limit_days}")
        previous_end = self.started_on
        for index, pause in enumerate(self.pauses):
            if pause.start < previous_end:
                raise ValueError(f"pause from {pause.start.isoformat()} overlaps the one before or the start")
            if pause.end is None and index != len(self.pauses) - 1:
                raise ValueError("only the last pause may still be open")
            previous_end = pause.end or pause.start

    def is_paused(self, day: date, today: date) -> bool:
        """Whether the clock is stopped on `day`."""
        return any(pause.holds(day, today) for pause in self.pauses)


def due_date(clock: TaskClock, calendar: WorkingCalendar, today: date) -> Deadline:
    """The day the limit runs out, pushed back by every working day spent paused."""
    day, counted, estimated = clock.started_on, 0, False
    while counted < clock.limit_days:
        day += _ONE_DAY
        estimated = estimated or not calendar.covers(day.year)
        counted += calendar.is_working_day(day) and not clock.is_paused(day, today)
    return Deadline(due=day, estimated=estimated)


def days_used(clock: TaskClock, calendar: WorkingCalendar, today: date) -> int:
    """Working days the clock has run, up to and including `today`: those since it started, less those
    paused (pauses lie after the start and never overlap)."""
    used = calendar.working_days_between(clock.started_on, today)
    for pause in clock.pauses:
        end = today if pause.end is None else min(pause.end, today)
        used -= calendar.working_days_between(pause.start, end)
    return used


def days_left(clock: TaskClock, calendar: WorkingCalendar, today: date) -> int:
    """Working days still available after `today`; negative once overdue."""
    return clock.limit_days - days_used(clock, calendar, today)
