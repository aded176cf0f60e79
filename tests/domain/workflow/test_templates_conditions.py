"""Conditions: comparisons of known facts, three-valued when an amount is not known yet."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.projects.kinds import ProjectCategory, ProjectType
from domain.workflow.templates import (
    AllOf,
    AnyOf,
    Compare,
    Field,
    Not,
    Op,
    ProjectFacts,
    evaluate,
    load_template,
    truth,
    unknown_fields,
)

BIG = Compare(Field.APPROVED_BUDGET, Op.GE, Decimal(1_000_000))
SOFTWARE = Compare(Field.TYPE, Op.EQ, ProjectType.SOFTWARE)


def facts(**amounts: int | None) -> ProjectFacts:
    values = {name: None if amount is None else Decimal(amount) for name, amount in amounts.items()}
    return ProjectFacts(category=ProjectCategory.NEW, type=ProjectType.SOFTWARE, **values)


@pytest.mark.parametrize(
    ("op", "budget", "expected"),
    [
        (Op.GE, 1_000_000, True),
        (Op.GE, 999_999, False),
        (Op.GT, 1_000_000, False),
        (Op.LT, 999_999, True),
        (Op.LE, 1_000_000, True),
        (Op.EQ, 1_000_000, True),
        (Op.NE, 1_000_000, False),
    ],
)
def test_amount_comparisons(op: Op, budget: int, expected: bool) -> None:
    condition = Compare(Field.APPROVED_BUDGET, op, Decimal(1_000_000))
    assert evaluate(condition, facts(approved_budget=budget)) is expected


def test_kind_comparisons() -> None:
    assert evaluate(SOFTWARE, facts())
    assert not evaluate(Compare(Field.TYPE, Op.NE, ProjectType.SOFTWARE), facts())
    upgrade_or_om = (ProjectCategory.UPGRADE, ProjectCategory.OM)
    assert not evaluate(Compare(Field.CATEGORY, Op.IN, upgrade_or_om), facts())
    assert evaluate(Compare(Field.CATEGORY, Op.NOT_IN, upgrade_or_om), facts())


def test_a_comparison_with_an_unknown_amount_is_unknown_and_evaluates_false() -> None:
    unknown = facts(approved_budget=None)
    assert truth(BIG, unknown) is None
    assert evaluate(BIG, unknown) is False
    # `not` keeps it unknown: "budget not known" must not read as "budget is small".
    assert truth(Not(BIG), unknown) is None
    assert evaluate(Not(BIG), unknown) is False


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (AllOf((BIG, SOFTWARE)), None),
        (AllOf((BIG, Not(SOFTWARE))), False),  # one known false decides `all`
        (AnyOf((BIG, SOFTWARE)), True),  # one known true decides `any`
        (AnyOf((BIG, Not(SOFTWARE))), None),
    ],
)
def test_combinators_follow_three_valued_logic(condition: AllOf | AnyOf, expected: bool | None) -> None:
    assert truth(condition, facts(approved_budget=None)) is expected
    assert evaluate(condition, facts(approved_budget=None)) is (expected is True)


def test_no_condition_always_holds() -> None:
    assert evaluate(None, facts())
    assert unknown_fields(None, facts()) == frozenset()


def test_unknown_fields_lists_only_what_the_condition_reads_and_is_missing() -> None:
    condition = AnyOf((BIG, Not(Compare(Field.CONTRACT_AMOUNT, Op.LE, Decimal(1))), SOFTWARE))
    assert unknown_fields(condition, facts(contract_amount=5)) == {Field.APPROVED_BUDGET}
    assert unknown_fields(condition, facts(approved_budget=1, contract_amount=5)) == frozenset()


def test_conditions_load_from_yaml_as_exact_decimals() -> None:
    text = """\
key: t
version: 1
name: 测试
name_en: Test
applies_to: {categories: [NEW]}
stages:
  - stage: PRE_REVIEW
    steps:
      - {key: a, name: 甲, name_en: A, action: REVIEW, actors: [{center: DATA}], sign_mode: ORSIGN, limit_days: 2}
      - key: b
        name: 乙
        name_en: B
        action: REVIEW
        actors: [{center: DATA}]
        sign_mode: ORSIGN
        limit_days: 2
        when:
          all:
            - {field: requested_amount, op: "<", value: 500_000.10}
            - not: {field: category, op: in, value: [OM, UPGRADE]}
            - any: [{field: type, op: "!=", value: HARDWARE}, {field: contract_amount, op: "<=", value: 0}]
"""
    when = load_template(text, source="t.yaml").stages[0].steps[1].when
    assert when == AllOf(
        (
            Compare(Field.REQUESTED_AMOUNT, Op.LT, Decimal("500000.1")),
            Not(Compare(Field.CATEGORY, Op.IN, (ProjectCategory.OM, ProjectCategory.UPGRADE))),
            AnyOf(
                (Compare(Field.TYPE, Op.NE, ProjectType.HARDWARE), Compare(Field.CONTRACT_AMOUNT, Op.LE, Decimal(0)))
            ),
        )
    )
    assert evaluate(when, facts(requested_amount=500_000))
    assert not evaluate(when, facts(requested_amount=500_001))
