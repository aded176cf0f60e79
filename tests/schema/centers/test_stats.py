"""Center figures: counts by stage, status and warning light, handling time per step, budget, ranking."""

from __future__ import annotations

from datetime import timedelta

from domain.projects.kinds import Stage
from domain.workflow.models import StepRun
from tests.factories import advance, declare, drive

STATS = """query($kind: CenterKind!) { center(kind: $kind) { stats {
  projects byStage { stage count } byLight { light count } handling { stepKey completed averageHours }
  budget { approved paid rate } ranking { rank organisation { name } } } } }"""


async def test_the_bureau_sees_lights_handling_and_ranking(as_user, demo, gql) -> None:
    await drive(await declare(), until=Stage.PLAN_REVIEW)
    late = await advance(await declare(), 1)
    assert late.stage is Stage.PRE_REVIEW
    # its intake started two weeks ago: overdue (tokens keep the real clock, so the step moves instead)
    intake = await StepRun.get(project_id=late.id, step_key="intake")
    await StepRun.filter(id=intake.id).update(started_on=intake.started_on - timedelta(days=14))
    token = (await as_user("data")).token
    stats = (await gql(STATS, {"kind": "DATA"}, token=token))["data"]["center"]["stats"]
    assert stats["projects"] == 32
    lights = {row["light"]: row["count"] for row in stats["byLight"]}
    assert lights["RED"] >= 1 and set(lights) == {"GREEN", "YELLOW", "RED"}
    handled = {row["stepKey"]: row for row in stats["handling"]}
    assert handled["intake"]["completed"] >= 1 and float(handled["intake"]["averageHours"]) >= 0
    assert len(stats["ranking"]) == 3 and stats["budget"]["approved"] is not None


async def test_a_builder_sees_its_own_figures_without_money_or_ranking(as_user, demo, gql) -> None:
    token = (await as_user("builder")).token
    stats = (await gql(STATS, {"kind": "BUILDER"}, token=token))["data"]["center"]["stats"]
    assert stats["projects"] == 10
    assert sum(row["count"] for row in stats["byStage"]) == 10
    assert stats["budget"] is None and stats["ranking"] is None
