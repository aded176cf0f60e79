"""Actions on a project's process, end to end: check, change state, decision, audit, event, one transaction.

Every action takes an idempotency key (Acting.key); decisions also take the step version the actor saw.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise.expressions import Q

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, User
from domain.accounts.policies import holds_center
from domain.actions.acting import (
    Acting,
    acting_for,
    check_version,
    checked_attachments,
    locked_project,
    log,
    moment,
    open_task_scene,
    result,
    task_of,
)
from domain.actions.idempotency import run_once
from domain.actions.results import ProcessState
from domain.calendar import china_today, days_used
from domain.db import column
from domain.projects.kinds import ProjectStatus, Stage
from domain.projects.models import Project
from domain.projects.visibility import may_write
from domain.scoring import rules as scoring
from domain.scoring.service import deduct
from domain.workflow import engine
from domain.workflow.engine import Moment
from domain.workflow.errors import WorkflowError
from domain.workflow.models import StageRun, StageStatus, StepRun, StepStatus, Task, TaskKind, TaskStatus
from domain.workflow.results import Commented, Urged
from domain.workflow.rules import APPROVED, SlotTask, slot_to_open, step_complete
from domain.workflow.submissions import record_submission
from domain.workflow.templates import SignMode

REVISION_LIMIT_DAYS = 5
URGE_INTERVAL_HOURS = 24
MAX_COMMENT_LENGTH = 4000


class Verdict(StrEnum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"


class SignerPosition(StrEnum):
    BEFORE = "BEFORE"
    AFTER = "AFTER"
    PARALLEL = "PARALLEL"


def _comment(text: str, *, field: str = "comment") -> str:
    if len(text) > MAX_COMMENT_LENGTH:
        raise WorkflowError("INVALID_INPUT", field=field)
    return text.strip()


async def _slot_tasks(step: StepRun) -> list[SlotTask]:
    """The signers of the step's current round: a return or a resubmission starts a new one."""
    rows = await Task.filter(
        step_run_id=step.id, kind=TaskKind.ACTION, subject_task_id__isnull=True, round=step.round
    ).values("slot", "status", "outcome")
    return [SlotTask(row["slot"], TaskStatus(row["status"]), row["outcome"]) for row in rows]


async def _bump(step: StepRun) -> None:
    step.version += 1
    await StepRun.filter(id=step.id).update(version=step.version)


async def _advance(project: Project, at: Moment, step: StepRun) -> None:
    """After an approval: complete the step per its sign mode, or open the next in-order signer."""
    tasks = await _slot_tasks(step)
    if step_complete(SignMode(step.sign_mode), tasks):
        await engine.complete_step(project, at, step)
        return
    if SignMode(step.sign_mode) is SignMode.SEQUENTIAL:
        slot = slot_to_open(tasks)
        if slot is not None:
            await Task.filter(step_run_id=step.id, slot=slot, status=TaskStatus.WAITING).update(
                status=TaskStatus.OPEN, opened_at=at.now
            )


async def _finish(project: Project) -> None:
    project.version += 1
    await project.save(update_fields=["stage", "status", "version"])


