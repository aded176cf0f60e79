"""Drawing a panel at random, reproducibly: the same candidates, quotas and seed give the same seats."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from types import MappingProxyType

from domain.reviews.rules.eligibility import (
    Candidate,
    DrawContext,
    DrawRules,
    Employment,
    Exclusion,
    exclusions,
    lookback_start,
)
from domain.reviews.rules.matching import can_fill, fits, matched_seats

__all__ = [
    "Candidate",
    "DrawContext",
    "DrawResult",
    "DrawRules",
    "Employment",
    "Exclusion",
    "Quota",
    "Seat",
    "Shortage",
    "draw",
    "exclusions",
    "fill_order",
    "lookback_start",
    "new_seed",
    "replacement",
]


@dataclass(frozen=True, slots=True)
class Quota:
    """Seats to fill from one specialty; None takes experts of any specialty."""

    specialty: str | None
    count: int

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"a quota needs at least one seat, got {self.count}")
        if self.specialty is not None and not self.specialty.strip():
            raise ValueError("a quota's specialty must be a name or None")


@dataclass(frozen=True, slots=True)
class Seat:
    quota_index: int
    expert_id: int


@dataclass(frozen=True, slots=True)
class DrawResult:
    """The panel drawn, who was excluded and why, and per quota the reserve for replacements."""

    seats: tuple[Seat, ...]
    excluded: Mapping[int, tuple[Exclusion, ...]]
    reserve: Mapping[int, tuple[int, ...]]
    seed: int


class Shortage(ValueError):
    """A quota that the eligible experts cannot fill once the quotas before it are filled."""

    def __init__(self, quota_index: int, specialty: str | None, needed: int, available: int) -> None:
        label = specialty if specialty is not None else "any specialty"
        super().__init__(f"quota {quota_index} ({label}): needs {needed}, {available} eligible")
        self.quota_index = quota_index
        self.specialty = specialty
        self.needed = needed
        self.available = available


def new_seed() -> int:
    """A fresh seed for a draw, to be recorded with it; 63 bits so that it fits a signed BIGINT."""
    return secrets.randbits(63)


def fill_order(quotas: Sequence[Quota]) -> tuple[int, ...]:
    """Quota indices in the order they are filled: specialty quotas as given, then the "any" quotas."""
    named = [i for i, quota in enumerate(quotas) if quota.specialty is not None]
    return (*named, *(i for i, quota in enumerate(quotas) if quota.specialty is None))


def draw(
    candidates: Sequence[Candidate], quotas: Sequence[Quota], rules: DrawRules, context: DrawContext, seed: int
) -> DrawResult:
    """Draw the panel; raises Shortage naming the first quota (in fill order) that cannot be filled.

    Eligible experts are sorted by id and shuffled with `seed`, so the order the candidates come
    in does not matter. Each seat takes the first expert in that order who fits it and whose
    taking still leaves enough experts for the seats after it: an expert with two specialties
    is not spent on the first quota when the second one could otherwise not be filled.
    """
    ids = [candidate.expert_id for candidate in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("a candidate appears twice")
    ordered = sorted(candidates, key=lambda candidate: candidate.expert_id)
    reasons = {candidate.expert_id: exclusions(candidate, rules, context) for candidate in ordered}
    pool = [candidate for candidate in ordered if not reasons[candidate.expert_id]]
    random.Random(seed).shuffle(pool)  # noqa: S311 - reproducible on purpose; the seed comes from new_seed()
    plan = [(index, quotas[index].specialty) for index in fill_order(quotas) for _ in range(quotas[index].count)]
    _check_enough(quotas, plan, pool)
    seats: list[Seat] = []
    for taken, (index, specialty) in enumerate(plan):
        later = [later_specialty for _, later_specialty in plan[taken + 1 :]]
        chosen = next(
            candidate
            for candidate in pool
            if fits(specialty, candidate) and can_fill(later, [other for other in pool if other is not candidate])
        )
        pool.remove(chosen)
        seats.append(Seat(index, chosen.expert_id))
    reserve = {
        index: tuple(candidate.expert_id for candidate in pool if fits(quota.specialty, candidate))
        for index, quota in enumerate(quotas)
    }
    excluded = {expert_id: found for expert_id, found in reasons.items() if found}
    return DrawResult(tuple(seats), MappingProxyType(excluded), MappingProxyType(reserve), seed)


def _check_enough(quotas: Sequence[Quota], plan: Sequence[tuple[int, str | None]], pool: Sequence[Candidate]) -> None:
    matched = matched_seats([specialty for _, specialty in plan], pool)
    short = next((index for (index, _), ok in zip(plan, matched, strict=True) if not ok), None)
    if short is None:
        return
    available = sum(ok for (index, _), ok in zip(plan, matched, strict=True) if index == short)
    raise Shortage(short, quotas[short].specialty, quotas[short].count, available)


def replacement(result: DrawResult, quota_index: int, used: Set[int]) -> int | None:
    """The next reserve expert of the quota not in `used` (everyone invited so far), or None."""
    return next((expert_id for expert_id in result.reserve[quota_index] if expert_id not in used), None)
