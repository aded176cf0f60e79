from datetime import date, timedelta

import pytest

from domain.calendar import YearDays, official_years


def _span(first: date, last: date) -> frozenset[date]:
    return frozenset(first + timedelta(days=i) for i in range((last - first).days + 1))


def test_year_days_keeps_its_dates() -> None:
    # when
    days = YearDays(year=2027, holidays=frozenset({date(2027, 1, 1)}), workdays=frozenset({date(2027, 2, 20)}))

    # then
    assert days.holidays == {date(2027, 1, 1)}
    assert days.workdays == {date(2027, 2, 20)}


def test_year_days_refuses_a_date_of_another_year() -> None:
    with pytest.raises(ValueError, match="2028-01-01 is not in year 2027"):
        YearDays(year=2027, holidays=frozenset({date(2028, 1, 1)}), workdays=frozenset())


def test_year_days_refuses_a_make_up_day_in_another_year() -> None:
    with pytest.raises(ValueError, match="2026-12-27 is not in year 2027"):
        YearDays(year=2027, holidays=frozenset(), workdays=frozenset({date(2026, 12, 27)}))


def test_a_day_cannot_be_both_holiday_and_workday() -> None:
    day = date(2027, 2, 20)
    with pytest.raises(ValueError, match="2027-02-20 cannot be both"):
        YearDays(year=2027, holidays=frozenset({day}), workdays=frozenset({day}))


def test_official_years_are_those_of_the_package() -> None:
    # when
    years = official_years()

    # then
    assert sorted(years) == list(range(2004, 2027))
    assert all(year == days.year for year, days in years.items())
    assert 2027 not in years


def test_official_years_returns_a_fresh_dict() -> None:
    # given
    years = official_years()

    # when
    del years[2026]

    # then
    assert 2026 in official_years()


def test_2026_national_day_as_published() -> None:
    # given: 国庆节 10月1日至7日放假调休，共7天；9月20日（周日）、10月10日（周六）上班
    days = official_years()[2026]

    # then
    assert _span(date(2026, 10, 1), date(2026, 10, 7)) <= days.holidays
    assert date(2026, 10, 8) not in days.holidays
    assert {date(2026, 9, 20), date(2026, 10, 10)} <= days.workdays


def test_2026_spring_festival_as_published() -> None:
    # given: 春节 2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班
    days = official_years()[2026]

    # then
    assert _span(date(2026, 2, 15), date(2026, 2, 23)) <= days.holidays
    assert date(2026, 2, 24) not in days.holidays
    assert {date(2026, 2, 14), date(2026, 2, 28)} <= days.workdays


def test_2026_make_up_days_are_all_weekends() -> None:
    workdays = official_years()[2026].workdays

    assert sorted(workdays) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]
    assert all(day.weekday() >= 5 for day in workdays)
