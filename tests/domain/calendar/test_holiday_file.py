from datetime import date
from pathlib import Path

import pytest

import domain.calendar
from domain.calendar import HolidayFileError, YearDays, parse_holiday_file

HOLIDAYS_DIR = Path(domain.calendar.__file__).parent / "holidays"

BRIEF_EXAMPLE = """\
# 2027 国务院办公厅关于2027年部分节假日安排的通知
year 2027
holiday 2027-01-01 元旦
holiday 2027-02-05..2027-02-11 春节
workday 2027-02-14 春节调休
"""


def test_parses_single_days_ranges_and_make_up_days() -> None:
    # when
    days = parse_holiday_file(BRIEF_EXAMPLE)

    # then
    assert days == YearDays(
        year=2027,
        holidays=frozenset({date(2027, 1, 1)} | {date(2027, 2, d) for d in range(5, 12)}),
        workdays=frozenset({date(2027, 2, 14)}),
    )


def test_tolerates_bom_blank_lines_indentation_case_and_full_width_spaces() -> None:
    # given
    text = "\ufeff\n  # comment\n\nYEAR 2027\r\n  Holiday\u30002027-01-01\u3000元旦 (Friday)\n\tworkday 2027-01-02\n"

    # when
    days = parse_holiday_file(text)

    # then
    assert days.holidays == {date(2027, 1, 1)}
    assert days.workdays == {date(2027, 1, 2)}


def test_a_holiday_may_fall_on_a_weekend() -> None:
    # given: 2027-01-02 and 2027-01-03 are Saturday and Sunday, part of a published block
    days = parse_holiday_file("year 2027\nholiday 2027-01-01..2027-01-03\n")

    assert days.holidays == {date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)}


def test_a_one_day_range_is_one_day() -> None:
    days = parse_holiday_file("year 2027\nholiday 2027-06-09..2027-06-09 端午节\n")

    assert days.holidays == {date(2027, 6, 9)}


def test_workday_ranges_are_accepted() -> None:
    days = parse_holiday_file("year 2027\nworkday 2027-02-20..2027-02-21\n")

    assert days.workdays == {date(2027, 2, 20), date(2027, 2, 21)}


def test_the_example_file_parses_and_says_it_is_not_official() -> None:
    # given
    text = (HOLIDAYS_DIR / "example-2027.txt").read_text(encoding="utf-8")

    # when
    days = parse_holiday_file(text)

    # then
    assert text.splitlines()[0].startswith("# EXAMPLE ONLY")
    assert "不是官方数据" in text
    assert days.year == 2027
    assert date(2027, 10, 1) in days.holidays
    assert all(day.weekday() >= 5 for day in days.workdays)


