"""Moving a project's process: open stages and steps, create signers' tasks, complete, check gates.

Called only by flows, inside their transaction, with the project row locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership
from domain.accounts.policies import active_members
from domain.calendar import TaskClock, WorkingCalendar, china_today, due_date
from domain.calendar.clocks import Pause
from domain.catalogue.models import DataResource
from domain.db import column
from domain.events.service import emit
from domain.projects.kinds import ProjectStatus, Stage
from domain.projects.models import Project
from domain.workflow.errors import WorkflowError
from domain.workflow.models import StageRun, StageStatus, StepRun, StepStatus, Task, TaskKind, TaskStatus
from domain.workflow.process import plan_of
from domain.workflow.rules import initial_status
from domain.workflow.templates import (
    Actor,
    GateKind,
    Plan,
    PlannedStage,
    PlannedStep,
    SignMode,
    StepAction,
    next_wave,
)
from domain.workflow.templates.model import Timeout

CHINA_OFFSET = timedelta(hours=8)


@dataclass(slots=True)
class Moment:
    """The time of one action, and the calendar its deadlines count on."""

    now: datetime
    calendar: WorkingCalendar

    @property
    def today(self) -> date:
        return china_today(self.now)


def end_of_day(day: date) -> datetime:
    """The last instant of a China date, in UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC) - CHINA_OFFSET


def step_clock(step: StepRun) -> TaskClock:
    pauses = tuple(Pause(date.fromisoformat(s), date.fromisoformat(e) if e else None) for s, e in step.pauses)
    if step.started_on is None:
        raise ValueError(f"step {step.id} has not started")
    return TaskClock(started_on=step.started_on, limit_days=step.limit_days, pauses=pauses)


async def refresh_due(step: StepRun, moment: Moment) -> None:
    """Store the step's deadline on its open tasks (what lists sort and filter by)."""
    deadline = due_date(step_clock(step), moment.calendar, moment.today)
    await StepRun.filter(id=step.id).update(due_on=deadline.due, due_estimated=deadline.estimated)
    await Task.filter(step_run_id=step.id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
        due_at=end_of_day(deadline.due)
    )


async def start(project: Project, moment: Moment) -> None:
    """Create the stage runs of the plan and open the first wave."""
    plan = await plan_of(project)
    for wave_index, wave in enumerate(plan.waves):
        for planned in wave.stages:
            for stage in (planned.stage, *planned.merged):
                await StageRun.create(project=project, stage=stage, wave=wave_index)
    for stage in plan.skipped:
        await StageRun.create(project=project, stage=stage, wave=-1, status=StageStatus.SKIPPED)
    await open_next_wave(project, moment, plan)


async def open_next_wave(project: Project, moment: Moment, plan: Plan | None = None) -> None:
    plan = plan or await plan_of(project)
    runs = {run.stage: run for run in await StageRun.filter(project_id=project.id)}
    done = {stage for stage, run in runs.items() if run.status in (StageStatus.DONE, StageStatus.SKIPPED)}
    opening = next_wave(plan, done)
    planned_stages = {s for p in plan.stages for s in (p.stage, *p.merged)}
    for stage, run in runs.items():
        if run.status is StageStatus.WAITING and stage not in planned_stages:
            await StageRun.filter(id=run.id).update(status=StageStatus.SKIPPED, closed_at=moment.now)
    if not opening:
        project.status = ProjectStatus.COMPLETED
        await emit("project.completed", project_id=project.id)
        return
    for planned in opening:
        if runs[planned.stage].status is StageStatus.WAITING:
            await open_stage(project, moment, planned)


async def open_stage(project: Project, moment: Moment, planned: PlannedStage) -> None:
    for gate in planned.entry_gates:
        await check_gate(project, gate)
    await StageRun.filter(project_id=project.id, stage__in=[planned.stage, *planned.merged]).update(
        status=StageStatus.ACTIVE, opened_at=moment.now
    )
    active = await column(
        StageRun.filter(project_id=project.id, status=StageStatus.ACTIVE).values_list("stage", flat=True)
    )
    project.stage = min((Stage(s) for s in active), key=list(Stage).index)
    await emit("stage.opened", project_id=project.id, stage=planned.stage.value)
    await open_next_step(project, moment, planned)


