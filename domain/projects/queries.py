"""Reading projects for the centers: visible pages and the figures of a center's statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.calendar import WarningLight, china_today
from domain.calendar.service import current_calendar
from domain.projects.kinds import ProjectStatus, Stage
from domain.projects.models import Material, Project
from domain.projects.visibility import visible_filter
from domain.workflow.models import Decision, StepRun, StepStatus
from domain.workflow.queries import STEP_FIELDS, clock_of


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
    *, user_id: int, center: CenterKind, filters: ProjectFilter, after_id: int | None, limit: int
) -> tuple[list[int], int]:
    """Ids of one page of the projects the center sees, by id, and how many there are."""
    visible = await visible_filter(user_id, center)
    if visible is None:
        return [], 0
    query = Project.filter(visible)
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
    if filters.search and filters.search.strip():
        # Substring search: Chinese has no spaces to split on, and the servers here have no Chinese
        # text-search parser; names, codes, material titles and opinions are short enough for LIKE.
        term = filters.search.strip()[:50]
        matching = Q(name__icontains=term) | Q(code__icontains=term)
        by_material = await Material.filter(title__icontains=term).values_list("project_id", flat=True)
        by_opinion = await Decision.filter(comment__icontains=term).values_list("project_id", flat=True)
        query = query.filter(matching | Q(id__in=sorted({*by_material, *by_opinion}) or [0]))
    total = await query.count()
    page = query.order_by("id")
    if after_id is not None:
        page = page.filter(id__gt=after_id)
    return list(await page.limit(limit).values_list("id", flat=True)), total


@dataclass(frozen=True, slots=True)
class BudgetExecution:
    approved: Decimal
    contracted: Decimal
    paid: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Paid over approved, as a share (None while nothing is approved)."""
        return (self.paid / self.approved).quantize(Decimal("0.0001")) if self.approved else None


@dataclass(frozen=True, slots=True)
class CenterFigures:
    projects: int
    by_stage: dict[Stage, int]
    by_status: dict[ProjectStatus, int]
    budget: BudgetExecution
    by_light: dict[WarningLight, int]
    # step key -> (completed runs, average hours from opening to decision)
    handling: dict[str, tuple[int, Decimal]]


async def center_figures(*, user_id: int, center: CenterKind) -> CenterFigures:
    """Counts and money over the projects a center sees (one query)."""
    visible = await visible_filter(user_id, center)
    rows: list[dict[str, Any]] = []
    if visible is not None:
        rows = await Project.filter(visible).values("id", "stage", "status", "approved_budget", "contract_amount",
                                                    "paid_amount")  # fmt: skip
    ids = [r["id"] for r in rows] or [0]
    calendar = await current_calendar()
    today = china_today(clock.now())
    lights: Counter[WarningLight] = Counter()
    for step in await StepRun.filter(project_id__in=ids, status=StepStatus.ACTIVE).values(*STEP_FIELDS):
        clocked = clock_of(step, calendar, today)
        if clocked is not None:
            lights[clocked.light] += 1
    durations: dict[str, list[float]] = {}
    for key, opened, closed in await StepRun.filter(project_id__in=ids, status=StepStatus.DONE,
                                                    opened_at__isnull=False).values_list(
            "step_key", "opened_at", "closed_at"):  # fmt: skip
        if closed is not None:
            durations.setdefault(key, []).append((closed - opened).total_seconds() / 3600)
    stages = Counter(Stage(r["stage"]) for r in rows)
    statuses = Counter(ProjectStatus(r["status"]) for r in rows)

    def money(key: str) -> Decimal:
        return sum((Decimal(r[key]) for r in rows if r[key] is not None), Decimal(0))

    return CenterFigures(
        projects=len(rows), by_stage={s: stages.get(s, 0) for s in Stage},
        by_status={s: statuses.get(s, 0) for s in ProjectStatus},
        budget=BudgetExecution(approved=money("approved_budget"), contracted=money("contract_amount"),
                               paid=money("paid_amount")),
        by_light={light: lights.get(light, 0) for light in WarningLight},
        handling={key: (len(hours), Decimal(sum(hours) / len(hours)).quantize(Decimal("0.1")))
                  for key, hours in sorted(durations.items())},
    )  # fmt: skip
