"""取回: an approver takes an approval back until the next person acts; audited; refused afterwards."""

from __future__ import annotations

import pytest

from domain.actions.acting import Acting
from domain.actions.errors import ActionRefused
from domain.audit.models import AuditRecord
from domain.workflow import takeback
from domain.workflow.models import Decision, StepRun, StepStatus, Task, TaskStatus
from tests.factories import acting, approve, at_step, counts, key, user_id


async def _as(username: str) -> Acting:
    return await acting(username)


async def test_taking_back_an_in_order_approval_holds_the_next_signer(demo) -> None:
    # given the first signer of the in-order pre-review decision approved, so the 分管领导 holds it
    project, step, tasks = await at_step("pre_review_decision")
    data = await user_id("data")
    mine = next(t for t in tasks if t.assignee_id == data)  # slot 0: either official of the bureau
    await approve(mine)
    leader = await Task.get(step_run_id=step.id, status=TaskStatus.OPEN)
    assert leader.assignee_id == await user_id("data2")
    # when the first signer takes it back
    await takeback.take_back(acting=await _as("data"), task_id=mine.id)
    # then the first slot is open again for both officials, the leader waits, and the record says so
    reopened = await Task.filter(step_run_id=step.id, status=TaskStatus.OPEN)
    assert sorted(t.assignee_id for t in reopened) == sorted(t.assignee_id for t in tasks)
    again = next(t for t in reopened if t.assignee_id == data)
    assert again.id != mine.id
    assert (await Task.get(id=leader.id)).status is TaskStatus.WAITING
    assert await Decision.filter(project_id=project.id, action="TAKE_BACK").count() == 1
    assert await AuditRecord.filter(action="WORKFLOW_TAKE_BACK").count() == 1
    # and the step goes on as before once they approve again
    await approve(again)
    await approve(await Task.get(id=leader.id))
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE


async def test_taking_back_the_approval_that_closed_a_step_reopens_it_for_every_signer(demo) -> None:
    # given the or-sign intake was approved by one official, and the price assessment opened
    _project, intake, tasks = await at_step("intake")
    await approve(tasks[0])
    assessment = await StepRun.get(project_id=intake.project_id, step_key="price_assessment")
    assert assessment.status is StepStatus.ACTIVE
    # when that official takes the approval back
    await takeback.take_back(
        acting=Acting(user_id=tasks[0].assignee_id, origin=(await _as("data")).origin, key=key()), task_id=tasks[0].id
    )
    # then the intake is open again for both officials, and the assessment waits with no open to-do
    assert (await StepRun.get(id=intake.id)).status is StepStatus.ACTIVE
    reopened = await Task.filter(step_run_id=intake.id, status=TaskStatus.OPEN)
    assert sorted(t.assignee_id for t in reopened) == sorted(t.assignee_id for t in tasks)
    assert (await StepRun.get(id=assessment.id)).status is StepStatus.WAITING
    assert not await Task.filter(step_run_id=assessment.id, status=TaskStatus.OPEN).exists()


async def test_no_take_back_once_the_next_person_acted(demo) -> None:
    # given the intake approval was followed by the third party's assessment
    _project, intake, tasks = await at_step("intake")
    await approve(tasks[0])
    assessment = await Task.filter(
        step_run_id__not=intake.id, status=TaskStatus.OPEN, project_id=intake.project_id
    ).first()
    assert assessment is not None
    await approve(assessment)
    before = await counts()
    # when the official tries to take the intake back
    with pytest.raises(ActionRefused) as refused:
        await takeback.take_back(
            acting=Acting(user_id=tasks[0].assignee_id, origin=(await _as("data")).origin, key=key()),
            task_id=tasks[0].id,
        )
    # then it is refused with a typed error and nothing is written
    assert (refused.value.code, refused.value.params["reason"]) == ("CANNOT_TAKE_BACK", "NEXT_ACTED")
    assert await counts() == before


async def test_only_the_approver_takes_back(demo) -> None:
    _project, _intake, tasks = await at_step("intake")
    await approve(tasks[0])
    other = "data2" if tasks[0].assignee_id == await user_id("data") else "data"
    with pytest.raises(ActionRefused) as refused:
        await takeback.take_back(acting=await _as(other), task_id=tasks[0].id)
    assert refused.value.code == "NOT_FOUND"
