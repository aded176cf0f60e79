"""The implementation plan against the approved plan: kept, dropped and added scope, and the totals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.reviews.rules import ItemPair, PlanItem, compare, item_key

APPROVED = [
    PlanItem("统一受理平台开发", Decimal("1200000")),
    PlanItem("服务器", Decimal("300000")),
    PlanItem("等保测评", Decimal("80000")),
    PlanItem("数据治理", Decimal("150000")),
]
IMPLEMENTATION = [
    PlanItem("  统一受理平台开发\u3000", Decimal("1250000")),  # spaces and an ideographic space around
    PlanItem("服务器", Decimal("300000")),
    PlanItem("数据治理", Decimal("120000")),
    PlanItem("ＡＩ客服", Decimal("90000")),  # full-width letters
]


def test_items_are_set_side_by_side() -> None:
    comparison = compare(APPROVED, IMPLEMENTATION)
    assert comparison.matched == (
        ItemPair("统一受理平台开发", Decimal("1200000"), Decimal("1250000")),
        ItemPair("服务器", Decimal("300000"), Decimal("300000")),
        ItemPair("数据治理", Decimal("150000"), Decimal("120000")),
    )
    assert [pair.difference for pair in comparison.matched] == [Decimal("50000"), Decimal(0), Decimal("-30000")]
    assert comparison.dropped == (PlanItem("等保测评", Decimal("80000")),)
    assert comparison.added == (PlanItem("AI客服", Decimal("90000")),)
    assert [pair.name for pair in comparison.changed] == ["统一受理平台开发", "数据治理"]
    assert not comparison.consistent


def test_totals_and_the_over_budget_flag() -> None:
    comparison = compare(APPROVED, IMPLEMENTATION)
    assert comparison.approved_total == Decimal("1730000")
    assert comparison.implementation_total == Decimal("1760000")
    assert comparison.difference == Decimal("30000")
    assert comparison.over_budget


def test_a_cheaper_implementation_is_not_over_budget() -> None:
    comparison = compare(APPROVED, APPROVED[:3])
    assert comparison.difference == Decimal("-150000")
    assert not comparison.over_budget
    assert comparison.dropped == (APPROVED[3],)


def test_the_same_plan_is_consistent() -> None:
    comparison = compare(APPROVED, list(reversed(APPROVED)))
    assert comparison.consistent
    assert comparison.difference == 0
    assert not comparison.over_budget


def test_names_match_after_nfkc_and_trimming() -> None:
    assert item_key(" （一期）ＧＩＳ平台\u3000") == "(一期)GIS平台"


def test_a_name_twice_in_one_plan_is_refused() -> None:
    with pytest.raises(ValueError, match="'服务器' appears twice in the implementation plan"):
        compare(APPROVED, [*IMPLEMENTATION, PlanItem("服务器 ", Decimal(1))])


def test_a_negative_amount_or_an_empty_name_is_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        compare([PlanItem("服务器", Decimal(-1))], [])
    with pytest.raises(ValueError, match="no name"):
        compare([], [PlanItem("\u3000", Decimal(1))])


def test_two_empty_plans_compare_equal() -> None:
    comparison = compare([], [])
    assert comparison.consistent
    assert comparison.approved_total == comparison.implementation_total == 0
