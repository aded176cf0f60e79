from datetime import date

import pytest

from domain.calendar import (
    Deadline,
    Pause,
    TaskClock,
    WarningLight,
    days_left,
    days_used,
    due_date,
    warning_light,
    working_calendar,
)

CALENDAR = working_calendar()
MONDAY = date(2026, 3, 2)  # an ordinary week: Monday 2 to Friday 6 March 2026


def test_without_pauses_the_clock_is_the_plain_deadline() -> None:
    # given
    clock = TaskClock(started_on=MONDAY, limit_days=5)

    # when
    deadline = due_date(clock, CALENDAR, today=MONDAY)

    # then
    assert deadline == CALENDAR.add_working_days(MONDAY, 5) == Deadline(due=date(2026, 3, 9), estimated=False)


def test_a_closed_pause_pushes_the_deadline_by_its_working_days() -> None:
    # given: sent back Tuesday, revision back Thursday: Wednesday and Thursday do not count
    clock = TaskClock(started_on=MONDAY, limit_days=5, pauses=(Pause(date(2026, 3, 3), date(2026, 3, 5)),))

    # when
    deadline = due_date(clock, CALENDAR, today=date(2026, 3, 6))

    # then
    assert deadline.due == date(2026, 3, 11)


def test_an_open_pause_counts_up_to_today() -> None:
    # given: sent back Tuesday, still with the applicant
    clock = TaskClock(started_on=MONDAY, limit_days=5, pauses=(Pause(date(2026, 3, 3)),))

    # then: each working day spent waiting moves the deadline by one
    assert due_date(clock, CALENDAR, today=date(2026, 3, 3)).due == date(2026, 3, 9)
    assert due_date(clock, CALENDAR, today=date(2026, 3, 5)).due == date(2026, 3, 11)
    assert due_date(clock, CALENDAR, today=date(2026, 3, 6)).due == date(2026, 3, 12)
    assert due_date(clock, CALENDAR, today=date(2026, 3, 8)).due == date(2026, 3, 12)  # Sunday: no change


def test_days_used_and_left_exclude_paused_days() -> None:
    # given
    clock = TaskClock(started_on=MONDAY, limit_days=5, pauses=(Pause(date(2026, 3, 3)),))

    # when
    used = days_used(clock, CALENDAR, today=date(2026, 3, 5))
    left = days_left(clock, CALENDAR, today=date(2026, 3, 5))

    # then: only Tuesday ran
    assert (used, left) == (1, 4)


def test_holidays_inside_a_pause_are_not_paused_working_days() -> None:
    # given: returned on 30 September 2026, back on 9 October; 国庆 is 1–7 October
    pause = Pause(date(2026, 9, 30), date(2026, 10, 9))
    clock = TaskClock(started_on=date(2026, 9, 29), limit_days=2, pauses=(pause,))

    # when
    deadline = due_date(clock, CALENDAR, today=date(2026, 10, 9))

    # then: 30 Sep ran; 8 and 9 Oct were paused; the 调休 Saturday 10 Oct is day two
    assert deadline == Deadline(due=date(2026, 10, 10), estimated=False)


def test_days_left_goes_negative_when_overdue() -> None:
    # given
    clock = TaskClock(started_on=MONDAY, limit_days=5)

    # then
    assert days_left(clock, CALENDAR, today=date(2026, 3, 6)) == 1
    assert days_left(clock, CALENDAR, today=date(2026, 3, 9)) == 0
    assert days_left(clock, CALENDAR, today=date(2026, 3, 10)) == -1
    assert days_used(clock, CALENDAR, today=date(2026, 3, 10)) == 6


def test_lights_over_the_life_of_a_task() -> None:
    clock = TaskClock(started_on=MONDAY, limit_days=5)

    lights = [warning_light(days_left(clock, CALENDAR, date(2026, 3, d))) for d in (2, 5, 6, 9, 10)]

    assert lights == [
        WarningLight.GREEN,
        WarningLight.GREEN,
        WarningLight.YELLOW,
        WarningLight.YELLOW,
        WarningLight.RED,
    ]


