"""An expert's record in the expert library: acceptance, timeliness, closeness to the panel, rating.

The quality index (0..100) is a weighted mean of four components, each between 0 and 1:

    acceptance  20  invitations accepted / invitations answered (an expired one counts as declined)
    on time     30  sheets submitted by the scoring deadline / accepted invitations that are due
    closeness   30  1 - average |total - panel score| / 20, floored at 0: a fifth of the scale off scores 0
    rating      20  (organiser's average rating - 1) / 4, ratings being 1 to 5

A component without anything to measure is left out and the weights of the others are scaled
up, so a new expert is judged only on what is known; with nothing known the index is None and
the draw never excludes them for it. Outliers are reported but not weighted: closeness measures
the same thing without depending on each panel's outlier distance. The index is computed from
the rounded figures shown beside it, so anyone can recompute it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

WEIGHTS = {"acceptance": Decimal(20), "on_time": Decimal(30), "closeness": Decimal(30), "rating": Decimal(20)}
DEVIATION_FLOOR = Decimal(20)  # points away from the panel score at which closeness reaches 0
RATINGS = range(1, 6)
RATE_STEP = Decimal("0.0001")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Invitation:
    """One invitation to a panel and what came of it.

    `accepted` is None while the invitation awaits an answer; one that expired unanswered is
    recorded as False, like a decline.
    """

    expert_id: int
    invited_at: datetime
    accepted: bool | None
    scoring_deadline: datetime
    responded_at: datetime | None = None
    submitted_at: datetime | None = None
    total: Decimal | None = None
    panel_score: Decimal | None = None
    outlier: bool = False
    quality_rating: int | None = None  # 1 to 5, given by the organiser after the panel

    def __post_init__(self) -> None:
        if self.quality_rating is not None and self.quality_rating not in RATINGS:
            raise ValueError(f"a quality rating is 1 to 5, got {self.quality_rating}")


@dataclass(frozen=True, slots=True)
class Performance:
    invitations: int
    acceptance_rate: Decimal | None
    on_time_rate: Decimal | None
    average_deviation: Decimal | None
    outlier_count: int
    quality_rating: Decimal | None
    index: Decimal | None


def performance(history: Sequence[Invitation], *, as_of: datetime | None = None) -> Performance:
    """The figures and quality index of one expert's invitations.

    An accepted invitation counts for timeliness once its sheet is submitted, or, given `as_of`,
    once its scoring deadline has passed without one (then it is late). Without `as_of` a
    missing sheet is not counted, as it cannot be told from one still being written.
    """
    if len({invitation.expert_id for invitation in history}) > 1:
        raise ValueError("a performance covers the invitations of one expert")
    answered = [i for i in history if i.accepted is not None]
    due = [i for i in history if i.accepted and (i.submitted_at is not None or _past(i.scoring_deadline, as_of))]
    on_time = [i for i in due if i.submitted_at is not None and i.submitted_at <= i.scoring_deadline]
    deviations = [abs(i.total - i.panel_score) for i in history if i.total is not None and i.panel_score is not None]
    ratings = [Decimal(i.quality_rating) for i in history if i.quality_rating is not None]
    acceptance_rate = _rate(sum(1 for i in answered if i.accepted), len(answered))
    on_time_rate = _rate(len(on_time), len(due))
    average_deviation = _mean(deviations)
    quality_rating = _mean(ratings)
    return Performance(
        invitations=len(history),
        acceptance_rate=acceptance_rate,
        on_time_rate=on_time_rate,
        average_deviation=average_deviation,
        outlier_count=sum(1 for i in history if i.outlier),
        quality_rating=quality_rating,
        index=quality_index(acceptance_rate, on_time_rate, average_deviation, quality_rating),
    )


def performances(history: Sequence[Invitation], *, as_of: datetime | None = None) -> Mapping[int, Performance]:
    """The performance of every expert in the history, by expert id."""
    by_expert: defaultdict[int, list[Invitation]] = defaultdict(list)
    for invitation in history:
        by_expert[invitation.expert_id].append(invitation)
    return MappingProxyType({expert: performance(found, as_of=as_of) for expert, found in sorted(by_expert.items())})


def quality_index(
    acceptance_rate: Decimal | None,
    on_time_rate: Decimal | None,
    average_deviation: Decimal | None,
    quality_rating: Decimal | None,
) -> Decimal | None:
    """The 0..100 index of the module docstring; None when no component is known."""
    closeness = None if average_deviation is None else max(Decimal(0), 1 - average_deviation / DEVIATION_FLOOR)
    rating = None if quality_rating is None else (quality_rating - 1) / 4
    parts = {"acceptance": acceptance_rate, "on_time": on_time_rate, "closeness": closeness, "rating": rating}
    known = {name: value for name, value in parts.items() if value is not None}
    if not known:
        return None
    weight = sum((WEIGHTS[name] for name in known), Decimal(0))
    weighted = sum((WEIGHTS[name] * value for name, value in known.items()), Decimal(0))
    return (100 * weighted / weight).quantize(CENT, rounding=ROUND_HALF_UP)


def _past(deadline: datetime, as_of: datetime | None) -> bool:
    return as_of is not None and as_of > deadline


def _rate(count: int, out_of: int) -> Decimal | None:
    return None if out_of == 0 else (Decimal(count) / out_of).quantize(RATE_STEP, rounding=ROUND_HALF_UP)


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return None if not values else (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)