async def open_next_step(project: Project, moment: Moment, planned: PlannedStage) -> None:
    """Open the first step of the stage not done yet; complete the stage when none is left."""
    host = await StageRun.get(project_id=project.id, stage=planned.stage)
    runs = {r.step_key: r for r in await StepRun.filter(stage_run_id=host.id)}
    for position, planned_step in enumerate(planned.steps):
        run = runs.get(planned_step.step.key)
        if run is None or run.status is StepStatus.WAITING:
            await open_step(project, moment, planned, planned_step, position, run)
            return
    await complete_stage(project, moment, planned)


async def open_step(
    project: Project,
    moment: Moment,
    planned: PlannedStage,
    planned_step: PlannedStep,
    position: int,
    run: StepRun | None,
) -> StepRun:
    step = planned_step.step
    stage_run = await StageRun.get(project_id=project.id, stage=planned.stage)
    rule = step.timeout or Timeout()
    values: dict[str, Any] = {
        "status": StepStatus.ACTIVE,
        "started_on": moment.today,
        "pauses": [],
        "opened_at": moment.now,
        "closed_at": None,
        "reminders": rule.reminders,
        "on_expiry": rule.on_expiry.value,
        "reminded_on": None,
        "expired_handled_at": None,
    }
    if run is None:
        run = await StepRun.create(
            project=project,
            stage_run=stage_run,
            stage=planned_step.stage,
            step_key=step.key,
            position=position,
            action=step.action.value,
            sign_mode=step.sign_mode.value,
            limit_days=step.limit_days,
            **values,
        )
    else:
        await StepRun.filter(id=run.id).update(version=run.version + 1, round=run.round + 1, **values)
        await run.refresh_from_db()
    if step.action is StepAction.SCORE:
        # Experts are drawn into a panel by the data bureau; the step completes when the panel closes.
        organisers = await active_members(CenterKind.DATA)
        if not organisers:
            raise WorkflowError("NO_ELIGIBLE_ACTOR", field=step.key, center=CenterKind.DATA.value)
        await create_tasks(
            run, project, moment, 0, sorted(organisers), CenterKind.DATA, f"组织{step.name}", kind=TaskKind.ORGANISE
        )
    else:
        await open_signer_slots(run, project, moment, planned_step)
    await refresh_due(run, moment)
    await emit("step.opened", project_id=project.id, step=step.key, step_run_id=run.id)
    return run


async def open_signer_slots(run: StepRun, project: Project, moment: Moment, planned_step: PlannedStep) -> None:
    """One slot per actor; for 会签/或签 an actor named by a role opens one slot per person holding it now.

    The slots are rows: a later change of staff does not rewrite who had to sign.
    """
    step = planned_step.step
    per_person = SignMode(run.sign_mode) in (SignMode.COUNTERSIGN, SignMode.ORSIGN)
    slot = 0
    for actor in step.actors:
        users = await eligible_users(project, actor)
        if not users:
            raise WorkflowError("NO_ELIGIBLE_ACTOR", field=step.key, center=actor.center.value)
        groups = [[user] for user in users] if per_person and actor.role is not None else [users]
        for group in groups:
            await create_tasks(run, project, moment, slot, group, actor.center, step.name)
            slot += 1


async def create_tasks(
    run: StepRun,
    project: Project,
    moment: Moment,
    slot: int,
    users: list[int],
    center: CenterKind,
    title: str,
    status: TaskStatus | None = None,
    kind: TaskKind = TaskKind.ACTION,
) -> None:
    status = status or initial_status(SignMode(run.sign_mode), slot)
    await Task.bulk_create(
        [
            Task(
                kind=kind,
                center=center,
                assignee_id=user_id,
                project_id=project.id,
                step_run_id=run.id,
                slot=slot,
                round=run.round,
                title=f"{title}：{project.name}",
                status=status,
                created_at=moment.now,
                opened_at=moment.now if status is TaskStatus.OPEN else None,
            )
            for user_id in users
        ]
    )


