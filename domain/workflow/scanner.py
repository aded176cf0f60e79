"""The periodic scan: warning lights of open tasks; a red one opens a 督办 task for the data bureau.

Safe with several processes: on PostgreSQL one scan holds an advisory lock and the others skip;
a unique index on (kind, subject task, assignee) stops a second supervision task in any case.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from domain.accounts.kinds import CenterKind
from domain.accounts.policies import active_members
from domain.actions.acting import moment
from domain.audit.service import Origin, record
from domain.calendar import WarningLight, days_left, warning_light, worst
from domain.events.service import emit
from domain.workflow.engine import step_clock
from domain.workflow.models import StepRun, StepStatus, Task, TaskKind, TaskStatus
from domain.workflow.timeouts import TimeoutReport, apply_on_expiry, remind

SCAN_LOCK_KEY = 0x51430002
SCANNER = Origin(device="scanner")


@dataclass(frozen=True, slots=True)
class ScanReport:
    scanned: int
    red: int
    supervision_opened: int
    skipped_locked: bool = False
    invitations_expired: int = 0
    reminded: int = 0
    escalated: int = 0
    auto_approved: int = 0


def light_of(step: StepRun, calendar, today) -> WarningLight:
    return warning_light(days_left(step_clock(step), calendar, today))


@dataclass(frozen=True, slots=True)
class ProjectLights:
    """Each open task's light (from its step's clock) and the project's: the worst of them."""

    tasks: dict[int, WarningLight]
    project: WarningLight


async def lights_of(project_id: int) -> ProjectLights:
    at = await moment()
    steps = {s.id: s for s in await StepRun.filter(project_id=project_id, status=StepStatus.ACTIVE)}
    tasks = await Task.filter(step_run_id__in=list(steps), status=TaskStatus.OPEN).values_list("id", "step_run_id")
    lights = {task_id: light_of(steps[step_id], at.calendar, at.today) for task_id, step_id in tasks}
    return ProjectLights(tasks=lights, project=worst(lights.values()))


async def scan() -> ScanReport:
    """One pass over the open steps; opens at most one 督办 per overdue task and data-bureau user."""
    at = await moment()
    async with in_transaction() as conn:
        if conn.capabilities.dialect == "postgres":
            _, rows = await conn.execute_query("SELECT pg_try_advisory_xact_lock($1) AS got", [SCAN_LOCK_KEY])
            if not rows[0]["got"]:
                return ScanReport(0, 0, 0, skipped_locked=True)
        steps = await StepRun.filter(status=StepStatus.ACTIVE)
        supervisors = await active_members(CenterKind.DATA)
        from domain.reviews.flows import expire_invitations  # reviews build on workflow, not the reverse

        expired = await expire_invitations()
        red = opened = 0
        timeouts = TimeoutReport()
        for step in steps:
            await remind(step, at, timeouts)
            if light_of(step, at.calendar, at.today) is not WarningLight.RED:
                continue
            if await apply_on_expiry(step, at, timeouts):
                continue  # escalated to the leader, or handed on by itself
            for task in await Task.filter(step_run_id=step.id, status=TaskStatus.OPEN, kind=TaskKind.ACTION):
                red += 1
                opened += await _supervise(task, list(supervisors), at.now)
        return ScanReport(
            scanned=len(steps),
            red=red,
            supervision_opened=opened,
            invitations_expired=expired,
            reminded=timeouts.reminded,
            escalated=timeouts.escalated,
            auto_approved=timeouts.auto_approved,
        )


async def _supervise(task: Task, supervisors: list[int], now) -> int:
    if await Task.filter(kind=TaskKind.SUPERVISION, subject_task_id=task.id).exists():
        return 0
    await Task.bulk_create(
        [
            Task(
                kind=TaskKind.SUPERVISION,
                center=CenterKind.DATA,
                assignee_id=user_id,
                project_id=task.project_id,
                step_run_id=task.step_run_id,
                subject_task_id=task.id,
                title=f"督办：{task.title}",
                status=TaskStatus.OPEN,
                created_at=now,
                opened_at=now,
            )
            for user_id in supervisors
        ]
    )
    await record(
        action="SUPERVISION_OPENED",
        outcome="RED",
        origin=SCANNER,
        target_type="task",
        target_id=str(task.id),
        detail={"assignee": task.assignee_id},
    )
    await emit("task.overdue", project_id=task.project_id, task_id=task.id, assignee_id=task.assignee_id, urgent=True)
    return 1
