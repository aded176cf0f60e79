"""Reading projects for the centers: visible pages and the figures of a center's statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise.functions import Count, Sum

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership
from domain.calendar import WarningLight, WorkingCalendar
from domain.paging import page_with_total, ranked_page_with_total
from domain.projects import search, tallies
from domain.projects.kinds import ProjectStatus, Stage
from domain.projects.models import PROJECT_FIELDS, Project
from domain.projects.visibility import visibility, visibility_over
from domain.workflow.models import StepRun, StepStatus
from domain.workflow.queries import CLOCK_FIELDS, clock_of


class Library(StrEnum):
    """五库 over projects: the review library (stages 1-3), the project library (approved), O&M."""

    REVIEW = "REVIEW"
    PROJECT = "PROJECT"
    OM = "OM"


REVIEW_STAGES = (Stage.PRE_REVIEW, Stage.PLAN_REVIEW, Stage.FINANCE_REVIEW)


@dataclass(frozen=True, slots=True)
class ProjectFilter:
    stages: tuple[Stage, ...] = ()
    statuses: tuple[ProjectStatus, ...] = ()
    search: str | None = None
    library: Library | None = None
    parent_code: str | None = None


async def project_page(
    *, membership: CenterMembership, filters: ProjectFilter, after_id: int | None, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of the projects the center sees (their rows), and how many there are: by id, or by relevance
    then id when searching."""
    query = Project.filter(visibility(membership))
    if filters.stages:
        query = query.filter(stage__in=list(filters.stages))
    if filters.statuses:
        query = query.filter(status__in=list(filters.statuses))
    if filters.library is Library.REVIEW:
        query = query.filter(stage__in=list(REVIEW_STAGES), category__not="OM")
    elif filters.library is Library.PROJECT:
        query = query.filter(approved_budget__isnull=False, category__not="OM")
    elif filters.library is Library.OM:
        query = query.filter(category="OM")
    if filters.parent_code:
        query = query.filter(parent__code=filters.parent_code)
    term = search.clean(filters.search)
    if term is None:
        return await page_with_total(query, fields=PROJECT_FIELDS, after_id=after_id, limit=limit)
    # Through the token index (Chinese has no spaces to split words on), ranked by where the term was found.
    return await ranked_page_with_total(
        query.filter(search.matching(term)),
        rank=search.rank(term),
        fields=PROJECT_FIELDS,
        after_id=after_id,
        limit=limit,
    )


@dataclass(frozen=True, slots=True)
class BudgetExecution:
    approved: Decimal
    contracted: Decimal
    paid: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Paid over approved, as a share (None while nothing is approved)."""
        return (self.paid / self.approved).quantize(Decimal("0.0001")) if self.approved else None


class Figure(StrEnum):
    """The parts of a center's figures, each read only when asked for."""

    TOTALS = "TOTALS"  # projects, by stage, by status, budget
    LIGHTS = "LIGHTS"
    HANDLING = "HANDLING"


@dataclass(frozen=True, slots=True)
class CenterFigures:
    projects: int
    by_stage: dict[Stage, int]
    by_status: dict[ProjectStatus, int]
    budget: BudgetExecution
    by_light: dict[WarningLight, int]
    # step key -> (completed runs, average hours from opening to decision)
    handling: dict[str, tuple[int, Decimal]]


CENT = Decimal("0.01")


def _money(value: Any) -> Decimal:
    """A sum of amounts (SQLite sums them as floats; they have two decimals)."""
    return Decimal(0) if value is None else Decimal(str(value)).quantize(CENT)


async def center_figures(
    *, membership: CenterMembership, calendar: WorkingCalendar, today: date, wanted: frozenset[Figure]
) -> CenterFigures:
    """Counts and money over the projects a center sees, one statement per part wanted: from the party's tallies
    (kept with the rows), or for the experts' center aggregates over its projects."""
    stages: Counter[Stage] = Counter()
    statuses: Counter[ProjectStatus] = Counter()
    sums = {"approved": Decimal(0), "contracted": Decimal(0), "paid": Decimal(0)}
    party = tallies.party_of(CenterKind(membership.center), membership.organisation_id)
    if Figure.TOTALS in wanted:
        if party is not None:  # kept with the rows: the same cost at any size
            groups = await tallies.project_counts(party)
        else:
            groups = await (
                Project.filter(visibility(membership))
                .annotate(
                    n=Count("id"),
                    approved=Sum("approved_budget"),
                    contracted=Sum("contract_amount"),
                    paid=Sum("paid_amount"),
                )
                .group_by("stage", "status")
                .values("stage", "status", "n", "approved", "contracted", "paid")
            )
        for group in groups:
            stages[Stage(group["stage"])] += int(group["n"])
            statuses[ProjectStatus(group["status"])] += int(group["n"])
            for key in sums:
                sums[key] += _money(group[key])
    lights: Counter[WarningLight] = Counter()
    if Figure.LIGHTS in wanted and party is not None:
        lights.update(tallies.lights(await tallies.clock_groups(party), calendar, today))
    elif Figure.LIGHTS in wanted:
        # Steps with the same clock have the same light: group them, compute each clock once.
        clocks = await (
            StepRun.filter(visibility_over(membership), status=StepStatus.ACTIVE, started_on__isnull=False)
            .annotate(n=Count("id"))
            .group_by(*CLOCK_FIELDS)
            .values(*CLOCK_FIELDS, "n")
        )
        for step in clocks:
            clocked = clock_of(step, calendar, today)
            if clocked is not None:
                lights[clocked.light] += step["n"]
    durations: dict[str, list[float]] = {}
    if Figure.HANDLING in wanted:
        for key, opened, closed in await StepRun.filter(
            visibility_over(membership), status=StepStatus.DONE, opened_at__isnull=False, closed_at__isnull=False
        ).values_list("step_key", "opened_at", "closed_at"):
            durations.setdefault(key, []).append((closed - opened).total_seconds() / 3600)
    return CenterFigures(
        projects=sum(stages.values()),
        by_stage={s: stages.get(s, 0) for s in Stage},
        by_status={s: statuses.get(s, 0) for s in ProjectStatus},
        budget=BudgetExecution(approved=sums["approved"], contracted=sums["contracted"], paid=sums["paid"]),
        by_light={light: lights.get(light, 0) for light in WarningLight},
        handling={
            key: (len(hours), Decimal(sum(hours) / len(hours)).quantize(Decimal("0.1")))
            for key, hours in sorted(durations.items())
        },
    )
