"""Every action of the process, with its typed errors; a failed action writes nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

import pytest

from domain import clock
from domain.actions.acting import Acting
from domain.actions.errors import ActionRefused, VersionConflict
from domain.actions.results import ProcessState
from domain.audit.models import AuditRecord
from domain.events.models import Event
from domain.projects.kinds import ProjectStatus, Stage
from domain.projects.models import Material, Project
from domain.scoring.models import ScoreEntry
from domain.workflow import delegation, flows
from domain.workflow.models import Decision, IdempotencyKey, StepRun, StepStatus, Task, TaskKind, TaskStatus
from tests.factories import acting, approve, at_step, counts, declare, drive, key, open_tasks, user_id


async def test_submit_opens_the_data_bureau_intake_for_both_officials(demo) -> None:
    _project, step, tasks = await at_step("intake")
    assert step.sign_mode == "ORSIGN"
    assert sorted(t.assignee_id for t in tasks) == sorted([await user_id("data"), await user_id("data2")])
    assert all(t.due_at is not None for t in tasks)


async def test_racing_or_signers_exactly_one_wins(demo) -> None:
    # given both officials hold the or-sign intake task at the same version
    _project, step, tasks = await at_step("intake")
    # when they approve at the same instant
    results = await asyncio.gather(*(approve(task) for task in tasks), return_exceptions=True)
    # then one decision counts, the other is told the task closed, with the current state
    wins = [r for r in results if isinstance(r, ProcessState)]
    losses = [r for r in results if isinstance(r, ActionRefused)]
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "TASK_CLOSED"
    assert losses[0].params["current"].step_status == "DONE"
    assert await Decision.filter(step_run_id=step.id, action="APPROVE").count() == 1


async def test_stale_version_is_a_conflict_carrying_the_current_state(demo) -> None:
    # given the in-order decision step: first any data-bureau official, then the 分管领导 (data2)
    _project, step, tasks = await at_step("pre_review_decision")
    seen = step.version
    data = await user_id("data")
    await approve(next(t for t in tasks if t.assignee_id == data))
    leader = await Task.get(step_run_id=step.id, slot=1)
    assert leader.status is TaskStatus.OPEN
    before = await counts()
    # when the leader decides on the version they saw before the first signature
    with pytest.raises(VersionConflict) as conflict:
        await flows.decide(
            acting=await acting("data2"), task_id=leader.id, verdict=flows.Verdict.APPROVE, expected_version=seen
        )
    # then nothing is written and the error carries the state as it is now
    assert conflict.value.current.step_version == (await StepRun.get(id=step.id)).version
    assert conflict.value.current.task_status == "OPEN"
    assert await counts() == before


async def test_five_identical_requests_have_one_effect(demo) -> None:
    _project, step, tasks = await at_step("intake")
    task = tasks[0]
    same = Acting(task.assignee_id, (await acting("data")).origin, "same-key-5")
    results = await asyncio.gather(
        *(
            flows.decide(acting=same, task_id=task.id, verdict=flows.Verdict.APPROVE, expected_version=step.version)
            for _ in range(5)
        )
    )
    assert all(r == results[0] for r in results)
    assert await Decision.filter(task_id=task.id).count() == 1
    assert await IdempotencyKey.filter(key="same-key-5").count() == 1


async def test_same_key_for_a_different_request_is_refused(demo) -> None:
    project, _step, tasks = await at_step("intake")
    reused = Acting(tasks[0].assignee_id, (await acting("data")).origin, "reused-key")
    await flows.comment(acting=reused, project_id=project.id, text="请补充材料")
    with pytest.raises(ActionRefused) as refused:
        await flows.comment(acting=reused, project_id=project.id, text="另一条意见")
    assert refused.value.code == "IDEMPOTENCY_KEY_REUSED"


async def test_return_to_applicant_pauses_the_clock_and_resubmit_resumes(demo, frozen_clock) -> None:
    project, step, tasks = await at_step("pre_review_decision")
    task = tasks[0]
    await flows.return_for_revision(
        acting=Acting(task.assignee_id, (await acting("data")).origin, key()),
        task_id=task.id,
        expected_version=step.version,
        comment="请补充数据资源目录",
    )
    project = await Project.get(id=project.id)
    assert project.status is ProjectStatus.RETURNED
    revision = await Task.get(project_id=project.id, kind=TaskKind.REVISION, status=TaskStatus.OPEN)
    assert revision.assignee_id == await user_id("builder")
    paused = await StepRun.get(id=step.id)
    assert paused.status is StepStatus.RETURNED and paused.pauses[-1][1] is None
    assert (
        await ScoreEntry.filter(project_id=project.id, rule="RETURNED_FOR_REVISION", stage=Stage.PRE_REVIEW).count()
        == 1
    )
    due_before = task.due_at
    # when the builder resubmits three days later
    frozen_clock.advance(days=3)
    await flows.resubmit(acting=await acting("builder"), task_id=revision.id, comment="已补充")
    # then the step runs again with fresh tasks and a later deadline
    resumed = await StepRun.get(id=step.id)
    assert resumed.status is StepStatus.ACTIVE and resumed.pauses[-1][1] is not None
    new_tasks = await open_tasks(project)
    assert new_tasks and all(t.due_at > due_before for t in new_tasks)
    assert (await Project.get(id=project.id)).status is ProjectStatus.ACTIVE


async def test_a_resubmission_of_a_step_that_changed_since_is_a_conflict_and_changes_nothing(demo) -> None:
    # given: the application returned, the builder saw the revision at the step version of then
    project, step, tasks = await at_step("pre_review_decision")
    await flows.return_for_revision(
        acting=Acting(tasks[0].assignee_id, (await acting("data")).origin, key()),
        task_id=tasks[0].id,
        expected_version=step.version,
        comment="请补充数据资源目录",
    )
    revision = await Task.get(project_id=project.id, kind=TaskKind.REVISION, status=TaskStatus.OPEN)
    seen = (await StepRun.get(id=step.id)).version
    before = await counts()
    # when: a resubmission queued offline arrives expecting an older version
    with pytest.raises(VersionConflict) as conflict:
        await flows.resubmit(acting=await acting("builder"), task_id=revision.id, expected_version=seen - 1)
    # then: refused with the state now, and nothing written
    assert conflict.value.current.step_version == seen
    assert await counts() == before
    assert (await Task.get(id=revision.id)).status is TaskStatus.OPEN
    # and the version seen is accepted
    await flows.resubmit(acting=await acting("builder"), task_id=revision.id, expected_version=seen)
    assert (await Task.get(id=revision.id)).status is TaskStatus.DONE


async def test_return_to_a_named_earlier_step(demo) -> None:
    project, step, tasks = await at_step("pre_review_decision")
    await flows.return_for_revision(
        acting=Acting(tasks[0].assignee_id, (await acting("data")).origin, key()),
        task_id=tasks[0].id,
        expected_version=step.version,
        comment="估价需复核",
        to_step="price_assessment",
    )
    reopened = await StepRun.get(project_id=project.id, step_key="price_assessment")
    assert reopened.status is StepStatus.ACTIVE
    assert (await StepRun.get(id=step.id)).status is StepStatus.WAITING
    with pytest.raises(ActionRefused) as bad:
        task = (await open_tasks(project))[0]
        await flows.return_for_revision(
            acting=Acting(task.assignee_id, (await acting("data")).origin, key()),
            task_id=task.id,
            expected_version=None,
            comment="x",
            to_step="no_such_step",
        )
    assert (bad.value.code, bad.value.field) == ("INVALID_INPUT", "to_step")


async def test_withdraw_before_the_next_person_acts(demo) -> None:
    project, step, _tasks = await at_step("intake")
    await flows.withdraw(acting=await acting("builder"), project_id=project.id)
    assert (await StepRun.get(id=step.id)).status is StepStatus.WAITING
    submit = await StepRun.get(project_id=project.id, step_key="submit_application")
    assert submit.status is StepStatus.ACTIVE
    # submit again, the bureau acts: now it is too late
    await approve((await open_tasks(project))[0])
    await approve((await open_tasks(project))[0])
    with pytest.raises(ActionRefused) as late:
        await flows.withdraw(acting=await acting("builder"), project_id=project.id)
    assert late.value.code == "CANNOT_WITHDRAW"
    with pytest.raises(ActionRefused) as stranger:
        await flows.withdraw(acting=await acting("builder2"), project_id=project.id)
    assert stranger.value.code == "NOT_FOUND"


async def test_transfer_to_a_colleague(demo) -> None:
    _project, step, tasks = await at_step("budget_review", amount="2000000")
    mine = next(t for t in tasks if t.step_run_id == step.id)
    assert mine.assignee_id == await user_id("finance")
    await flows.transfer(
        acting=await acting("finance"),
        task_id=mine.id,
        to_user_id=await user_id("finance2"),
        expected_version=step.version,
        comment="请钱芳处理",
    )
    assert (await Task.get(id=mine.id)).outcome == "TRANSFERRED"
    moved = await Task.get(step_run_id=step.id, status=TaskStatus.OPEN)
    assert moved.assignee_id == await user_id("finance2")
    # another organisation's official is not a colleague
    with pytest.raises(ActionRefused) as outside:
        await flows.transfer(
            acting=await acting("finance2"),
            task_id=moved.id,
            to_user_id=await user_id("expert5"),
            expected_version=None,
        )
    assert (outside.value.code, outside.value.field) == ("INVALID_INPUT", "to_user_id")


async def _budget_review() -> tuple[StepRun, Task]:
    _project, step, tasks = await at_step("budget_review", amount="2000000")
    finance = await user_id("finance")
    return step, next(t for t in tasks if t.step_run_id == step.id and t.assignee_id == finance)


async def _add(step: StepRun, task: Task, who: str, position: flows.SignerPosition) -> None:
    step = await StepRun.get(id=step.id)
    await flows.add_signer(
        acting=await acting("finance"),
        task_id=task.id,
        user_id=await user_id(who),
        position=position,
        expected_version=step.version,
    )


async def test_add_signer_is_limited_to_parallel_on_or_sign_steps(demo) -> None:
    _project, step, tasks = await at_step("intake")
    with pytest.raises(ActionRefused) as refused:
        await flows.add_signer(
            acting=Acting(tasks[0].assignee_id, (await acting("data")).origin, key()),
            task_id=tasks[0].id,
            user_id=await user_id("expert5"),
            position=flows.SignerPosition.BEFORE,
            expected_version=step.version,
        )
    assert refused.value.code == "ADD_SIGNER_NOT_ALLOWED"
    with pytest.raises(ActionRefused) as not_data:
        await flows.add_signer(
            acting=Acting(tasks[0].assignee_id, (await acting("data")).origin, key()),
            task_id=tasks[0].id,
            user_id=await user_id("expert5"),
            position=flows.SignerPosition.PARALLEL,
            expected_version=step.version,
        )
    assert not_data.value.field == "user_id"


async def test_add_signer_before(demo) -> None:
    step, task = await _budget_review()
    await _add(step, task, "expert5", flows.SignerPosition.BEFORE)
    step_tasks = await Task.filter(step_run_id=step.id).order_by("slot", "assignee_id")
    assert [(t.slot, t.assignee_id, t.status) for t in step_tasks] == [
        (0, await user_id("expert5"), TaskStatus.OPEN),
        (1, await user_id("finance"), TaskStatus.WAITING),
        (1, await user_id("finance2"), TaskStatus.WAITING),
    ]
    await approve(step_tasks[0])
    assert (await Task.get(id=task.id)).status is TaskStatus.OPEN
    await approve(await Task.get(id=task.id))
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE


async def test_add_signer_after(demo) -> None:
    step, task = await _budget_review()
    await _add(step, task, "expert5", flows.SignerPosition.AFTER)
    await approve(task)
    assert (await StepRun.get(id=step.id)).status is StepStatus.ACTIVE
    added = await Task.get(step_run_id=step.id, assignee_id=await user_id("expert5"))
    assert (added.slot, added.status) == (1, TaskStatus.OPEN)
    await approve(added)
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE


async def test_add_signer_in_parallel(demo) -> None:
    step, task = await _budget_review()
    await _add(step, task, "expert5", flows.SignerPosition.PARALLEL)
    added = await Task.get(step_run_id=step.id, assignee_id=await user_id("expert5"))
    assert added.status is TaskStatus.OPEN
    await approve(task)
    assert (await StepRun.get(id=step.id)).status is StepStatus.ACTIVE  # the parallel signer must agree too
    await approve(added)
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE


async def test_urge_once_a_day(demo, frozen_clock) -> None:
    _project, _step, tasks = await at_step("intake")
    await flows.urge(acting=await acting("builder"), task_id=tasks[0].id)
    assert await Event.filter(kind="decision.urge").count() == 1
    with pytest.raises(ActionRefused) as again:
        await flows.urge(acting=await acting("builder"), task_id=tasks[0].id)
    assert again.value.code == "URGED_TOO_SOON"
    frozen_clock.advance(hours=25)
    result = await flows.urge(acting=await acting("builder"), task_id=tasks[0].id)
    assert result.urge_count == 2
    with pytest.raises(ActionRefused) as vendor:
        await flows.urge(acting=await acting("vendor"), task_id=tasks[0].id)
    assert vendor.value.code == "NOT_FOUND"


async def test_comment_with_attachments(demo) -> None:
    project, _, _ = await at_step("intake")
    material = await Material.create(
        project=project,
        stage=Stage.PRE_REVIEW,
        title="可行性研究报告.pdf",
        content_type="application/pdf",
        size=1024,
        sha256="0" * 64,
        uploaded_by_id=await user_id("builder"),
        uploaded_at=clock.now(),
    )
    await flows.comment(acting=await acting("data"), project_id=project.id, text="材料齐全", attachments=[material.id])
    decision = await Decision.get(action="COMMENT")
    assert decision.attachments == [material.id]
    before = await counts()
    with pytest.raises(ActionRefused) as bad:
        await flows.comment(acting=await acting("data"), project_id=project.id, text="x", attachments=[999999])
    assert bad.value.field == "attachments"
    with pytest.raises(ActionRefused) as audit_only:
        await flows.comment(acting=await acting("audit"), project_id=project.id, text="审计意见")
    assert audit_only.value.code == "NOT_FOUND"
    assert await counts() == before


async def test_delegate_acts_for_the_principal_and_it_is_recorded(demo, frozen_clock) -> None:
    _project, step, tasks = await at_step("budget_review", amount="2000000")
    task = next(t for t in tasks if t.step_run_id == step.id)
    now = clock.now()
    await delegation.delegate(
        acting=await acting("finance"),
        delegate_id=await user_id("expert5"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=3),
        stages=[Stage.FINANCE_REVIEW],
    )
    await approve(task, as_user=await user_id("expert5"))
    decision = await Decision.get(task_id=task.id, action="APPROVE")
    assert (decision.actor_id, decision.on_behalf_of_id) == (await user_id("expert5"), await user_id("finance"))
    record = await AuditRecord.filter(action="WORKFLOW_APPROVE").order_by("-seq").first()
    assert record.on_behalf_of_id == await user_id("finance")


async def test_delegation_expires_and_respects_its_limits(demo, frozen_clock) -> None:
    _project, step, tasks = await at_step("budget_review", amount="2000000")
    task = next(t for t in tasks if t.step_run_id == step.id)
    now = clock.now()
    await delegation.delegate(
        acting=await acting("finance"),
        delegate_id=await user_id("expert5"),
        starts_at=now,
        ends_at=now + timedelta(days=1),
        max_amount=Decimal("1000000"),
    )
    with pytest.raises(ActionRefused) as too_big:
        await approve(task, as_user=await user_id("expert5"))
    assert too_big.value.code == "NOT_FOUND"
    await delegation.delegate(
        acting=await acting("finance"),
        delegate_id=await user_id("expert5"),
        starts_at=now,
        ends_at=now + timedelta(days=1),
    )
    frozen_clock.advance(days=2)  # the delegation has returned by itself
    with pytest.raises(ActionRefused) as expired:
        await approve(task, as_user=await user_id("expert5"))
    assert expired.value.code == "NOT_FOUND"
    with pytest.raises(ActionRefused) as bad:
        await delegation.delegate(
            acting=await acting("finance"),
            delegate_id=await user_id("finance"),
            starts_at=now,
            ends_at=now + timedelta(days=1),
        )
    assert bad.value.code == "DELEGATION_INVALID"


async def test_expert_scoring_is_never_delegated(demo) -> None:
    # given an expert on a panel who names a delegate while away
    from domain.calendar import china_today
    from domain.reviews import flows as reviews
    from domain.reviews.models import PanelSeat

    project, step, _ = await at_step("expert_scoring")
    await reviews.request_panel(
        acting=await acting("data"),
        project_id=project.id,
        request=reviews.PanelRequest(
            stage=step.stage, quotas=((None, 1),), review_date=china_today(clock.now()), seed=1
        ),
    )
    seat = await PanelSeat.get(panel__project_id=project.id).prefetch_related("expert")
    expert = Acting(seat.expert.user_id, (await acting("data")).origin, key())
    now = clock.now()
    await delegation.delegate(
        acting=expert,
        delegate_id=await user_id("data2"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=3),
    )
    # when the delegate answers the invitation for the expert, then it is refused: a seat is personal
    with pytest.raises(ActionRefused) as refused:
        await reviews.respond(acting=await acting("data2"), seat_id=seat.id, accept=True, no_conflict=True)
    assert refused.value.code == "NOT_FOUND"
    assert (await PanelSeat.get(id=seat.id)).status == "INVITED"


async def test_reject_ends_the_project(demo) -> None:
    project, step, tasks = await at_step("pre_review_decision")
    await flows.decide(
        acting=Acting(tasks[0].assignee_id, (await acting("data")).origin, key()),
        task_id=tasks[0].id,
        verdict=flows.Verdict.REJECT,
        expected_version=step.version,
        comment="不具备建设必要性",
    )
    project = await Project.get(id=project.id)
    assert project.status is ProjectStatus.REJECTED
    assert not await open_tasks(project)
    assert await ScoreEntry.filter(project_id=project.id, rule="REJECTED").exists()


async def test_parallel_branches_each_have_their_clock_and_join(demo) -> None:
    project = await declare(amount="2000000")
    project = await drive(project, until=Stage.FINANCE_REVIEW)
    active = await StepRun.filter(project_id=project.id, status=StepStatus.ACTIVE)
    assert {s.stage for s in active} == {Stage.FINANCE_REVIEW, Stage.PROJECT_APPROVAL}
    assert len({s.id for s in active}) == 2 and {s.limit_days for s in active} == {7}
    # finish the approval branch first: the next wave waits for finance
    approval = next(s for s in active if s.stage is Stage.PROJECT_APPROVAL)
    for _ in range(5):
        task = await Task.filter(
            step_run__stage=Stage.PROJECT_APPROVAL, project_id=project.id, status=TaskStatus.OPEN
        ).first()
        if task is None:
            break
        await approve(task)
    assert (await StepRun.get(id=approval.id)).status is StepStatus.DONE
    project = await Project.get(id=project.id)
    assert project.stage is Stage.FINANCE_REVIEW
    assert not await StepRun.filter(project_id=project.id, stage=Stage.IMPL_REVIEW).exists()
    project = await drive(project, until=Stage.IMPL_REVIEW)
    assert project.stage is Stage.IMPL_REVIEW


async def test_unknown_task_and_wrong_actor_are_not_found_and_write_nothing(demo) -> None:
    _project, step, tasks = await at_step("intake")
    before = await counts()
    for task_id, who in [(999999, "data"), (tasks[0].id, "builder"), (tasks[0].id, "finance")]:
        with pytest.raises(ActionRefused) as missing:
            await flows.decide(
                acting=await acting(who), task_id=task_id, verdict=flows.Verdict.APPROVE, expected_version=step.version
            )
        assert missing.value.code == "NOT_FOUND"
    assert await counts() == before