def test_days_used_before_the_start_is_zero() -> None:
    clock = TaskClock(started_on=MONDAY, limit_days=5)

    assert days_used(clock, CALENDAR, today=date(2026, 2, 27)) == 0


def test_a_pause_after_the_deadline_does_not_move_it() -> None:
    # given: due Wednesday, sent back only on Friday
    clock = TaskClock(started_on=MONDAY, limit_days=2, pauses=(Pause(date(2026, 3, 6), date(2026, 3, 11)),))

    # then
    assert due_date(clock, CALENDAR, today=date(2026, 3, 12)).due == date(2026, 3, 4)
    assert days_left(clock, CALENDAR, today=date(2026, 3, 12)) == -3  # Tuesday to Friday, then Thursday 12 ran


def test_parallel_branches_are_separate_clocks() -> None:
    # given: two opinions requested the same Monday; only the finance branch was sent back
    technical = TaskClock(started_on=MONDAY, limit_days=5)
    finance = TaskClock(started_on=MONDAY, limit_days=5, pauses=(Pause(date(2026, 3, 2), date(2026, 3, 4)),))
    today = date(2026, 3, 5)

    # when
    deadlines = [due_date(clock, CALENDAR, today).due for clock in (technical, finance)]

    # then
    assert deadlines == [date(2026, 3, 9), date(2026, 3, 11)]
    assert [days_left(clock, CALENDAR, today) for clock in (technical, finance)] == [2, 4]


def test_several_pauses_add_up() -> None:
    pauses = (Pause(date(2026, 3, 2), date(2026, 3, 3)), Pause(date(2026, 3, 4), date(2026, 3, 5)))
    clock = TaskClock(started_on=MONDAY, limit_days=3, pauses=pauses)

    # then: Tuesday and Thursday are paused; Wednesday, Friday and Monday run
    assert due_date(clock, CALENDAR, today=date(2026, 3, 5)).due == date(2026, 3, 9)


def test_a_clock_running_into_a_year_without_data_is_estimated() -> None:
    clock = TaskClock(started_on=date(2026, 12, 28), limit_days=3, pauses=(Pause(date(2026, 12, 29)),))

    deadline = due_date(clock, CALENDAR, today=date(2026, 12, 31))

    # then: Tuesday ran, Wednesday and Thursday were paused, then Friday 1 and Monday 4 January 2027
    assert deadline == Deadline(due=date(2027, 1, 4), estimated=True)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Pause(date(2026, 3, 5), date(2026, 3, 4)), "pause ends 2026-03-04 before it starts 2026-03-05"),
        (lambda: TaskClock(started_on=MONDAY, limit_days=0), "limit_days must be at least 1"),
        (
            lambda: TaskClock(started_on=MONDAY, limit_days=5, pauses=(Pause(date(2026, 3, 1)),)),
            "pause from 2026-03-01 overlaps",
        ),
        (
            lambda: TaskClock(
                started_on=MONDAY,
                limit_days=5,
                pauses=(Pause(date(2026, 3, 3), date(2026, 3, 5)), Pause(date(2026, 3, 4), date(2026, 3, 6))),
            ),
            "pause from 2026-03-04 overlaps",
        ),
        (
            lambda: TaskClock(
                started_on=MONDAY,
                limit_days=5,
                pauses=(Pause(date(2026, 3, 3), date(2026, 3, 5)), Pause(date(2026, 3, 2), date(2026, 3, 2))),
            ),
            "pause from 2026-03-02 overlaps",
        ),
        (
            lambda: TaskClock(
                started_on=MONDAY, limit_days=5, pauses=(Pause(date(2026, 3, 3)), Pause(date(2026, 3, 5)))
            ),
            "only the last pause may still be open",
        ),
    ],
)
def test_invalid_clocks_are_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]
