"""Pure rules of the 1000-point score: 100 per stage, documented deductions, aggregates, ranking.

Deductions (negative points, in the stage where they happened):
- RETURNED_FOR_REVISION: 5 points each time the applicant's submission is returned for rework.
- APPLICANT_OVERDUE: 1 point per working day the applicant took beyond its time limit, at most 20
  for one submission.
- REJECTED: 30 points when the stage refuses the project.
- REVIEW_RESULT: from an expert panel's opinion (revise 10, fail 30; pass 0).
- MANUAL: what the managing department deducts, with a written reason (1 to 100 points).
A correction is a new entry with the opposite points, naming the entry it corrects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from domain.projects.kinds import Stage

STAGE_POINTS = Decimal(100)
RETURN_DEDUCTION = Decimal(5)
OVERDUE_PER_DAY = Decimal(1)
OVERDUE_CAP = Decimal(20)
REJECTION_DEDUCTION = Decimal(30)
REVIEW_RESULT_DEDUCTION = {"PASS": Decimal(0), "REVISE": Decimal(10), "FAIL": Decimal(30)}
MIN_REASON_LENGTH = 4


def overdue_deduction(days_over: int) -> Decimal:
    """Points the applicant loses for being `days_over` working days late (0 when on time)."""
    return min(OVERDUE_CAP, OVERDUE_PER_DAY * max(0, days_over))


def stage_score(points: Iterable[Decimal]) -> Decimal:
    """100 plus the stage's entries, kept within 0..100."""
    return max(Decimal(0), min(STAGE_POINTS, STAGE_POINTS + sum(points, Decimal(0))))


def project_scores(entries: Iterable[tuple[Stage, Decimal]]) -> dict[Stage, Decimal]:
    """Each of the ten stages' score; a stage without entries keeps its 100 points."""
    by_stage: dict[Stage, list[Decimal]] = {stage: [] for stage in Stage}
    for stage, points in entries:
        by_stage[stage].append(points)
    return {stage: stage_score(points) for stage, points in by_stage.items()}


def total(scores: Mapping[Stage, Decimal]) -> Decimal:
    return sum(scores.values(), Decimal(0))


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    organisation_id: int
    average: Decimal
    projects: int


def ranking(totals_by_org: Mapping[int, list[Decimal]], names: Mapping[int, str]) -> list[Ranked]:
    """Organisations by average project total, best first; equal averages share a rank."""
    return ranking_of_sums({org: (sum(t, Decimal(0)), len(t)) for org, t in totals_by_org.items()}, names)


def ranking_of_sums(sums_by_org: Mapping[int, tuple[Decimal, int]], names: Mapping[int, str]) -> list[Ranked]:
    """The same from each organisation's sum of project totals and number of projects."""
    averages = [
        (org, (summed / count).quantize(Decimal("0.01")), count)
        for org, (summed, count) in sums_by_org.items()
        if count
    ]
    averages.sort(key=lambda item: (-item[1], names.get(item[0], ""), item[0]))
    ranked: list[Ranked] = []
    for index, (org, average, count) in enumerate(averages):
        rank = ranked[-1].rank if ranked and ranked[-1].average == average else index + 1
        ranked.append(Ranked(rank=rank, organisation_id=org, average=average, projects=count))
    return ranked


def ratings_revealed(*, both_submitted: bool, window_closed: bool) -> bool:
    """互评: each side sees the other's rating only when both have rated or the window has closed."""
    return both_submitted or window_closed
