"""会签 with a role: one slot per person who holds the role when the step opens; every slot must sign."""

from __future__ import annotations

from datetime import UTC, datetime

from domain import clock
from domain.accounts.models import CenterMembership
from domain.workflow import flows
from domain.workflow.models import StepRun, StepStatus, Task, TaskStatus
from tests.factories import acting, approve, at_step, user_id


async def test_both_data_officers_must_sign_the_countersign_review(demo) -> None:
    # given the implementation plan is with the data-officer team (two people hold 数据官)
    _project, step, tasks = await at_step("data_officer_review")
    officers = sorted([await user_id("data"), await user_id("data2")])
    assert sorted(t.assignee_id for t in tasks) == officers
    assert len({t.slot for t in tasks}) == 2
    # when one officer approves
    await approve(tasks[0])
    # then the step waits for the other signature
    step = await StepRun.get(id=step.id)
    assert step.status is StepStatus.ACTIVE
    other = await Task.get(id=tasks[1].id)
    assert other.status is TaskStatus.OPEN
    # when the second officer approves too, the step is done
    await approve(other)
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE


async def test_the_slots_are_those_of_the_people_holding_the_role_when_the_step_opened(demo) -> None:
    # given the review opened with two officers
    _project, step, tasks = await at_step("data_officer_review")
    # when one of them loses the role afterwards
    membership = await CenterMembership.get(user_id=tasks[1].assignee_id, center="DATA")
    await CenterMembership.filter(id=membership.id).update(roles=[])
    # then the recorded slots stand: both signatures are still needed
    await approve(tasks[0])
    assert (await StepRun.get(id=step.id)).status is StepStatus.ACTIVE
    await approve(await Task.get(id=tasks[1].id))
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE


async def test_a_signature_given_before_a_return_does_not_count_in_the_next_round(demo) -> None:
    # given one officer approved, then the other returned the plan to the builder, who resubmitted it
    project, step, tasks = await at_step("data_officer_review")
    data, data2 = await user_id("data"), await user_id("data2")
    first = next(t for t in tasks if t.assignee_id == data)
    second = next(t for t in tasks if t.assignee_id == data2)
    await approve(first)
    step = await StepRun.get(id=step.id)
    await flows.return_for_revision(
        acting=await acting("data2"),
        task_id=second.id,
        expected_version=step.version,
        comment="实施方案与批复不一致",
        to_step="submit_impl_plan",
    )
    submit = await Task.get(project_id=project.id, status=TaskStatus.OPEN)
    await approve(submit)
    again = await Task.filter(step_run_id=step.id, status=TaskStatus.OPEN)
    assert sorted(t.assignee_id for t in again) == sorted([data, data2])
    # when only the second officer approves in the new round
    await approve(next(t for t in again if t.assignee_id == data2))
    # then the step still waits for the first officer's new signature
    assert (await StepRun.get(id=step.id)).status is StepStatus.ACTIVE


async def test_rounds_do_not_depend_on_time_passing(demo, monkeypatch) -> None:
    # given a clock pinned to one instant, so every act happens "at the same time"
    monkeypatch.undo()  # the domain tests' ticking clock: travel() pins the real one instead
    with clock.travel(datetime(2026, 11, 16, 1, 0, tzinfo=UTC)):
        # then a signature from before a return still does not count
        await test_a_signature_given_before_a_return_does_not_count_in_the_next_round(demo)
