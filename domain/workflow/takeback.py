"""取回: an approver takes a decision back before the next person has acted on it.

Within a stage only: an approval that closed its stage has opened another center's work (or a parallel
branch), which a take-back would silently undo; the approver asks for a return instead.
"""

from __future__ import annotations

from domain.actions.acting import Acting, acting_for, locked_project, log, moment, result, task_of
from domain.actions.idempotency import run_once
from domain.actions.results import ProcessState
from domain.workflow import engine
from domain.workflow.errors import WorkflowError
from domain.workflow.models import Decision, StepRun, StepStatus, Task, TaskKind, TaskStatus
from domain.workflow.rules import APPROVED
from domain.workflow.templates import SignMode

# Actions after the approval that do not count as the next person acting on it.
BYSTANDER_ACTIONS = frozenset({"COMMENT", "URGE", "AUTO_REMIND"})


async def take_back(*, acting: Acting, task_id: int) -> ProcessState:
    """Reopen the actor's approval: the to-do is theirs again, the work it handed on goes back to waiting."""

    async def perform() -> ProcessState:
        task = await task_of(task_id)
        project = await locked_project(task.project_id)
        await task.refresh_from_db()
        if task.kind is not TaskKind.ACTION or task.status is not TaskStatus.DONE or task.outcome != APPROVED:
            raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="NOT_AN_APPROVAL")
        step = await StepRun.get(id=task.step_run_id)
        at = await moment()
        on_behalf = await acting_for(task, acting.user_id, step, project, at.now)
        decided = await Decision.filter(task_id=task.id, action="APPROVE").order_by("-id").first()
        if decided is None:
            raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="NOT_AN_APPROVAL")
        later = (
            await Decision.filter(project_id=project.id, id__gt=decided.id)
            .exclude(action__in=list(BYSTANDER_ACTIONS))
            .exists()
        )
        if later:
            raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="NEXT_ACTED")
        if step.status is StepStatus.DONE:
            await _reopen_completed_step(project.id, step)
        elif step.status is StepStatus.ACTIVE:
            await _hold_next_slot(step, task)
        else:
            raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="STEP_CLOSED")
        # The approval stays in the record; the to-do is the approver's again, as a new row.
        cancelled_with = await Task.filter(
            step_run_id=step.id, status=TaskStatus.CANCELLED, closed_at=task.closed_at, kind=TaskKind.ACTION
        ).exclude(id=task.id)
        await Task.filter(id=task.id).update(status=TaskStatus.CANCELLED, outcome="TAKEN_BACK")
        for old in [task, *cancelled_with]:
            await Task.create(
                kind=old.kind,
                center=old.center,
                assignee_id=old.assignee_id,
                project_id=project.id,
                step_run_id=step.id,
                slot=old.slot,
                round=old.round,
                title=old.title,
                status=TaskStatus.OPEN,
                created_at=at.now,
                opened_at=at.now,
            )
        step = await StepRun.get(id=step.id)
        await StepRun.filter(id=step.id).update(version=step.version + 1)
        await step.refresh_from_db()
        await engine.refresh_due(step, at)
        await log(
            project=project,
            acting=acting,
            action="TAKE_BACK",
            on_behalf_of=on_behalf,
            step=step,
            task=task,
            detail={"decision": decided.id},
        )
        project.version += 1
        await project.save(update_fields=["version"])
        return result(
            project,
            step,
            await Task.filter(step_run_id=step.id, assignee_id=task.assignee_id, status=TaskStatus.OPEN).first(),
        )

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="take_back", request={"task": task_id}, perform=perform
    )


async def _reopen_completed_step(project_id: int, step: StepRun) -> None:
    """The approval closed the step: the next step of the stage goes back to waiting, untouched."""
    following = await StepRun.filter(stage_run_id=step.stage_run_id, position__gt=step.position).exclude(
        status=StepStatus.WAITING
    )
    if any(f.status is not StepStatus.ACTIVE for f in following) or len(following) > 1:
        raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="NEXT_ACTED")
    if not following:
        raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="STAGE_CLOSED")
    nxt = following[0]
    if await Task.filter(step_run_id=nxt.id, status=TaskStatus.DONE).exists():
        raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="NEXT_ACTED")
    await Task.filter(step_run_id=nxt.id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
        status=TaskStatus.CANCELLED, outcome="TAKEN_BACK"
    )
    await StepRun.filter(id=nxt.id).update(status=StepStatus.WAITING, version=nxt.version + 1)
    await StepRun.filter(id=step.id).update(status=StepStatus.ACTIVE, closed_at=None)


async def _hold_next_slot(step: StepRun, task: Task) -> None:
    """In order: the signer after the approver waits again, unless they have acted."""
    if SignMode(step.sign_mode) is not SignMode.SEQUENTIAL:
        return
    if await Task.filter(step_run_id=step.id, slot__gt=task.slot, status=TaskStatus.DONE).exists():
        raise WorkflowError("CANNOT_TAKE_BACK", field="task_id", reason="NEXT_ACTED")
    await Task.filter(step_run_id=step.id, slot__gt=task.slot, status=TaskStatus.OPEN).update(
        status=TaskStatus.WAITING, opened_at=None
    )