async def decide(
    *,
    acting: Acting,
    task_id: int,
    verdict: Verdict,
    expected_version: int | None,
    comment: str = "",
    attachments: list[int] | None = None,
) -> ProcessState:
    """Approve or reject an open task of the actor (or of the person they stand in for)."""
    request = {
        "task": task_id,
        "verdict": verdict.value,
        "version": expected_version,
        "comment": comment,
        "attachments": attachments or [],
    }

    async def perform() -> ProcessState:
        scene = await open_task_scene(acting, task_id, expected_version)
        task, project, step, at, on_behalf = scene.task, scene.project, scene.step, scene.at, scene.on_behalf_of
        files = await checked_attachments(project, attachments or [])
        outcome = APPROVED if verdict is Verdict.APPROVE else "REJECTED"
        await Task.filter(id=task.id).update(status=TaskStatus.DONE, outcome=outcome, closed_at=at.now)
        await (
            Task.filter(step_run_id=step.id, slot=task.slot, status=TaskStatus.OPEN)
            .exclude(id=task.id)
            .update(status=TaskStatus.CANCELLED, closed_at=at.now)
        )
        await _bump(step)
        await log(
            project=project,
            acting=acting,
            action=verdict.value,
            on_behalf_of=on_behalf,
            step=step,
            task=task,
            comment=_comment(comment),
            attachments=files,
        )
        if task.subject_task_id is not None:
            pass  # a redo after an unsatisfied rating: recorded, the process does not move
        elif verdict is Verdict.APPROVE:
            if step.action == "SUBMIT":
                await _applicant_lateness(project, step, at)
                await record_submission(project, step.id)
            await _advance(project, at, step)
        else:
            await engine.cancel_open_work(project, at)
            project.status = ProjectStatus.REJECTED
            await deduct(project_id=project.id, stage=step.stage, points=scoring.REJECTION_DEDUCTION, rule="REJECTED")
        await _finish(project)
        await step.refresh_from_db()
        await task.refresh_from_db()
        return result(project, step, task)

    return await run_once(user_id=acting.user_id, key=acting.key, action="decide", request=request, perform=perform)


async def _applicant_lateness(project: Project, step: StepRun, at: Moment) -> None:
    clock_ = engine.step_clock(step)
    over = days_used(clock_, at.calendar, at.today) - step.limit_days
    await deduct(
        project_id=project.id,
        stage=step.stage,
        points=scoring.overdue_deduction(over),
        rule="APPLICANT_OVERDUE",
        reason=f"{over} working days late",
    )


async def return_for_revision(
    *, acting: Acting, task_id: int, expected_version: int | None, comment: str, to_step: str | None = None
) -> ProcessState:
    """Send the work back: to the applicant (clock paused) or to a named earlier step of the stage."""
    request = {"task": task_id, "version": expected_version, "comment": comment, "to": to_step}

    async def perform() -> ProcessState:
        scene = await open_task_scene(acting, task_id, expected_version)
        task, project, step, at, on_behalf = scene.task, scene.project, scene.step, scene.at, scene.on_behalf_of
        if not comment.strip():
            raise WorkflowError("INVALID_INPUT", field="comment")
        await Task.filter(step_run_id=step.id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
            status=TaskStatus.CANCELLED, closed_at=at.now
        )
        await Task.filter(id=task.id).update(outcome="RETURNED")
        if to_step is None:
            await _return_to_applicant(project, step, at)
        else:
            await _return_to_step(project, step, at, to_step)
        await _bump(step)
        await log(
            project=project,
            acting=acting,
            action="RETURN",
            on_behalf_of=on_behalf,
            step=step,
            task=task,
            comment=_comment(comment),
            detail={"to": to_step or "APPLICANT"},
        )
        await _finish(project)
        await step.refresh_from_db()
        return result(project, step, task)

    return await run_once(user_id=acting.user_id, key=acting.key, action="return", request=request, perform=perform)


async def _return_to_applicant(project: Project, step: StepRun, at: Moment) -> None:
    pauses = [*step.pauses, [at.today.isoformat(), None]]
    await StepRun.filter(id=step.id).update(status=StepStatus.RETURNED, pauses=pauses)
    applicants = await _applicants(project)
    due = at.calendar.add_working_days(at.today, REVISION_LIMIT_DAYS)
    await Task.bulk_create(
        [
            Task(
                kind=TaskKind.REVISION,
                center=CenterKind.BUILDER,
                assignee_id=user_id,
                project_id=project.id,
                step_run_id=step.id,
                title=f"退回修改：{project.name}",
                status=TaskStatus.OPEN,
                due_at=engine.end_of_day(due.due),
                created_at=at.now,
                opened_at=at.now,
            )
            for user_id in applicants
        ]
    )
    project.status = ProjectStatus.RETURNED
    await deduct(project_id=project.id, stage=step.stage, points=scoring.RETURN_DEDUCTION, rule="RETURNED_FOR_REVISION")


