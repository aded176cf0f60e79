"""The panel's result: a trimmed mean of the experts' totals, outliers, one opinion; experts' performance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from domain.reviews.rules.performance import Invitation, Performance, performance, performances, quality_index

__all__ = [
    "Invitation",
    "Opinion",
    "Performance",
    "majority",
    "outliers",
    "panel_score",
    "performance",
    "performances",
    "quality_index",
]

TRIM_FROM = 5  # with this many scores or more, the highest and the lowest are dropped
CENT = Decimal("0.01")


class Opinion(StrEnum):
    PASS = "PASS"  # 通过
    REVISE = "REVISE"  # 修改后通过 / 修改后再审
    FAIL = "FAIL"  # 不通过


STRICTNESS = {Opinion.PASS: 0, Opinion.REVISE: 1, Opinion.FAIL: 2}


def panel_score(totals: Sequence[Decimal]) -> Decimal:
    """The mean of the totals, without one highest and one lowest from five on; two decimals, half up."""
    if not totals:
        raise ValueError("a panel score needs at least one total")
    kept = sorted(totals)[1:-1] if len(totals) >= TRIM_FROM else list(totals)
    mean = sum(kept, Decimal(0)) / len(kept)
    return mean.quantize(CENT, rounding=ROUND_HALF_UP)


def outliers(scores: Mapping[int, Decimal], panel: Decimal, distance: Decimal) -> frozenset[int]:
    """The experts whose total lies more than `distance` away from the panel score."""
    if distance < 0:
        raise ValueError(f"the outlier distance must be 0 or more, got {distance}")
    return frozenset(expert_id for expert_id, score in scores.items() if abs(score - panel) > distance)


def majority(opinions: Sequence[Opinion], chair: Opinion) -> Opinion:
    """The most frequent opinion; a tie goes to the chair's opinion if tied, else to the strictest tied.

    The chair presides over the discussion and answers for the conclusion, so like a chairman's
    casting vote it settles a tie it is part of. Otherwise the stricter opinion wins: a panel
    split on public money should not pass a plan, and a "revise" or "fail" can be undone by a
    revised submission while a wrong "pass" lets the spending start.
    """
    if not opinions:
        raise ValueError("a majority needs at least one opinion")
    counts = Counter(opinions)
    most = max(counts.values())
    tied = [opinion for opinion, count in counts.items() if count == most]
    if len(tied) == 1:
        return tied[0]
    if chair in tied:
        return chair
    return max(tied, key=STRICTNESS.__getitem__)
