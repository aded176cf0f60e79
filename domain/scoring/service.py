"""Writing score entries and reading scores per project, per organisation, and the ranking."""

from __future__ import annotations

from decimal import Decimal

from tortoise import Tortoise

from domain import clock
from domain.accounts.models import Organisation
from domain.projects.kinds import Stage
from domain.scoring.models import ScoreEntry
from domain.scoring.rules import STAGE_POINTS, Ranked, project_scores, ranking_of_sums

CENT = Decimal("0.01")


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


# Each project's total is 1000 less what its stages lost: a stage keeps 100 plus its entries, within 0..100.
RANKING = f"""WITH stages AS (SELECT project_id, stage, SUM(points) AS s FROM score_entry GROUP BY project_id, stage),
lost AS (SELECT project_id,
  SUM(CASE WHEN s > 0 THEN 0 WHEN s < -{STAGE_POINTS} THEN -{STAGE_POINTS} ELSE s END) AS lost
  FROM stages GROUP BY project_id)
SELECT p.builder_id AS organisation_id, COUNT(*) AS projects, SUM(COALESCE(l.lost, 0)) AS lost
FROM project p LEFT JOIN lost l ON l.project_id = p.id GROUP BY p.builder_id"""  # noqa: S608 (a constant)


async def organisation_ranking() -> list[Ranked]:
    """Builder organisations ranked by the average total of their projects: the totals summed in SQL (one
    statement over the projects and entries, nothing per project in Python), then the names."""
    _, rows = await Tortoise.get_connection("default").execute_query(RANKING)
    full = STAGE_POINTS * len(Stage)
    sums = {
        row["organisation_id"]: (full * row["projects"] + Decimal(str(row["lost"])).quantize(CENT), row["projects"])
        for row in rows
    }
    names = dict(await Organisation.filter(id__in=list(sums)).values_list("id", "name"))
    return ranking_of_sums(sums, names)