async def _applicants(project: Project) -> list[int]:
    """Who revises: the person who declared the project, or every builder-unit user if they are gone."""
    if project.declared_by_id and await User.filter(id=project.declared_by_id, is_active=True).exists():
        return [project.declared_by_id]
    users = await column(
        CenterMembership.filter(
            center=CenterKind.BUILDER, organisation_id=project.builder_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if not users:
        raise WorkflowError("NO_ELIGIBLE_ACTOR")
    return list(users)


async def _return_to_step(project: Project, step: StepRun, at: Moment, to_step: str) -> None:
    """Back to a done step of this stage, or of an earlier one: everything after it waits again."""
    target = await StepRun.get_or_none(project_id=project.id, step_key=to_step)
    if target is None or target.status is not StepStatus.DONE:
        raise WorkflowError("INVALID_INPUT", field="to_step")
    order = list(Stage).index
    if target.stage_run_id == step.stage_run_id:
        if target.position >= step.position:
            raise WorkflowError("INVALID_INPUT", field="to_step")
        await StepRun.filter(
            stage_run_id=step.stage_run_id, position__gte=target.position, position__lte=step.position
        ).update(status=StepStatus.WAITING)
    else:
        if order(target.stage) >= order(step.stage):
            raise WorkflowError("INVALID_INPUT", field="to_step")
        await _rewind_to(project, target, at)
    planned = await engine.planned_stage(project, target.stage)
    planned_step = next(p for p in planned.steps if p.step.key == to_step)
    await target.refresh_from_db()
    await engine.open_step(project, at, planned, planned_step, target.position, target)
    if target.action == "SUBMIT":
        await deduct(
            project_id=project.id, stage=target.stage, points=scoring.RETURN_DEDUCTION, rule="RETURNED_FOR_REVISION"
        )


async def _rewind_to(project: Project, target: StepRun, at: Moment) -> None:
    """Every stage after the target's, parallel branches included, and its own later steps wait again."""
    from domain.reviews.models import Panel, PanelStatus  # reviews build on the workflow, not the reverse

    order = list(Stage).index
    later = [s for s in Stage if order(s) > order(target.stage)]
    live = [StepStatus.ACTIVE, StepStatus.DONE, StepStatus.RETURNED]
    rewound = await StepRun.filter(
        Q(stage__in=later) | Q(stage_run_id=target.stage_run_id, position__gte=target.position),
        project_id=project.id,
        status__in=live,
    ).values_list("id", flat=True)
    await Task.filter(step_run_id__in=list(rewound), status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
        status=TaskStatus.CANCELLED, closed_at=at.now
    )
    await StepRun.filter(id__in=list(rewound)).update(status=StepStatus.WAITING)
    await StageRun.filter(
        project_id=project.id, stage__in=later, status__in=[StageStatus.ACTIVE, StageStatus.DONE]
    ).update(status=StageStatus.WAITING, closed_at=None)
    await StageRun.filter(id=target.stage_run_id).update(status=StageStatus.ACTIVE, closed_at=None)
    await Panel.filter(
        project_id=project.id, stage__in=later, status__in=[PanelStatus.INVITING, PanelStatus.SCORING]
    ).update(status=PanelStatus.CANCELLED)
    project.stage = target.stage


async def resubmit(
    *,
    acting: Acting,
    task_id: int,
    comment: str = "",
    attachments: list[int] | None = None,
    expected_version: int | None = None,
) -> ProcessState:
    """The applicant sends the revised work back: the step's clock runs again, its signers start over."""
    request = {"task": task_id, "comment": comment, "attachments": attachments or [], "version": expected_version}

    async def perform() -> ProcessState:
        task = await task_of(task_id)
        project = await locked_project(task.project_id)
        await task.refresh_from_db()
        if task.kind is not TaskKind.REVISION:
            raise WorkflowError("INVALID_INPUT", field="task_id")
        step = await StepRun.get(id=task.step_run_id)
        at = await moment()
        on_behalf = await acting_for(task, acting.user_id, step, project, at.now)
        check_version(project, step, task, expected_version)
        files = await checked_attachments(project, attachments or [])
        await Task.filter(id=task.id).update(status=TaskStatus.DONE, outcome="RESUBMITTED", closed_at=at.now)
        await Task.filter(step_run_id=step.id, kind=TaskKind.REVISION, status=TaskStatus.OPEN).update(
            status=TaskStatus.CANCELLED, closed_at=at.now
        )
        if task.due_at is not None and at.now > task.due_at:
            late = at.calendar.working_days_between(china_today(task.due_at), at.today)
            await deduct(
                project_id=project.id,
                stage=step.stage,
                points=scoring.overdue_deduction(late),
                rule="APPLICANT_OVERDUE",
                reason=f"revision {late} working days late",
            )
        await _resume(project, step, at)
        await record_submission(project, step.id)
        await log(
            project=project,
            acting=acting,
            action="RESUBMIT",
            on_behalf_of=on_behalf,
            step=step,
            task=task,
            comment=_comment(comment),
            attachments=files,
        )
        await _finish(project)
        await step.refresh_from_db()
        return result(project, step, task)

    return await run_once(user_id=acting.user_id, key=acting.key, action="resubmit", request=request, perform=perform)


async def _resume(project: Project, step: StepRun, at: Moment) -> None:
    pauses = [list(p) for p in step.pauses]
    if pauses and pauses[-1][1] is None:
        pauses[-1][1] = at.today.isoformat()
    # A new round of signatures: approvals given before the return do not count any more.
    await StepRun.filter(id=step.id).update(status=StepStatus.ACTIVE, pauses=pauses, round=step.round + 1)
    await step.refresh_from_db()
    planned = await engine.planned_stage(project, step.stage)
    planned_step = next(p for p in planned.steps if p.step.key == step.step_key)
    await engine.open_signer_slots(step, project, at, planned_step)
    await engine.refresh_due(step, at)
    await _bump(step)
    if not await StepRun.filter(project_id=project.id, status=StepStatus.RETURNED).exists():
        project.status = ProjectStatus.ACTIVE


async def withdraw(*, acting: Acting, project_id: int) -> ProcessState:
    """The applicant takes a submission back before the next person acts on it."""

    async def perform() -> ProcessState:
        project = await locked_project(project_id, field="project_id")
        at = await moment()
        builder = await CenterMembership.filter(
            user_id=acting.user_id, center=CenterKind.BUILDER, organisation_id=project.builder_id
        ).exists()
        if not builder:
            raise WorkflowError("NOT_FOUND", field="project_id")
        last = await _last_submission(project)
        if last is None:
            raise WorkflowError("CANNOT_WITHDRAW")
        submitted, following = last
        await Task.filter(step_run_id=following.id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
            status=TaskStatus.CANCELLED, closed_at=at.now
        )
        await StepRun.filter(id=following.id).update(status=StepStatus.WAITING, version=following.version + 1)
        planned = await engine.planned_stage(project, submitted.stage)
        planned_step = next(p for p in planned.steps if p.step.key == submitted.step_key)
        reopened = await engine.open_step(project, at, planned, planned_step, submitted.position, submitted)
        await log(project=project, acting=acting, action="WITHDRAW", step=reopened)
        await _finish(project)
        return result(project, reopened)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="withdraw", request={"project": project_id}, perform=perform
    )


async def _last_submission(project: Project) -> tuple[StepRun, StepRun] | None:
    """The applicant's last submitted step and the step it opened, if nobody has acted on that yet."""
    active = await StepRun.filter(project_id=project.id, status=StepStatus.ACTIVE).order_by("-opened_at")
    for following in active:
        if following.action == "SUBMIT":
            continue
        acted = await Task.filter(step_run_id=following.id, status=TaskStatus.DONE).exists()
        if acted or following.position == 0:
            continue
        submitted = await StepRun.get_or_none(
            stage_run_id=following.stage_run_id, position=following.position - 1, status=StepStatus.DONE
        )
        if submitted is not None and submitted.action == "SUBMIT":
            return submitted, following
    return None


async def transfer(
    *, acting: Acting, task_id: int, to_user_id: int, expected_version: int | None, comment: str = ""
) -> ProcessState:
    """Hand an open task to a colleague holding the same center in the same organisation."""
    request = {"task": task_id, "to": to_user_id, "version": expected_version, "comment": comment}

    async def perform() -> ProcessState:
        scene = await open_task_scene(acting, task_id, expected_version)
        task, project, step, at, on_behalf = scene.task, scene.project, scene.step, scene.at, scene.on_behalf_of
        own = await CenterMembership.get(user_id=task.assignee_id, center=task.center)
        target_ok = await CenterMembership.filter(
            user_id=to_user_id, center=task.center, organisation_id=own.organisation_id, user__is_active=True
        ).exists()
        elsewhere = (
            await Task.filter(
                step_run_id=step.id, assignee_id=to_user_id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]
            )
            .exclude(slot=task.slot)
            .exists()
        )
        if not target_ok or elsewhere or to_user_id == task.assignee_id:
            raise WorkflowError("INVALID_INPUT", field="to_user_id")
        # The slot's work now lies with the colleague alone.
        await Task.filter(id=task.id).update(status=TaskStatus.CANCELLED, outcome="TRANSFERRED", closed_at=at.now)
        await (
            Task.filter(step_run_id=step.id, slot=task.slot, status=TaskStatus.OPEN)
            .exclude(assignee_id=to_user_id)
            .update(status=TaskStatus.CANCELLED, closed_at=at.now)
        )
        if not await Task.filter(
            step_run_id=step.id, slot=task.slot, assignee_id=to_user_id, status=TaskStatus.OPEN
        ).exists():
            await Task.create(
                kind=task.kind,
                center=task.center,
                assignee_id=to_user_id,
                project_id=project.id,
                step_run_id=step.id,
                slot=task.slot,
                round=task.round,
                title=task.title,
                status=TaskStatus.OPEN,
                due_at=task.due_at,
                created_at=at.now,
                opened_at=at.now,
            )
        await _bump(step)
        await log(
            project=project,
            acting=acting,
            action="TRANSFER",
            on_behalf_of=on_behalf,
            step=step,
            task=task,
            comment=_comment(comment),
            detail={"to": to_user_id},
        )
        await _finish(project)
        return result(project, step, task)

    return await run_once(user_id=acting.user_id, key=acting.key, action="transfer", request=request, perform=perform)


