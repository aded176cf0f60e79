"""The 数据官 check: the implementation (tender) plan side by side with the approved construction plan."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One scope item of a plan with its amount in yuan."""

    name: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ItemPair:
    """An item found in both plans; `difference` is implementation minus approved."""

    name: str
    approved: Decimal
    implementation: Decimal

    @property
    def difference(self) -> Decimal:
        return self.implementation - self.approved


@dataclass(frozen=True, slots=True)
class Comparison:
    """Both plans side by side; `dropped` is approved scope left out, `added` is scope not approved."""

    matched: tuple[ItemPair, ...]
    dropped: tuple[PlanItem, ...]
    added: tuple[PlanItem, ...]
    approved_total: Decimal
    implementation_total: Decimal

    @property
    def difference(self) -> Decimal:
        """Implementation total minus approved total."""
        return self.implementation_total - self.approved_total

    @property
    def over_budget(self) -> bool:
        """Whether the implementation plan costs more than the approved plan."""
        return self.implementation_total > self.approved_total

    @property
    def changed(self) -> tuple[ItemPair, ...]:
        """Matched items whose amount differs."""
        return tuple(pair for pair in self.matched if pair.difference != 0)

    @property
    def consistent(self) -> bool:
        """Same scope, same amounts."""
        return not (self.dropped or self.added or self.changed)


def item_key(name: str) -> str:
    """The name items are matched by: NFKC normalised (full-width to half-width), then trimmed."""
    return unicodedata.normalize("NFKC", name).strip()


def compare(approved: Sequence[PlanItem], implementation: Sequence[PlanItem]) -> Comparison:
    """Compare two plans item by item; names are shown normalised, each list keeps its plan's order."""
    before = _by_name(approved, "approved")
    after = _by_name(implementation, "implementation")
    return Comparison(
        matched=tuple(ItemPair(name, amount, after[name]) for name, amount in before.items() if name in after),
        dropped=tuple(PlanItem(name, amount) for name, amount in before.items() if name not in after),
        added=tuple(PlanItem(name, amount) for name, amount in after.items() if name not in before),
        approved_total=sum(before.values(), Decimal(0)),
        implementation_total=sum(after.values(), Decimal(0)),
    )


def _by_name(items: Sequence[PlanItem], plan: str) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = {}
    for item in items:
        name = item_key(item.name)
        if not name:
            raise ValueError(f"an item of the {plan} plan has no name")
        if name in amounts:
            raise ValueError(f"item {name!r} appears twice in the {plan} plan: merge or rename it")
        if not item.amount.is_finite() or item.amount < 0:
            raise ValueError(f"item {name!r} of the {plan} plan has the amount {item.amount}: it must be 0 or more")
        amounts[name] = item.amount
    return amounts
