"""What every action shares, in every area: the locked project, the moment, who acts for whom, the record."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain import clock
from domain.accounts.policies import holds_center
from domain.actions.errors import ActionRefused, VersionConflict
from domain.actions.results import ProcessState
from domain.audit.service import Origin, record
from domain.calendar.service import current_calendar
from domain.events.service import emit
from domain.projects.models import Material, Project
from domain.workflow.engine import Moment
from domain.workflow.models import Decision, Delegation, StepRun, Task, TaskKind, TaskStatus

# The audit trail's name for acts of the system itself (timeout rules): user id 0 in decisions.
SYSTEM_ACTOR = "system"


@dataclass(frozen=True, slots=True)
class Acting:
    """The signed-in user taking an action, from where, under which idempotency key."""

    user_id: int
    origin: Origin
    key: str


async def locked_project(project_id: int | None, *, field: str | None = None) -> Project:
    """The project row, locked until the transaction ends: one action per project at a time. `field` names
    the caller's parameter when the project was asked for by id (a task's own project always exists)."""
    project = await Project.filter(id=project_id).select_for_update().first()
    if project is None:
        raise ActionRefused("NOT_FOUND", field=field)
    return project


async def moment() -> Moment:
    return Moment(now=clock.now(), calendar=await current_calendar())


def project_amount(project: Project) -> Decimal:
    return project.approved_budget if project.approved_budget is not None else project.requested_amount


async def acting_for(task: Task, user_id: int, step: StepRun | None, project: Project, now: Any) -> int | None:
    """None when the user is the assignee; the assignee's id when a delegation lets the user act."""
    if task.assignee_id == user_id:
        return None
    delegations = await Delegation.filter(
        principal_id=task.assignee_id, delegate_id=user_id, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now
    )
    holds = await holds_center(user_id, task.center)
    for delegation in delegations:
        if step is not None and step.action == "SCORE":
            continue  # expert scoring is personal: never delegated
        if delegation.stages and (step is None or step.stage not in delegation.stages):
            continue
        if delegation.max_amount is not None and project_amount(project) > delegation.max_amount:
            continue
        if holds:
            return task.assignee_id
    raise ActionRefused("NOT_FOUND", field="task_id")


async def task_of(task_id: int) -> Task:
    task = await Task.get_or_none(id=task_id)
    if task is None or task.project_id is None:
        raise ActionRefused("NOT_FOUND", field="task_id")
    return task


@dataclass(frozen=True, slots=True)
class Scene:
    """An open task about to be acted on: its locked project, its step, the moment, for whom."""

    task: Task
    project: Project
    step: StepRun
    at: Moment
    on_behalf_of: int | None


async def open_task_scene(
    acting: Acting, task_id: int, expected_version: int | None, kinds: tuple[TaskKind, ...] = (TaskKind.ACTION,)
) -> Scene:
    """Lock the task's project, then check the actor may act and saw the current version."""
    task = await task_of(task_id)
    project = await locked_project(task.project_id)
    await task.refresh_from_db()  # read again under the lock
    if task.kind not in kinds:
        raise ActionRefused("WRONG_TASK_KIND", field="task_id", kind=task.kind.value)
    step = await StepRun.get(id=task.step_run_id)
    at = await moment()
    on_behalf = await acting_for(task, acting.user_id, step, project, at.now)
    check_version(project, step, task, expected_version)
    return Scene(task=task, project=project, step=step, at=at, on_behalf_of=on_behalf)


def current_state(project: Project, step: StepRun | None, task: Task | None) -> ProcessState:
    """What a conflicted client needs to redraw: the state as it is now."""
    return ProcessState(
        project_id=project.id,
        project_status=project.status.value,
        project_stage=project.stage.value,
        project_version=project.version,
        step_run_id=step.id if step else None,
        step_status=step.status.value if step else None,
        step_version=step.version if step else None,
        task_id=task.id if task else None,
        task_status=task.status.value if task else None,
    )


def check_version(project: Project, step: StepRun, task: Task, expected_version: int | None) -> None:
    if task.status is not TaskStatus.OPEN:
        raise ActionRefused("TASK_CLOSED", field="task_id", current=current_state(project, step, task))
    if expected_version is not None and expected_version != step.version:
        raise VersionConflict(current=current_state(project, step, task))


async def checked_attachments(project: Project, attachments: list[int]) -> list[int]:
    """Material ids of this project, or a typed error naming the field."""
    if not attachments:
        return []
    found = set(await Material.filter(project_id=project.id, id__in=attachments).values_list("id", flat=True))
    if found != set(attachments):
        raise ActionRefused("INVALID_INPUT", field="attachments")
    return list(dict.fromkeys(attachments))


async def log(
    *,
    project: Project,
    acting: Acting,
    action: str,
    on_behalf_of: int | None = None,
    step: StepRun | None = None,
    task: Task | None = None,
    comment: str = "",
    attachments: list[int] | None = None,
    detail: dict[str, Any] | None = None,
) -> Decision:
    """The decision, its audit record and its event: written together, in the action's transaction."""
    decision = await Decision.create(
        project_id=project.id,
        step_run_id=step.id if step else None,
        task_id=task.id if task else None,
        action=action,
        actor_id=acting.user_id,
        on_behalf_of_id=on_behalf_of,
        comment=comment,
        attachments=attachments or [],
        detail=detail or {},
        at=clock.now(),
    )
    await record(
        action=f"WORKFLOW_{action}",
        outcome="SUCCESS",
        origin=acting.origin,
        actor_id=acting.user_id or None,
        actor_name=None if acting.user_id else SYSTEM_ACTOR,
        on_behalf_of_id=on_behalf_of,
        center=task.center.value if task else None,
        target_type="project",
        target_id=str(project.id),
        detail={"decision": decision.id, **(detail or {})},
    )
    await emit(
        f"decision.{action.lower()}",
        project_id=project.id,
        decision_id=decision.id,
        task_id=task.id if task else None,
        actor_id=acting.user_id,
        on_behalf_of_id=on_behalf_of,
    )
    return decision


def result(project: Project, step: StepRun | None = None, task: Task | None = None) -> ProcessState:
    """The process state an action leaves behind."""
    return current_state(project, step, task)