async def add_signer(
    *, acting: Acting, task_id: int, user_id: int, position: SignerPosition, expected_version: int | None
) -> ProcessState:
    """加签: another signer before or after the actor (in-order steps), or alongside (any step)."""
    request = {"task": task_id, "user": user_id, "position": position.value, "version": expected_version}

    async def perform() -> ProcessState:
        scene = await open_task_scene(acting, task_id, expected_version)
        task, project, step, at, on_behalf = scene.task, scene.project, scene.step, scene.at, scene.on_behalf_of
        mode = SignMode(step.sign_mode)
        if position is not SignerPosition.PARALLEL and mode is not SignMode.SEQUENTIAL:
            raise WorkflowError("ADD_SIGNER_NOT_ALLOWED", field="position")
        eligible = await CenterMembership.filter(user_id=user_id, center=task.center, user__is_active=True).exists()
        busy = await Task.filter(
            step_run_id=step.id, assignee_id=user_id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]
        ).exists()
        if not eligible or busy:
            raise WorkflowError("INVALID_INPUT", field="user_id")
        slot, status = await _make_room(step, task, position, at)
        await engine.create_tasks(step, project, at, slot, [user_id], task.center, task.title.split("：")[0], status)
        await engine.refresh_due(step, at)
        await _bump(step)
        await log(
            project=project,
            acting=acting,
            action="ADD_SIGNER",
            on_behalf_of=on_behalf,
            step=step,
            task=task,
            detail={"user": user_id, "position": position.value},
        )
        await _finish(project)
        return result(project, step, task)

    return await run_once(user_id=acting.user_id, key=acting.key, action="add_signer", request=request, perform=perform)


