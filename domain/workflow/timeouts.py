"""Timeout rules of steps, applied by the scanner: reminders before the deadline, then 督办, escalation to
the holder's leader, or an automatic approval. Every automatic act is a decision ("超时自动...") and an
audit record, made by the system (actor 0), never in a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.accounts.models import CenterMembership
from domain.actions.acting import Acting, locked_project, log
from domain.audit.service import Origin
from domain.calendar import days_left
from domain.events.service import emit
from domain.workflow.engine import Moment, step_clock
from domain.workflow.models import StepRun, Task, TaskKind, TaskStatus
from domain.workflow.templates.model import LEADER_ROLE, OnExpiry

SYSTEM_USER_ID = 0  # the actor of automatic acts: no person
SCANNER = Origin(device="scanner")
AUTOMATIC_ACTIONS = frozenset({"AUTO_REMIND", "AUTO_ESCALATE", "AUTO_APPROVE"})


@dataclass(slots=True)
class TimeoutReport:
    reminded: int = 0
    escalated: int = 0
    auto_approved: int = 0


def _system(key: str) -> Acting:
    return Acting(user_id=SYSTEM_USER_ID, origin=SCANNER, key=key)


async def _open_tasks(step: StepRun) -> list[Task]:
    return await Task.filter(step_run_id=step.id, status=TaskStatus.OPEN, kind=TaskKind.ACTION).order_by("id")


async def remind(step: StepRun, at: Moment, report: TimeoutReport) -> None:
    """On each of the step's last `reminders` working days (the due day included), once a day."""
    if not step.reminders or step.reminded_on == at.today:
        return
    left = days_left(step_clock(step), at.calendar, at.today)
    if not 0 <= left < step.reminders:
        return
    tasks = await _open_tasks(step)
    if not tasks:
        return
    project = await locked_project(step.project_id)
    await StepRun.filter(id=step.id).update(reminded_on=at.today)
    for task in tasks:
        await emit(
            "task.reminder", project_id=project.id, task_id=task.id, assignee_id=task.assignee_id, days_left=left
        )
    await log(
        project=project,
        acting=_system(f"remind-{step.id}-{at.today}"),
        action="AUTO_REMIND",
        step=step,
        comment=f"超时自动提醒：距办理时限还剩 {left} 个工作日",
        detail={"automatic": True, "daysLeft": left, "holders": [t.assignee_id for t in tasks]},
    )
    report.reminded += len(tasks)


async def escalate_to_leader(step: StepRun, at: Moment, report: TimeoutReport) -> bool:
    """The leader (分管领导) of each overdue holder's center and organisation may decide too; False if none."""
    tasks = await _open_tasks(step)
    project = await locked_project(step.project_id)
    holders = {t.assignee_id for t in await Task.filter(step_run_id=step.id, status=TaskStatus.OPEN)}
    added: list[Task] = []
    for task in tasks:
        own = await CenterMembership.get_or_none(user_id=task.assignee_id, center=task.center)
        if own is None:
            continue
        leaders = await CenterMembership.filter(
            center=task.center, organisation_id=own.organisation_id, user__is_active=True
        ).values("user_id", "roles")
        for row in leaders:
            if LEADER_ROLE in (row["roles"] or []) and row["user_id"] not in holders:
                holders.add(row["user_id"])
                added.append(
                    await Task.create(
                        kind=TaskKind.ACTION,
                        center=task.center,
                        assignee_id=row["user_id"],
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
                )
    if not added:
        return False
    await StepRun.filter(id=step.id).update(expired_handled_at=at.now, version=step.version + 1)
    leader_ids = [t.assignee_id for t in added]
    await log(
        project=project,
        acting=_system(f"escalate-{step.id}"),
        action="AUTO_ESCALATE",
        step=step,
        comment="超时自动上报分管领导",
        detail={"automatic": True, "leaders": leader_ids},
    )
    for task in added:
        await emit("task.overdue", project_id=project.id, task_id=task.id, assignee_id=task.assignee_id, urgent=True)
    report.escalated += len(added)
    return True


async def apply_on_expiry(step: StepRun, at: Moment, report: TimeoutReport) -> bool:
    """The template's act once the limit has run out; False when the default 督办 should follow instead."""
    if step.expired_handled_at is not None:
        return step.on_expiry != OnExpiry.SUPERVISE
    if step.on_expiry == OnExpiry.ESCALATE:
        return await escalate_to_leader(step, at, report)
    if step.on_expiry == OnExpiry.AUTO_APPROVE:
        from domain.workflow.flows import approve_on_timeout  # flows build on the engine this module extends

        report.auto_approved += await approve_on_timeout(step_id=step.id, at=at, acting=_system(f"auto-{step.id}"))
        return True
    return False