def test_the_readme_documents_every_keyword() -> None:
    readme = (HOLIDAYS_DIR / "README.md").read_text(encoding="utf-8")

    for keyword in ("`year YYYY`", "`holiday DATE [label]`", "`holiday FIRST..LAST [label]`", "`workday DATE [label]`"):
        assert keyword in readme


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            "year 2027\n\nholyday 2027-01-01\n",
            3,
            "line 3: unknown keyword 'holyday' (expected year, holiday or workday)",
            id="unknown keyword",
        ),
        pytest.param("year 27\n", 1, "line 1: bad year '27' (expected four digits, e.g. year 2027)", id="short year"),
        pytest.param(
            "year\n", 1, "line 1: bad year '' (expected four digits, e.g. year 2027)", id="year without value"
        ),
        pytest.param(
            "year 2027 2028\n",
            1,
            "line 1: bad year '2027 2028' (expected four digits, e.g. year 2027)",
            id="two years on one line",
        ),
        pytest.param(
            "# 2027\nyear 2027\nholiday 2027-01-01\nyear 2027\n",
            4,
            "line 4: second 'year' line (year 2027 was given on line 2)",
            id="second year line",
        ),
        pytest.param(
            "holiday 2027-01-01\nyear 2027\n", 1, "line 1: 'holiday' before the 'year' line", id="holiday before year"
        ),
        pytest.param(
            "# no year\n\nworkday 2027-02-20\n",
            3,
            "line 3: 'workday' before the 'year' line",
            id="workday before year",
        ),
        pytest.param(
            "year 2027\nholiday 2027-01-01\nholiday\n",
            3,
            "line 3: 'holiday' needs a date or a range such as 2027-02-05..2027-02-11",
            id="missing date",
        ),
        pytest.param(
            "year 2027\nholiday 2027-01-01\n\nholiday 2027-02-30\n",
            4,
            "line 4: bad date '2027-02-30' (expected YYYY-MM-DD)",
            id="impossible date",
        ),
        pytest.param(
            "year 2027\nholiday 2027/01/01\n", 2, "line 2: bad date '2027/01/01' (expected YYYY-MM-DD)", id="slashes"
        ),
        pytest.param(
            "year 2027\nholiday 20270101\n", 2, "line 2: bad date '20270101' (expected YYYY-MM-DD)", id="no dashes"
        ),
        pytest.param(
            "year 2027\nholiday 2027-02-05..\n", 2, "line 2: bad date '' (expected YYYY-MM-DD)", id="open range"
        ),
        pytest.param(
            "year 2027\nholiday 2027-1-1\n", 2, "line 2: bad date '2027-1-1' (expected YYYY-MM-DD)", id="no zero pad"
        ),
        pytest.param(
            "year 2027\nholiday 2027-01-01\nholiday 2027-10-01\nholiday 2028-01-01\n",
            4,
            "line 4: 2028-01-01 is not in year 2027",
            id="another year",
        ),
        pytest.param(
            "year 2027\nholiday 2026-12-31..2027-01-01\n",
            2,
            "line 2: 2026-12-31 is not in year 2027",
            id="range starting in another year",
        ),
        pytest.param(
            "year 2027\nholiday 2027-02-11..2027-02-05\n",
            2,
            "line 2: range 2027-02-11..2027-02-05 runs backwards",
            id="range backwards",
        ),
        pytest.param(
            "year 2027\nholiday 2027-02-05..2027-03-11\n",
            2,
            "line 2: range 2027-02-05..2027-03-11 is 35 days long, more than 31",
            id="range too long",
        ),
        pytest.param(
            "year 2027\nholiday 2027-02-05\nworkday 2027-02-10\n",
            3,
            "line 3: workday 2027-02-10 is a Wednesday, not a Saturday or Sunday",
            id="workday on a weekday",
        ),
        pytest.param(
            "year 2027\nholiday 2027-02-05..2027-02-11\n\nholiday 2027-02-07\n",
            4,
            "line 4: 2027-02-07 is already a holiday on line 2",
            id="duplicate holiday",
        ),
        pytest.param(
            "year 2027\nworkday 2027-02-20\nworkday 2027-02-20\n",
            3,
            "line 3: 2027-02-20 is already a workday on line 2",
            id="duplicate workday",
        ),
        pytest.param(
            "year 2027\nholiday 2027-02-05..2027-02-11\nworkday 2027-02-06\n",
            3,
            "line 3: 2027-02-06 is already a holiday on line 2",
            id="holiday and workday",
        ),
        pytest.param(
            "# 2027 notice\n\n# to be typed\n", 3, "line 3: no 'year' line in the file", id="missing year line"
        ),
        pytest.param("", 1, "line 1: no 'year' line in the file", id="empty file"),
        pytest.param(
            "# 2027\nyear 2027\n# nothing yet\n",
            3,
            "line 3: year 2027 has no holiday or workday lines",
            id="year without days",
        ),
    ],
)
def test_errors_name_their_line(text: str, line: int, message: str) -> None:
    # when
    with pytest.raises(HolidayFileError) as caught:
        parse_holiday_file(text)

    # then
    assert str(caught.value) == message
    assert caught.value.line == line
    assert message.endswith(caught.value.problem)


def test_holiday_file_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^line 1: "):
        parse_holiday_file("holidays 2027\n")