async def _make_room(step: StepRun, task: Task, position: SignerPosition, at: Moment) -> tuple[int, TaskStatus]:
    """Renumber slots so the new signer fits; the slot and status of the new task."""
    if position is SignerPosition.PARALLEL:
        last = await Task.filter(step_run_id=step.id).order_by("-slot").first()
        return (last.slot + 1 if last else 0), TaskStatus.OPEN
    later = await Task.filter(step_run_id=step.id, slot__gt=task.slot).order_by("-slot")
    for other in later:  # highest first, so no two slots collide on the way
        await Task.filter(id=other.id).update(slot=other.slot + 1)
    if position is SignerPosition.AFTER:
        return task.slot + 1, TaskStatus.WAITING
    await Task.filter(step_run_id=step.id, slot=task.slot).update(slot=task.slot + 1)
    await Task.filter(step_run_id=step.id, slot=task.slot + 1, status=TaskStatus.OPEN).update(
        status=TaskStatus.WAITING, opened_at=None
    )
    return task.slot, TaskStatus.OPEN


async def urge(*, acting: Acting, task_id: int) -> Urged:
    """催办: the applicant or the data bureau reminds the holder of an open task (once a day)."""

    async def perform() -> Urged:
        task = await task_of(task_id)
        project = await locked_project(task.project_id)
        await task.refresh_from_db()
        allowed = await holds_center(acting.user_id, CenterKind.DATA) or (
            await CenterMembership.filter(
                user_id=acting.user_id, center=CenterKind.BUILDER, organisation_id=project.builder_id
            ).exists()
        )
        if not allowed:
            raise WorkflowError("NOT_FOUND", field="task_id")
        if task.status is not TaskStatus.OPEN:
            raise WorkflowError("TASK_CLOSED", field="task_id")
        now = clock.now()
        if task.urged_at is not None and (now - task.urged_at).total_seconds() < URGE_INTERVAL_HOURS * 3600:
            raise WorkflowError("URGED_TOO_SOON", field="task_id")
        await Task.filter(id=task.id).update(urged_at=now, urge_count=task.urge_count + 1)
        step = await StepRun.get_or_none(id=task.step_run_id)
        await log(
            project=project,
            acting=acting,
            action="URGE",
            step=step,
            task=task,
            detail={"assignee": task.assignee_id, "count": task.urge_count + 1},
        )
        return Urged(state=result(project, step, task), urge_count=task.urge_count + 1)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="urge", request={"task": task_id}, perform=perform
    )


