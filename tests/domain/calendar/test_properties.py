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


def _walked_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """Working days in (start, end] counted a day at a time (the definition the counts must keep)."""
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


def _walked_used(clock: TaskClock, calendar: WorkingCalendar, today: date) -> int:
    count, day = 0, clock.started_on + timedelta(days=1)
    while day <= today:
        count += calendar.is_working_day(day) and not clock.is_paused(day, today)
        day += timedelta(days=1)
    return count


SPANS = st.integers(min_value=-10, max_value=900)  # up to three years, across their ends


@deadline_settings
@given(calendar=CALENDARS, start=STARTS, span=SPANS)
def test_counting_by_years_gives_what_walking_the_days_gives(calendar: WorkingCalendar, start: date, span: int) -> None:
    end = start + timedelta(days=span)
    assert calendar.working_days_between(start, end) == _walked_between(calendar, start, end)


@deadline_settings
@given(
    calendar=CALENDARS,
    start=STARTS,
    limit=LIMITS,
    pauses=st.lists(st.tuples(OFFSETS, LENGTHS, st.booleans()), max_size=3),
    today_offset=st.integers(min_value=-5, max_value=700),
)
def test_days_used_is_the_walked_count_with_pauses(
    calendar: WorkingCalendar,
    start: date,
    limit: int,
    pauses: list[tuple[int, int, bool]],
    today_offset: int,
) -> None:
    # pauses one after another after the start, the last one possibly still open
    made, at = [], start
    for index, (gap, length, still_open) in enumerate(pauses):
        begin = at + timedelta(days=gap)
        last = index == len(pauses) - 1
        made.append(Pause(begin, None if last and still_open else begin + timedelta(days=length)))
        at = made[-1].end or begin
    clock = TaskClock(started_on=start, limit_days=limit, pauses=tuple(made))
    today = start + timedelta(days=today_offset)
    assert days_used(clock, calendar, today) == _walked_used(clock, calendar, today)
