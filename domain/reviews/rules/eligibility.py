"""Who may sit on a panel: the candidate's record, the draw rules, and the reasons to exclude."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Exclusion(StrEnum):
    """Why a candidate cannot be drawn; a candidate collects every reason that applies."""

    EMPLOYER_BUILDER = "EMPLOYER_BUILDER"
    EMPLOYER_BIDDER = "EMPLOYER_BIDDER"
    EMPLOYER_SUPERVISOR = "EMPLOYER_SUPERVISOR"
    DECLARED_CONFLICT = "DECLARED_CONFLICT"
    UNAVAILABLE = "UNAVAILABLE"
    EARLIER_PANEL = "EARLIER_PANEL"
    LOW_PERFORMANCE = "LOW_PERFORMANCE"


@dataclass(frozen=True, slots=True)
class Employment:
    """One employer over a period; `end` None means the expert still works there."""

    organisation_id: int
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An expert of the library as the draw sees them."""

    expert_id: int
    specialties: frozenset[str]
    employments: tuple[Employment, ...] = ()
    declared_conflicts: frozenset[int] = frozenset()
    declared_project_conflicts: frozenset[int] = frozenset()
    unavailable: tuple[tuple[date, date], ...] = ()
    earlier_panels: frozenset[int] = frozenset()
    performance: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DrawRules:
    """Settings of one draw; recorded with it so that it can be replayed."""

    employer_lookback_years: int = 3
    exclude_earlier_panel: bool = False
    min_performance: Decimal | None = None

    def __post_init__(self) -> None:
        if self.employer_lookback_years < 0:
            raise ValueError(f"employer_lookback_years must be 0 or more, got {self.employer_lookback_years}")


@dataclass(frozen=True, slots=True)
class DrawContext:
    """The project and the parties an expert must be independent of."""

    project_id: int
    builder_org_id: int
    bidder_org_ids: frozenset[int]
    supervisor_org_id: int | None
    review_date: date

    @property
    def parties(self) -> frozenset[int]:
        """Every organisation with a stake in the project."""
        supervisor = {self.supervisor_org_id} if self.supervisor_org_id is not None else set()
        return frozenset({self.builder_org_id, *self.bidder_org_ids, *supervisor})


def lookback_start(review_date: date, years: int) -> date:
    """The earliest end date of a past employment that still counts: the same day `years` earlier."""
    try:
        return review_date.replace(year=review_date.year - years)
    except ValueError:  # 29 February in a year without one
        return review_date.replace(year=review_date.year - years, day=28)


def recent_employers(candidate: Candidate, rules: DrawRules, review_date: date) -> frozenset[int]:
    """Organisations the expert works for, or left on or after the lookback start.

    An employment that has not ended counts even if it starts after the review date: a signed
    contract with a party is a conflict already.
    """
    since = lookback_start(review_date, rules.employer_lookback_years)
    return frozenset(job.organisation_id for job in candidate.employments if job.end is None or job.end >= since)


def exclusions(candidate: Candidate, rules: DrawRules, context: DrawContext) -> tuple[Exclusion, ...]:
    """Every reason the candidate cannot sit on this panel, in a fixed order; empty when eligible."""
    employers = recent_employers(candidate, rules, context.review_date)
    supervisor = context.supervisor_org_id
    checks = (
        (Exclusion.EMPLOYER_BUILDER, context.builder_org_id in employers),
        (Exclusion.EMPLOYER_BIDDER, not employers.isdisjoint(context.bidder_org_ids)),
        (Exclusion.EMPLOYER_SUPERVISOR, supervisor is not None and supervisor in employers),
        (
            Exclusion.DECLARED_CONFLICT,
            context.project_id in candidate.declared_project_conflicts
            or not candidate.declared_conflicts.isdisjoint(context.parties),
        ),
        (Exclusion.UNAVAILABLE, any(start <= context.review_date <= end for start, end in candidate.unavailable)),
        (Exclusion.EARLIER_PANEL, rules.exclude_earlier_panel and context.project_id in candidate.earlier_panels),
        (
            Exclusion.LOW_PERFORMANCE,
            rules.min_performance is not None
            and candidate.performance is not None
            and candidate.performance < rules.min_performance,
        ),
    )
    return tuple(reason for reason, applies in checks if applies)
