from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar import (
    Pause,
    TaskClock,
    WorkingCalendar,
    days_left,
    days_used,
    due_date,
    parse_holiday_file,
    working_calendar,
)

LOADED_2027 = "year 2027\nholiday 2027-10-01..2027-10-07\nworkday 2027-09-26\nworkday 2027-10-09\n"
CALENDARS = st.sampled_from([working_calendar(), working_calendar([parse_holiday_file(LOADED_2027)])])
STARTS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
LIMITS = st.integers(min_value=1, max_value=30)
OFFSETS = st.integers(min_value=0, max_value=40)
LENGTHS = st.integers(min_value=0, max_value=20)

deadline_settings = settings(max_examples=200, deadline=None)


@deadline_settings
@given(calendar=CALENDARS, start=STARTS, n=LIMITS)
def test_the_due_day_is_n_working_days_later(calendar: WorkingCalendar, start: date, n: int) -> None:
    # when
    due = calendar.add_working_days(start, n).due

    # then
    assert calendar.working_days_between(start, due) == n
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due - timedelta(days=1)) == n - 1


@deadline_settings
@given(calendar=CALENDARS, start=STARTS, n=LIMITS)
def test_estimated_exactly_when_a_counted_day_has_no_data(calendar: WorkingCalendar, start: date, n: int) -> None:
    deadline = calendar.add_working_days(start, n)

    assert deadline.estimated == any(not calendar.covers(year) for year in range(start.year, deadline.due.year + 1))


@deadline_settings
@given(calendar=CALENDARS, start=STARTS, limit=LIMITS, offset=OFFSETS, length=LENGTHS, more=LENGTHS)
def test_a_longer_pause_never_makes_the_deadline_earlier(
    calendar: WorkingCalendar, start: date, limit: int, offset: int, length: int, more: int
) -> None:
    # given
    pause_start = start + timedelta(days=offset)
    today = pause_start + timedelta(days=length + more)
    short = TaskClock(start, limit, (Pause(pause_start, pause_start + timedelta(days=length)),))
    longer = TaskClock(start, limit, (Pause(pause_start, pause_start + timedelta(days=length + more)),))
    still_open = TaskClock(start, limit, (Pause(pause_start),))
    plain = TaskClock(start, limit)

    # when
    dues = [due_date(clock, calendar, today).due for clock in (plain, short, longer, still_open)]

    # then
    assert dues == sorted(dues)


@deadline_settings
@given(calendar=CALENDARS, start=STARTS, limit=LIMITS, offset=OFFSETS, length=LENGTHS, gap=OFFSETS, second=LENGTHS)
def test_adding_a_pause_never_makes_the_deadline_earlier(
    calendar: WorkingCalendar, start: date, limit: int, offset: int, length: int, gap: int, second: int
) -> None:
    # given
    first = Pause(start + timedelta(days=offset), start + timedelta(days=offset + length))
    assert first.end is not None
    then = Pause(first.end + timedelta(days=gap), first.end + timedelta(days=gap + second))
    today = start + timedelta(days=120)

    # when
    one = due_date(TaskClock(start, limit, (first,)), calendar, today)
    two = due_date(TaskClock(start, limit, (first, then)), calendar, today)

    # then
    assert one.due <= two.due


@deadline_settings
@given(calendar=CALENDARS, start=STARTS, limit=LIMITS, offset=OFFSETS, length=LENGTHS, step=OFFSETS)
def test_the_clock_is_used_up_on_its_due_day(
    calendar: WorkingCalendar, start: date, limit: int, offset: int, length: int, step: int
) -> None:
    # given
    pause = Pause(start + timedelta(days=offset), start + timedelta(days=offset + length))
    clock = TaskClock(start, limit, (pause,))
    due = due_date(clock, calendar, start).due
    today = start + timedelta(days=step)

    # then
    assert days_used(clock, calendar, due) == limit
    assert days_left(clock, calendar, due - timedelta(days=1)) == 1
    if today <= due and (pause.end is None or pause.end <= today):
        assert days_left(clock, calendar, today) == calendar.working_days_between(today, due)
