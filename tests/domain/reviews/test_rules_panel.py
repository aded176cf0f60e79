"""The panel's score, its outliers and its one opinion."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.reviews.rules import Opinion, majority, outliers, panel_score


def d(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_four_scores_are_averaged_as_they_are() -> None:
    assert panel_score(d("70", "80", "85", "95")) == Decimal("82.50")


def test_five_scores_lose_one_highest_and_one_lowest() -> None:
    assert panel_score(d("60", "80", "82", "84", "99")) == Decimal("82.00")


def test_seven_scores_lose_only_one_of_each_extreme() -> None:
    # 95 and 60 appear twice: only one of each goes
    assert panel_score(d("95", "95", "80", "75", "70", "60", "60")) == Decimal("76.00")


def test_the_panel_score_rounds_half_up_to_cents() -> None:
    assert panel_score(d("80.01", "80.00")) == Decimal("80.01")  # 80.005: half-even would give 80.00
    assert panel_score(d("80", "80", "80.1")) == Decimal("80.03")
    assert panel_score(d("77.7")) == Decimal("77.70")


def test_a_panel_score_needs_a_total() -> None:
    with pytest.raises(ValueError, match="at least one"):
        panel_score([])


def test_outliers_lie_strictly_beyond_the_distance() -> None:
    scores = {1: Decimal("90"), 2: Decimal("80"), 3: Decimal("70"), 4: Decimal("69.9"), 5: Decimal("95.1")}
    assert outliers(scores, Decimal("80.00"), Decimal("10")) == frozenset({4, 5})
    assert outliers(scores, Decimal("80.00"), Decimal("20")) == frozenset()
    with pytest.raises(ValueError, match="distance"):
        outliers(scores, Decimal("80"), Decimal("-1"))


P, R, F = Opinion.PASS, Opinion.REVISE, Opinion.FAIL


@pytest.mark.parametrize(
    ("opinions", "chair", "expected"),
    [
        ([P, P, R, F, P], F, P),  # a clear majority, whatever the chair thinks
        ([P, P, R, R], R, R),  # a tie the chair is part of: the chair's opinion
        ([P, P, R, R], P, P),
        ([P, P, F, F, R], R, F),  # the chair outside the tie: the stricter of the tied
        ([P, P, R, R, F], F, R),
        ([P, R, F], P, P),  # a three-way tie: the chair is in it
        ([P, R], F, R),
        ([F], P, F),
    ],
)
def test_the_majority_and_how_ties_are_settled(opinions: list[Opinion], chair: Opinion, expected: Opinion) -> None:
    assert majority(opinions, chair) is expected


def test_a_majority_needs_an_opinion() -> None:
    with pytest.raises(ValueError, match="at least one"):
        majority([], Opinion.PASS)