async def comment(*, acting: Acting, project_id: int, text: str, attachments: list[int] | None = None) -> Commented:
    """A comment with attachments on the project's record, by anyone who may work on the project."""
    request = {"project": project_id, "text": text, "attachments": attachments or []}

    async def perform() -> Commented:
        project = await locked_project(project_id, field="project_id")
        if not await may_write(acting.user_id, project):
            raise WorkflowError("NOT_FOUND", field="project_id")
        if not text.strip():
            raise WorkflowError("INVALID_INPUT", field="text")
        files = await checked_attachments(project, attachments or [])
        decision = await log(
            project=project, acting=acting, action="COMMENT", comment=_comment(text, field="text"), attachments=files
        )
        return Commented(state=result(project), decision_id=decision.id)

    return await run_once(user_id=acting.user_id, key=acting.key, action="comment", request=request, perform=perform)


async def approve_on_timeout(*, step_id: int, at: Moment, acting: Acting) -> int:
    """超时自动通过: the open signers of an overdue step approve by rule, recorded as automatic; how many."""
    step = await StepRun.get(id=step_id)
    project = await locked_project(step.project_id)
    await step.refresh_from_db()
    tasks = await Task.filter(
        step_run_id=step.id, status=TaskStatus.OPEN, kind=TaskKind.ACTION, subject_task_id__isnull=True
    ).order_by("slot", "id")
    slots: dict[int, Task] = {}
    for task in tasks:
        slots.setdefault(task.slot, task)
    for task in slots.values():
        await Task.filter(id=task.id).update(status=TaskStatus.DONE, outcome=APPROVED, closed_at=at.now)
        await Task.filter(step_run_id=step.id, slot=task.slot, status=TaskStatus.OPEN).update(
            status=TaskStatus.CANCELLED, closed_at=at.now
        )
        await log(
            project=project,
            acting=acting,
            action="AUTO_APPROVE",
            step=step,
            task=task,
            comment="超时自动通过",
            detail={"automatic": True, "holder": task.assignee_id},
        )
    await StepRun.filter(id=step.id).update(expired_handled_at=at.now)
    await _bump(step)
    await _advance(project, at, step)
    await _finish(project)
    return len(slots)
