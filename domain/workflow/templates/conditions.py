"""Conditions in templates: a closed set of project facts compared to constants, no eval."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeAlias

from domain.projects.kinds import ProjectCategory, ProjectType


class Field(StrEnum):
    REQUESTED_AMOUNT = "requested_amount"
    APPROVED_BUDGET = "approved_budget"
    CONTRACT_AMOUNT = "contract_amount"
    CATEGORY = "category"
    TYPE = "type"


AMOUNT_FIELDS = frozenset({Field.REQUESTED_AMOUNT, Field.APPROVED_BUDGET, Field.CONTRACT_AMOUNT})


class Op(StrEnum):
    EQ = "=="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    IN = "in"
    NOT_IN = "not_in"


AMOUNT_OPS = frozenset({Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE})
KIND_OPS = frozenset({Op.EQ, Op.NE, Op.IN, Op.NOT_IN})

_APPLY: dict[Op, Callable[[Any, Any], bool]] = {
    Op.EQ: operator.eq,
    Op.NE: operator.ne,
    Op.LT: operator.lt,
    Op.LE: operator.le,
    Op.GT: operator.gt,
    Op.GE: operator.ge,
    Op.IN: lambda actual, allowed: actual in allowed,
    Op.NOT_IN: lambda actual, allowed: actual not in allowed,
}


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """What conditions may look at; amounts in yuan, None while not yet known."""

    category: ProjectCategory
    type: ProjectType
    requested_amount: Decimal | None = None
    approved_budget: Decimal | None = None
    contract_amount: Decimal | None = None

    def get(self, field: Field) -> Decimal | ProjectCategory | ProjectType | None:
        """The value of one fact."""
        value: Decimal | ProjectCategory | ProjectType | None = getattr(self, field.value)
        return value


Kind: TypeAlias = ProjectCategory | ProjectType


@dataclass(frozen=True, slots=True)
class Compare:
    field: Field
    op: Op
    value: Decimal | Kind | tuple[Kind, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    condition: Condition


Condition: TypeAlias = Compare | AllOf | AnyOf | Not


def truth(condition: Condition, facts: ProjectFacts) -> bool | None:
    """Three-valued truth: None when it depends on an amount that is not known yet."""
    match condition:
        case Compare(field=field, op=op, value=value):
            actual = facts.get(field)
            return None if actual is None else _APPLY[op](actual, value)
        case Not(condition=inner):
            inner_truth = truth(inner, facts)
            return None if inner_truth is None else not inner_truth
        case AllOf(conditions=parts):
            results = [truth(part, facts) for part in parts]
            return False if False in results else (None if None in results else True)
        case AnyOf(conditions=parts):
            results = [truth(part, facts) for part in parts]
            return True if True in results else (None if None in results else False)


def evaluate(condition: Condition | None, facts: ProjectFacts) -> bool:
    """Whether the condition is known to hold; no condition always holds.

    An unknown amount makes a comparison unknown rather than false, so `not` cannot turn
    "budget not known yet" into "budget is small"; only at the top does unknown count as false.
    """
    return condition is None or truth(condition, facts) is True


def unknown_fields(condition: Condition | None, facts: ProjectFacts) -> frozenset[Field]:
    """The fields the condition reads that are not known yet: re-plan once they are."""
    return frozenset(c.field for c in _comparisons(condition) if facts.get(c.field) is None)


def _comparisons(condition: Condition | None) -> Iterator[Compare]:
    match condition:
        case Compare():
            yield condition
        case Not(condition=inner):
            yield from _comparisons(inner)
        case AllOf(conditions=parts) | AnyOf(conditions=parts):
            for part in parts:
                yield from _comparisons(part)


def amount_text(amount: Decimal) -> str:
    """An amount written the same way however it was typed (1e6, 1000000.0, 1_000_000)."""
    return format(amount.normalize(), "f")


def condition_data(condition: Condition) -> dict[str, Any]:
    """The condition in its YAML shape, with canonical values."""
    match condition:
        case Compare(field=field, op=op, value=value):
            return {"field": field.value, "op": op.value, "value": _value_data(value)}
        case Not(condition=inner):
            return {"not": condition_data(inner)}
        case AllOf(conditions=parts):
            return {"all": [condition_data(part) for part in parts]}
        case AnyOf(conditions=parts):
            return {"any": [condition_data(part) for part in parts]}


def _value_data(value: Decimal | Kind | tuple[Kind, ...]) -> str | list[str]:
    if isinstance(value, Decimal):
        return amount_text(value)
    if isinstance(value, tuple):
        return [item.value for item in value]
    return value.value
