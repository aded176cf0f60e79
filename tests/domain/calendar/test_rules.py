from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from domain.calendar import (
    Deadline,
    WorkingCalendar,
    YearDays,
    china_today,
    official_years,
    parse_holiday_file,
    working_calendar,
)

OFFICIAL = working_calendar()
LOADED_2027 = """\
# test data, not the official 2027 schedule
year 2027
holiday 2027-10-01..2027-10-07 国庆节
workday 2027-09-26
workday 2027-10-09
"""


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 30), True),  # Wednesday before 国庆
        (date(2026, 10, 1), False),
        (date(2026, 10, 5), False),  # a Monday inside the block
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),  # the block ends on the 7th
        (date(2026, 10, 10), True),  # 调休 Saturday
        (date(2026, 9, 20), True),  # 调休 Sunday
        (date(2026, 10, 11), False),  # an ordinary Sunday
        (date(2026, 2, 14), True),  # 调休 Saturday before 春节
        (date(2026, 2, 16), False),
        (date(2026, 2, 23), False),
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # 调休 Saturday after 春节
        (date(2026, 3, 7), False),  # an ordinary Saturday
    ],
)
def test_is_working_day_follows_the_2026_schedule(day: date, working: bool) -> None:
    assert OFFICIAL.is_working_day(day) is working


def test_covers_only_years_with_data() -> None:
    assert OFFICIAL.covers(2026)
    assert OFFICIAL.covers(2004)
    assert not OFFICIAL.covers(2027)
    assert not OFFICIAL.covers(2003)


def test_arriving_on_friday_with_one_day_is_due_monday() -> None:
    assert OFFICIAL.add_working_days(date(2026, 3, 6), 1) == Deadline(due=date(2026, 3, 9), estimated=False)


def test_deadline_across_national_day_2026() -> None:
    # given: work arrives Wednesday 30 September, the day before 国庆 (1–7 October)
    start = date(2026, 9, 30)

    # when
    one, three, five = (OFFICIAL.add_working_days(start, n) for n in (1, 3, 5))

    # then: Thursday 8th, Friday 9th, the 调休 Saturday 10th, then Monday 12th and Tuesday 13th
    assert one == Deadline(due=date(2026, 10, 8), estimated=False)
    assert three == Deadline(due=date(2026, 10, 10), estimated=False)
    assert five == Deadline(due=date(2026, 10, 13), estimated=False)


def test_make_up_sunday_before_national_day_counts() -> None:
    # given: Friday 18 September 2026; Sunday 20th is a 调休 working day
    assert OFFICIAL.add_working_days(date(2026, 9, 18), 1).due == date(2026, 9, 20)


def test_make_up_saturday_counts_as_a_working_day() -> None:
    # given: Friday 9 October 2026; Saturday 10th is a 调休 working day
    assert OFFICIAL.add_working_days(date(2026, 10, 9), 1).due == date(2026, 10, 10)


def test_deadline_across_spring_festival_2026() -> None:
    # given: work arrives Friday 13 February; 14th is 调休, 15–23 is 春节
    start = date(2026, 2, 13)

    # then
    assert OFFICIAL.add_working_days(start, 1).due == date(2026, 2, 14)
    assert OFFICIAL.add_working_days(start, 2).due == date(2026, 2, 24)
    assert OFFICIAL.add_working_days(start, 5).due == date(2026, 2, 27)
    assert OFFICIAL.add_working_days(start, 6).due == date(2026, 2, 28)  # 调休 Saturday


def test_seven_day_review_across_spring_festival() -> None:
    # given: a 7-working-day review decision requested on the first day of the holiday
    deadline = OFFICIAL.add_working_days(date(2026, 2, 15), 7)

    # then: 24, 25, 26, 27, 28 (调休), then 2 and 3 March
    assert deadline == Deadline(due=date(2026, 3, 3), estimated=False)


def test_a_year_without_data_falls_back_to_monday_to_friday_and_is_flagged() -> None:
    # given: 2027 is not in the package
    start = date(2027, 9, 30)

    # when
    deadline = OFFICIAL.add_working_days(start, 3)

    # then: Friday 1 October counts like any Friday
    assert deadline == Deadline(due=date(2027, 10, 5), estimated=True)
    assert OFFICIAL.is_working_day(date(2027, 10, 1))
    assert not OFFICIAL.is_working_day(date(2027, 10, 2))


