"""Deductions from the process, manual deductions and corrections, 互评, satisfaction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.accounts.models import Organisation, User
from domain.actions.errors import ActionRefused
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.scoring import flows as scoring
from domain.scoring.models import MutualRating, ScoreEntry
from domain.scoring.service import organisation_ranking, scores_of
from domain.workflow.models import Task, TaskKind, TaskStatus
from tests.factories import acting, declare, drive


async def test_manual_deduction_needs_a_reason_and_a_correction_restores(demo) -> None:
    project = await declare()
    with pytest.raises(ActionRefused) as no_reason:
        await scoring.manual_deduction(
            acting=await acting("data"), project_id=project.id, stage=Stage.PRE_REVIEW, points=Decimal(5), reason="  "
        )
    assert no_reason.value.field == "reason"
    for bad in (Decimal(0), Decimal(101), Decimal("1.234")):
        with pytest.raises(ActionRefused):
            await scoring.manual_deduction(
                acting=await acting("data"),
                project_id=project.id,
                stage=Stage.PRE_REVIEW,
                points=bad,
                reason="材料不全",
            )
    with pytest.raises(ActionRefused) as not_data:
        await scoring.manual_deduction(
            acting=await acting("finance"),
            project_id=project.id,
            stage=Stage.PRE_REVIEW,
            points=Decimal(5),
            reason="材料不全",
        )
    assert not_data.value.code == "FORBIDDEN"
    assert await ScoreEntry.all().count() == 0
    done = await scoring.manual_deduction(
        acting=await acting("data"),
        project_id=project.id,
        stage=Stage.PRE_REVIEW,
        points=Decimal(8),
        reason="申报材料多次补正",
    )
    assert (await scores_of(project_id=project.id))[Stage.PRE_REVIEW] == 92
    await scoring.correct_entry(acting=await acting("data"), entry_id=done.entry_id, reason="复核后撤销扣分")
    assert (await scores_of(project_id=project.id))[Stage.PRE_REVIEW] == 100
    assert await ScoreEntry.filter(project_id=project.id).count() == 2  # history kept
    with pytest.raises(ActionRefused) as twice:
        await scoring.correct_entry(acting=await acting("data"), entry_id=done.entry_id, reason="再次撤销")
    assert twice.value.code == "ALREADY_CORRECTED"


async def test_ranking_of_builder_units(demo) -> None:
    project = await declare(username="builder2")
    await scoring.manual_deduction(
        acting=await acting("data"),
        project_id=project.id,
        stage=Stage.PRE_REVIEW,
        points=Decimal(50),
        reason="严重逾期",
    )
    ranked = await organisation_ranking()
    health = await Organisation.get(name="市卫生健康委员会")
    assert [r.rank for r in ranked] == [1, 1, 3]
    assert ranked[-1].organisation_id == health.id and ranked[-1].average < 1000


async def test_the_ranking_sums_in_sql_what_each_projects_score_says(demo) -> None:
    first, second, third = await declare(), await declare(), await declare(username="builder2")
    # a stage losing more than its 100 points keeps 0; a correction gives points back, never above 100
    for points in (Decimal(70), Decimal(60)):
        await scoring.manual_deduction(
            acting=await acting("data"), project_id=first.id, stage=Stage.PRE_REVIEW, points=points, reason="严重逾期"
        )
    done = await scoring.manual_deduction(
        acting=await acting("data"),
        project_id=second.id,
        stage=Stage.PLAN_REVIEW,
        points=Decimal("12.5"),
        reason="材料不全",
    )
    await scoring.manual_deduction(
        acting=await acting("data"),
        project_id=second.id,
        stage=Stage.PRE_REVIEW,
        points=Decimal("0.25"),
        reason="格式不符",
    )
    await scoring.correct_entry(acting=await acting("data"), entry_id=done.entry_id, reason="复核后撤销扣分")
    await scoring.manual_deduction(
        acting=await acting("data"), project_id=third.id, stage=Stage.ACCEPTANCE, points=Decimal(3), reason="验收逾期"
    )
    ranked = {r.organisation_id: r for r in await organisation_ranking()}
    # each builder's average is that of its projects' totals (scores_of: the ten stages' scores)
    for builder_id in {first.builder_id, third.builder_id}:
        ids = await Project.filter(builder_id=builder_id).values_list("id", flat=True)
        totals = [sum((await scores_of(project_id=pid)).values(), Decimal(0)) for pid in ids]
        assert ranked[builder_id].projects == len(totals)
        assert ranked[builder_id].average == (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"))
    assert ranked[first.builder_id].average < 1000 and ranked[third.builder_id].average < 1000


async def test_mutual_ratings_are_sealed_until_both_sides_rated(demo) -> None:
    project = await drive(await declare(), until=Stage.PLAN_REVIEW)
    builder_org = project.builder_id
    data_org = (await User.get(username="data")).organisation_id
    await scoring.rate_mutually(
        acting=await acting("builder"),
        project_id=project.id,
        stage=Stage.PRE_REVIEW,
        ratee_org_id=data_org,
        rating=5,
        comment="办理高效",
    )
    seen_by_data = await scoring.visible_ratings(project_id=project.id, stage=Stage.PRE_REVIEW, viewer_org_id=data_org)
    assert seen_by_data == []  # sealed until the bureau has rated too
    await scoring.rate_mutually(
        acting=await acting("data"), project_id=project.id, stage=Stage.PRE_REVIEW, ratee_org_id=builder_org, rating=4
    )
    seen_by_data = await scoring.visible_ratings(project_id=project.id, stage=Stage.PRE_REVIEW, viewer_org_id=data_org)
    assert sorted(r["rating"] for r in seen_by_data) == [4, 5]
    with pytest.raises(ActionRefused) as again:
        await scoring.rate_mutually(
            acting=await acting("builder"),
            project_id=project.id,
            stage=Stage.PRE_REVIEW,
            ratee_org_id=data_org,
            rating=1,
        )
    assert again.value.code == "ALREADY_RATED"


async def test_mutual_rating_window_and_parties(demo, frozen_clock) -> None:
    project = await drive(await declare(), until=Stage.PLAN_REVIEW)
    drc_org = (await User.get(username="drc")).organisation_id
    with pytest.raises(ActionRefused) as outsider:
        await scoring.rate_mutually(
            acting=await acting("builder"),
            project_id=project.id,
            stage=Stage.PRE_REVIEW,
            ratee_org_id=drc_org,
            rating=3,
        )
    assert outsider.value.field == "ratee_org_id"
    with pytest.raises(ActionRefused) as open_stage:
        await scoring.rate_mutually(
            acting=await acting("builder"),
            project_id=project.id,
            stage=Stage.PLAN_REVIEW,
            ratee_org_id=drc_org,
            rating=3,
        )
    assert open_stage.value.code == "WRONG_STAGE"
    frozen_clock.advance(days=30)
    data_org = (await User.get(username="data")).organisation_id
    with pytest.raises(ActionRefused) as closed:
        await scoring.rate_mutually(
            acting=await acting("builder"),
            project_id=project.id,
            stage=Stage.PRE_REVIEW,
            ratee_org_id=data_org,
            rating=3,
        )
    assert closed.value.code == "RATING_WINDOW_CLOSED"
    assert await MutualRating.all().count() == 0


async def test_unsatisfied_rating_sends_the_work_back(demo) -> None:
    project = await drive(await declare(), until=Stage.PLAN_REVIEW)
    done = await Task.filter(
        project_id=project.id, status=TaskStatus.DONE, kind=TaskKind.ACTION, step_run__step_key="pre_review_decision"
    ).first()
    with pytest.raises(ActionRefused) as not_unhappy:
        await scoring.rate_satisfaction(acting=await acting("builder"), task_id=done.id, rating=4, redo=True)
    assert not_unhappy.value.field == "redo"
    result = await scoring.rate_satisfaction(
        acting=await acting("builder"), task_id=done.id, rating=1, comment="意见未说明理由", redo=True
    )
    redo = await Task.get(id=result.reopened_task_id)
    assert (redo.assignee_id, redo.status, redo.subject_task_id) == (done.assignee_id, TaskStatus.OPEN, done.id)
    with pytest.raises(ActionRefused) as twice:
        await scoring.rate_satisfaction(acting=await acting("builder"), task_id=done.id, rating=2)
    assert twice.value.code == "ALREADY_RATED"
    with pytest.raises(ActionRefused) as other_builder:
        await scoring.rate_satisfaction(acting=await acting("builder2"), task_id=done.id, rating=2)
    assert other_builder.value.code == "NOT_FOUND"


async def test_returns_and_lateness_cost_the_builder_points(demo, frozen_clock) -> None:
    from domain.workflow import flows
    from domain.workflow.models import StepRun, StepStatus
    from tests.factories import advance, open_tasks

    project = await advance(await declare(), 3)  # submitted, intake and price assessment done
    step = await StepRun.get(project_id=project.id, step_key="pre_review_decision", status=StepStatus.ACTIVE)
    task = (await open_tasks(project))[0]
    await flows.return_for_revision(
        acting=await acting((await User.get(id=task.assignee_id)).username),
        task_id=task.id,
        expected_version=step.version,
        comment="补充说明",
    )
    frozen_clock.advance(days=14)  # the builder takes two weeks: past its 5 working days
    revision = await Task.get(project_id=project.id, kind=TaskKind.REVISION, status=TaskStatus.OPEN)
    await flows.resubmit(acting=await acting("builder"), task_id=revision.id)
    rules = await ScoreEntry.filter(project_id=project.id).values_list("rule", "points")
    assert ("RETURNED_FOR_REVISION", Decimal("-5.00")) in rules
    late = [p for r, p in rules if r == "APPLICANT_OVERDUE"]
    assert late and late[0] <= Decimal(-4)
    assert (await scores_of(project_id=project.id))[Stage.PRE_REVIEW] < 95
