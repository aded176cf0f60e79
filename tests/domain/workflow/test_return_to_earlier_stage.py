"""Return to any earlier step, also from inside a countersign step of a parallel branch."""

from __future__ import annotations

import pytest

from domain.actions.errors import ActionRefused
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.workflow import flows
from domain.workflow.models import Decision, StageRun, StageStatus, StepRun, StepStatus, Task, TaskStatus
from tests.factories import acting, approve, at_step, counts, user_id


async def test_returning_from_a_parallel_countersign_to_the_plan_rewinds_both_branches(demo) -> None:
    # given the control price (会签 of the data bureau and the finance review centre) runs in finance review,
    # while the DRC's approval runs in parallel
    project, step, tasks = await at_step("control_price")
    drc = await StepRun.get(project_id=project.id, step_key="project_approval")
    assert drc.status is StepStatus.ACTIVE
    data = await user_id("data")
    mine = next(t for t in tasks if t.assignee_id == data)
    # when the data bureau returns it to the builder's construction plan (an earlier stage)
    await flows.return_for_revision(
        acting=await acting("data"),
        task_id=mine.id,
        expected_version=step.version,
        comment="建设方案与控制价不一致，请修改",
        to_step="submit_plan",
    )
    # then the plan review is open again with the builder, and both parallel branches wait with no open to-do
    project = await Project.get(id=project.id)
    assert project.stage is Stage.PLAN_REVIEW
    submit = await StepRun.get(project_id=project.id, step_key="submit_plan")
    assert submit.status is StepStatus.ACTIVE
    assert [t.assignee_id for t in await Task.filter(step_run_id=submit.id, status=TaskStatus.OPEN)] == [
        await user_id("builder")
    ]
    for stage in (Stage.FINANCE_REVIEW, Stage.PROJECT_APPROVAL):
        assert (await StageRun.get(project_id=project.id, stage=stage)).status is StageStatus.WAITING
    assert not await Task.filter(project_id=project.id, status=TaskStatus.OPEN).exclude(step_run_id=submit.id).exists()
    assert (await StageRun.get(project_id=project.id, stage=Stage.PLAN_REVIEW)).status is StageStatus.ACTIVE
    returned = await Decision.get(project_id=project.id, action="RETURN")
    assert returned.detail == {"to": "submit_plan"}
    # and the builder's resubmission opens the expert scoring again
    await approve(await Task.get(step_run_id=submit.id, status=TaskStatus.OPEN))
    scoring = await StepRun.get(project_id=project.id, step_key="expert_scoring")
    assert scoring.status is StepStatus.ACTIVE


async def test_a_return_forward_or_to_an_unfinished_step_is_refused_and_writes_nothing(demo) -> None:
    _project, step, tasks = await at_step("control_price")
    data = await user_id("data")
    mine = next(t for t in tasks if t.assignee_id == data)
    before = await counts()
    for target in ("budget_issuance", "control_price", "no_such_step"):
        with pytest.raises(ActionRefused) as refused:
            await flows.return_for_revision(
                acting=await acting("data"), task_id=mine.id, expected_version=step.version, comment="x", to_step=target
            )
        assert (refused.value.code, refused.value.field) == ("INVALID_INPUT", "to_step")
    assert await counts() == before
