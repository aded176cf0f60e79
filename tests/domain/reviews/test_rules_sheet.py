"""Score sheets: a submitted sheet is complete and exact, a draft may be partial."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.projects.kinds import Stage
from domain.reviews.rules import SheetCode, SheetError, check_draft, problems, rubric_for, running_total, total

RUBRIC = rubric_for(Stage.PLAN_REVIEW)
FULL = {
    "necessity": Decimal("9"),
    "requirements": Decimal("12.5"),
    "technical": Decimal("17"),
    "data_security": Decimal("13"),
    "cost": Decimal("16.5"),
    "implementation": Decimal("8"),
    "operations": Decimal("7.0"),
}


def error_of(scores: dict[str, Decimal], *, draft: bool = False) -> SheetError:
    with pytest.raises(SheetError) as raised:
        (check_draft if draft else total)(RUBRIC, scores)
    return raised.value


def test_a_complete_sheet_totals_with_one_decimal() -> None:
    assert total(RUBRIC, FULL) == Decimal("83.0")
    assert str(total(RUBRIC, FULL)) == "83.0"


def test_full_marks_and_zero_are_allowed() -> None:
    assert total(RUBRIC, {c.key: c.max_points for c in RUBRIC.criteria}) == Decimal(100)
    assert total(RUBRIC, dict.fromkeys(FULL, Decimal(0))) == Decimal(0)


@pytest.mark.parametrize(
    ("key", "score", "code"),
    [
        ("cost", Decimal("20.1"), SheetCode.ABOVE_MAX),
        ("cost", Decimal("-0.1"), SheetCode.NEGATIVE),
        ("cost", Decimal("12.25"), SheetCode.PRECISION),
        ("cost", Decimal("NaN"), SheetCode.PRECISION),
        ("cost", Decimal("Infinity"), SheetCode.PRECISION),
    ],
)
def test_a_wrong_score_has_its_code_and_criterion(key: str, score: Decimal, code: SheetCode) -> None:
    error = error_of({**FULL, key: score})
    assert (error.criterion, error.code) == (key, code)
    assert isinstance(error, ValueError)
    assert str(error).startswith(f"{key}: ")


def test_trailing_zeros_are_not_extra_precision() -> None:
    assert total(RUBRIC, {**FULL, "cost": Decimal("16.50")}) == Decimal("83.0")


def test_a_missing_criterion_fails_a_sheet_but_not_a_draft() -> None:
    partial = {key: value for key, value in FULL.items() if key != "technical"}
    error = error_of(partial)
    assert (error.criterion, error.code) == ("technical", SheetCode.MISSING)
    assert "技术方案可行性" in str(error)
    assert check_draft(RUBRIC, partial) == Decimal("66.0")


def test_an_unknown_criterion_fails_both() -> None:
    for draft in (False, True):
        error = error_of({**FULL, "beauty": Decimal("1")}, draft=draft)
        assert (error.criterion, error.code) == ("beauty", SheetCode.UNKNOWN)


def test_a_draft_checks_the_scores_it_has() -> None:
    error = error_of({"cost": Decimal("25")}, draft=True)
    assert (error.criterion, error.code) == ("cost", SheetCode.ABOVE_MAX)
    assert check_draft(RUBRIC, {}) == Decimal(0)


def test_every_problem_is_listed_in_rubric_order_then_unknown_keys() -> None:
    scores = {"zzz": Decimal(1), "aaa": Decimal(1), "cost": Decimal(-1), "necessity": Decimal("1.25")}
    found = [(p.criterion, p.code) for p in problems(RUBRIC, scores)]
    assert found == [
        ("necessity", SheetCode.PRECISION),
        ("requirements", SheetCode.MISSING),
        ("technical", SheetCode.MISSING),
        ("data_security", SheetCode.MISSING),
        ("cost", SheetCode.NEGATIVE),
        ("implementation", SheetCode.MISSING),
        ("operations", SheetCode.MISSING),
        ("aaa", SheetCode.UNKNOWN),
        ("zzz", SheetCode.UNKNOWN),
    ]
    assert [p.criterion for p in problems(RUBRIC, scores, draft=True)] == ["necessity", "cost", "aaa", "zzz"]


def test_the_running_total_adds_the_valid_scores_typed_so_far() -> None:
    typing = {"necessity": Decimal("9"), "cost": Decimal("25"), "technical": Decimal("15.5"), "x": Decimal(3)}
    assert running_total(RUBRIC, typing) == Decimal("24.5")
    assert running_total(RUBRIC, {}) == Decimal(0)
