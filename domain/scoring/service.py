"""Writing score entries and reading scores per project, per organisation, and the ranking."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from domain import clock
from domain.accounts.models import Organisation
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.scoring.models import ScoreEntry
from domain.scoring.rules import Ranked, project_scores, ranking, total


async def deduct(
    *, project_id: int, stage: Stage, points: Decimal, rule: str, reason: str = "", by_user_id: int | None = None
) -> ScoreEntry | None:
    """Append a deduction of `points` (> 0) to a stage; nothing for zero points."""
    if points <= 0:
        return None
    return await ScoreEntry.create(
        project_id=project_id,
        stage=stage,
        points=-points,
        rule=rule,
        reason=reason,
        by_user_id=by_user_id,
        at=clock.now(),
    )


async def scores_of(*, project_id: int) -> dict[Stage, Decimal]:
    rows = await ScoreEntry.filter(project_id=project_id).values_list("stage", "points")
    return project_scores((Stage(stage), Decimal(points)) for stage, points in rows)


async def organisation_ranking() -> list[Ranked]:
    """Builder organisations ranked by the average total of their projects (two queries)."""
    projects = await Project.all().values_list("id", "builder_id")
    entries = await ScoreEntry.all().values_list("project_id", "stage", "points")
    by_project: dict[int, list[tuple[Stage, Decimal]]] = defaultdict(list)
    for project_id, stage, points in entries:
        by_project[project_id].append((Stage(stage), Decimal(points)))
    totals: dict[int, list[Decimal]] = defaultdict(list)
    for project_id, builder_id in projects:
        totals[builder_id].append(total(project_scores(by_project[project_id])))
    names = dict(await Organisation.filter(id__in=list(totals)).values_list("id", "name"))
    return ranking(totals, names)