async def eligible_users(project: Project, actor: Actor) -> list[int]:
    """Users who may sign for an actor of a template on this project."""
    query = CenterMembership.filter(center=actor.center, user__is_active=True)
    if actor.applicant or actor.center is CenterKind.BUILDER:
        query = query.filter(organisation_id=project.builder_id)
    elif actor.center is CenterKind.SUPERVISOR:
        query = query.filter(organisation_id=project.supervisor_id or 0)
    elif actor.center is CenterKind.VENDOR:
        query = query.filter(organisation_id=project.vendor_id or 0)
    elif actor.center is CenterKind.EXPERT:
        # Non-scoring expert work (e.g. a third party's price assessment): never the builder's own staff.
        query = query.exclude(organisation_id=project.builder_id)
    if actor.organisation_kind is not None:
        query = query.filter(organisation__kind=actor.organisation_kind)
    rows = await query.order_by("user_id").values("user_id", "roles")
    return [row["user_id"] for row in rows if actor.role is None or actor.role in (row["roles"] or [])]


async def complete_step(project: Project, moment: Moment, run: StepRun) -> None:
    """The step is decided: close its tasks, then open the next step (or finish the stage)."""
    await StepRun.filter(id=run.id).update(status=StepStatus.DONE, closed_at=moment.now, version=run.version + 1)
    await Task.filter(step_run_id=run.id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
        status=TaskStatus.CANCELLED, closed_at=moment.now
    )
    await emit("step.completed", project_id=project.id, step=run.step_key, step_run_id=run.id)
    stage_run = await StageRun.get(id=run.stage_run_id)
    await open_next_step(project, moment, await planned_stage(project, stage_run.stage))


async def planned_stage(project: Project, stage: Stage) -> PlannedStage:
    """The planned stage that hosts `stage` (itself, or the stage it is merged into)."""
    for candidate in (await plan_of(project)).stages:
        if stage in (candidate.stage, *candidate.merged):
            return candidate
    raise WorkflowError("WRONG_STAGE", stage=stage.value)


async def complete_stage(project: Project, moment: Moment, planned: PlannedStage) -> None:
    for gate in planned.exit_gates:
        await check_gate(project, gate)
    await StageRun.filter(project_id=project.id, stage__in=[planned.stage, *planned.merged]).update(
        status=StageStatus.DONE, closed_at=moment.now
    )
    await emit("stage.completed", project_id=project.id, stage=planned.stage.value)
    still_active = await column(
        StageRun.filter(project_id=project.id, status=StageStatus.ACTIVE).values_list("stage", flat=True)
    )
    if still_active:  # a parallel branch is still running: it opens the next wave when it is done
        project.stage = min((Stage(s) for s in still_active), key=list(Stage).index)
        return
    await open_next_wave(project, moment)


async def check_gate(project: Project, gate: GateKind) -> None:
    """Business rules a stage may not be entered or left without."""
    if gate is GateKind.SUPERVISOR_ASSIGNED and project.supervisor_id is None:
        raise WorkflowError("SUPERVISOR_REQUIRED", gate=gate.value)
    if gate is GateKind.CONTRACT_WITHIN_BUDGET:
        if project.contract_amount is None or project.approved_budget is None:
            raise WorkflowError("CONTRACT_MISSING", gate=gate.value)
        if project.contract_amount > project.approved_budget:
            raise WorkflowError("CONTRACT_ABOVE_BUDGET", gate=gate.value)
    if gate is GateKind.DATA_RESOURCES_VERIFIED:
        unverified = await DataResource.filter(project_id=project.id, verified_at__isnull=True).count()
        if unverified:
            raise WorkflowError("DATA_RESOURCES_NOT_VERIFIED", gate=gate.value, unverified=unverified)


async def cancel_open_work(project: Project, moment: Moment) -> None:
    """Close every open step and task of the project (rejection)."""
    await StepRun.filter(project_id=project.id, status__in=[StepStatus.ACTIVE, StepStatus.RETURNED]).update(
        status=StepStatus.CANCELLED, closed_at=moment.now
    )
    await Task.filter(project_id=project.id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
        status=TaskStatus.CANCELLED, closed_at=moment.now
    )
    await StageRun.filter(project_id=project.id, status__in=[StageStatus.ACTIVE, StageStatus.WAITING]).update(
        status=StageStatus.CANCELLED, closed_at=moment.now
    )
