"""Evaluations as a center reads them: project scores, the organisation's rank, ratings given and received."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain import clock
from domain.calendar import china_today
from domain.calendar.service import current_calendar
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.scoring.flows import RATING_WINDOW_DAYS
from domain.scoring.models import MutualRating, ScoreEntry
from domain.scoring.rules import project_scores, total
from domain.scoring.service import organisation_ranking
from domain.workflow.models import StageRun


@dataclass(frozen=True, slots=True)
class ProjectScore:
    project_id: int
    code: str
    name: str
    stages: dict[Stage, Decimal]
    total: Decimal


@dataclass(frozen=True, slots=True)
class OrganisationEvaluations:
    projects: list[ProjectScore]
    average: Decimal | None
    rank: int | None
    given: list[dict[str, Any]]
    received: list[dict[str, Any]]


async def evaluations_of(*, organisation_id: int, limit: int = 50) -> OrganisationEvaluations:
    """The organisation's built projects' scores, its place in the ranking, and 互评 as revealed to it."""
    projects = await Project.filter(builder_id=organisation_id).order_by("id").limit(limit).values("id", "code", "name")
    entries = await ScoreEntry.filter(project_id__in=[p["id"] for p in projects] or [0]).values_list(
        "project_id", "stage", "points"
    )
    grouped: dict[int, list[tuple[Stage, Decimal]]] = defaultdict(list)
    for project_id, stage, points in entries:
        grouped[project_id].append((Stage(stage), Decimal(points)))
    scored = []
    for p in projects:
        stages = project_scores(grouped[p["id"]])
        scored.append(ProjectScore(p["id"], p["code"], p["name"], stages, total(stages)))
    ranked = {r.organisation_id: r for r in await organisation_ranking()}
    mine = ranked.get(organisation_id)
    ratings = (
        await MutualRating.filter(rater_org_id=organisation_id).values()
        + await MutualRating.filter(ratee_org_id=organisation_id).values()
    )
    given = [r for r in ratings if r["rater_org_id"] == organisation_id]
    pairs = {(r["project_id"], r["stage"], r["rater_org_id"], r["ratee_org_id"]) for r in ratings}
    runs = {
        (r["project_id"], r["stage"]): r["closed_at"]
        for r in await StageRun.filter(project_id__in=list({r["project_id"] for r in ratings}) or [0]).values(
            "project_id", "stage", "closed_at"
        )
    }
    calendar = await current_calendar()
    today = china_today(clock.now())
    received = []
    for r in ratings:
        if r["ratee_org_id"] != organisation_id:
            continue
        answered = (r["project_id"], r["stage"], organisation_id, r["rater_org_id"]) in pairs
        closed_at = runs.get((r["project_id"], r["stage"]))
        window_over = (
            closed_at is not None and today > calendar.add_working_days(china_today(closed_at), RATING_WINDOW_DAYS).due
        )
        if answered or window_over:
            received.append(r)
    return OrganisationEvaluations(scored, mine.average if mine else None, mine.rank if mine else None, given, received)