def test_crossing_into_a_year_without_data_is_flagged() -> None:
    # given: Wednesday 30 December 2026, three working days
    deadline = OFFICIAL.add_working_days(date(2026, 12, 30), 3)

    # then: 31 December, then 1 and 4 January 2027 on the fallback
    assert deadline == Deadline(due=date(2027, 1, 4), estimated=True)


def test_staying_inside_a_covered_year_is_not_flagged() -> None:
    assert not OFFICIAL.add_working_days(date(2026, 12, 24), 4).estimated


def test_a_loaded_2027_file_takes_precedence_over_the_fallback() -> None:
    # given
    calendar = working_calendar([parse_holiday_file(LOADED_2027)])

    # when
    deadline = calendar.add_working_days(date(2027, 9, 30), 3)

    # then: Friday 8th, the 调休 Saturday 9th, Monday 11th; no longer an estimate
    assert calendar.covers(2027)
    assert deadline == Deadline(due=date(2027, 10, 11), estimated=False)
    assert calendar.is_working_day(date(2027, 9, 26))


def test_a_loaded_year_replaces_the_package_data() -> None:
    # given: an administrator's correction of 2026
    correction = parse_holiday_file("year 2026\nholiday 2026-10-01..2026-10-09\n")

    # when
    calendar = working_calendar([correction])

    # then
    assert not calendar.is_working_day(date(2026, 10, 8))
    assert not calendar.is_working_day(date(2026, 10, 10))  # the package's 调休 is gone
    assert calendar.covers(2025)


def test_the_same_year_cannot_be_loaded_twice() -> None:
    days = parse_holiday_file(LOADED_2027)

    with pytest.raises(ValueError, match="year 2027 is loaded twice"):
        working_calendar([days, days])


def test_a_calendar_without_years_is_monday_to_friday() -> None:
    calendar = WorkingCalendar({})

    assert calendar.add_working_days(date(2026, 9, 30), 1) == Deadline(due=date(2026, 10, 1), estimated=True)


def test_years_must_be_filed_under_their_own_number() -> None:
    with pytest.raises(ValueError, match="data for year 2026 filed under 2027"):
        WorkingCalendar({2027: official_years()[2026]})


def test_years_are_read_only_and_copied() -> None:
    # given
    years = {2026: official_years()[2026]}
    calendar = WorkingCalendar(years)

    # when
    years[2027] = YearDays(year=2027, holidays=frozenset(), workdays=frozenset())

    # then
    assert not calendar.covers(2027)
    with pytest.raises(TypeError):
        calendar.years[2027] = years[2027]  # type: ignore[index]


@pytest.mark.parametrize("n", [0, -1])
def test_n_must_be_at_least_one(n: int) -> None:
    with pytest.raises(ValueError, match="n must be at least 1"):
        OFFICIAL.add_working_days(date(2026, 3, 2), n)


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert OFFICIAL.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    assert OFFICIAL.working_days_between(date(2026, 3, 2), date(2026, 3, 3)) == 1
    assert OFFICIAL.working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6


def test_working_days_between_is_zero_unless_end_is_later() -> None:
    assert OFFICIAL.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert OFFICIAL.working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == 0


@pytest.mark.parametrize(
    ("now", "today"),
    [
        (datetime(2026, 9, 30, 15, 59, 59, tzinfo=UTC), date(2026, 9, 30)),
        (datetime(2026, 9, 30, 16, 0, tzinfo=UTC), date(2026, 10, 1)),  # midnight in Beijing
        (datetime(2026, 12, 31, 20, 0, tzinfo=UTC), date(2027, 1, 1)),
        (datetime(2026, 10, 1, 1, 0, tzinfo=timezone(timedelta(hours=-5))), date(2026, 10, 1)),
    ],
)
def test_china_today_is_the_beijing_date(now: datetime, today: date) -> None:
    assert china_today(now) == today


def test_china_today_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        china_today(datetime(2026, 10, 1, 12, 0))
