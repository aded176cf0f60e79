"""Reading the process for the centers: to-do pages, deadlines and lights, who holds a project now.

Lists read plain rows (`values()`), a fixed number of queries whatever the page size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.expressions import Q

from domain.accounts.kinds import CenterKind
from domain.calendar import WarningLight, WorkingCalendar, china_today, days_left, days_used, warning_light
from domain.calendar.clocks import Pause, TaskClock
from domain.paging import page_with_total
from domain.projects.kinds import Stage
from domain.projects.models import PROJECT_FIELDS
from domain.workflow.engine import end_of_day
from domain.workflow.models import StepRun, StepStatus, Task, TaskKind, TaskStatus

EXPECTS = {
    TaskKind.REVISION: "RESUBMIT",
    TaskKind.SUPERVISION: "SUPERVISE",
    TaskKind.ORGANISE: "ORGANISE_PANEL",
    TaskKind.INVITATION: "RESPOND_INVITATION",
    TaskKind.SCORE: "SCORE",
    TaskKind.FINDING: "ANSWER_FINDING",
    TaskKind.CLOSE_FINDING: "CLOSE_FINDING",
}
STEP_EXPECTS = {"SUBMIT": "SUBMIT", "REVIEW": "REVIEW", "APPROVE": "APPROVE", "RECORD": "RECORD", "SCORE": "SCORE"}
TASK_FIELDS = (
    "id",
    "kind",
    "title",
    "status",
    "due_at",
    "project_id",
    "step_run_id",
    "center",
    "created_at",
    "opened_at",
    "urge_count",
    "subject_task_id",
    "assignee_id",
)
STEP_FIELDS = (
    "id",
    "step_key",
    "stage",
    "action",
    "limit_days",
    "started_on",
    "pauses",
    "status",
    "version",
    "due_on",
    "due_estimated",
)
# What a step's clock is computed from (clock_of).
CLOCK_FIELDS = ("started_on", "limit_days", "pauses", "due_on", "due_estimated")


@dataclass(frozen=True, slots=True)
class TodoFilter:
    kinds: tuple[TaskKind, ...] = ()
    stages: tuple[Stage, ...] = ()
    lights: tuple[WarningLight, ...] = ()
    due_before: date | None = None


@dataclass(frozen=True, slots=True)
class Clocked:
    """A step's deadline as the people waiting on it see it."""

    due_on: date | None
    estimated: bool
    days_used: int
    days_left: int
    limit_days: int
    light: WarningLight


def clock_of(step: dict[str, Any], calendar: WorkingCalendar, today: date) -> Clocked | None:
    """Deadline figures of a step row (None for a step that has not started)."""
    if step["started_on"] is None:
        return None
    pauses = tuple(Pause(date.fromisoformat(s), date.fromisoformat(e) if e else None) for s, e in step["pauses"])
    clock = TaskClock(started_on=step["started_on"], limit_days=step["limit_days"], pauses=pauses)
    left = days_left(clock, calendar, today)
    return Clocked(
        due_on=step["due_on"],
        estimated=step["due_estimated"],
        days_used=days_used(clock, calendar, today),
        days_left=left,
        limit_days=step["limit_days"],
        light=warning_light(left),
    )


# To-dos whose deadline is their own (set when they open), not the step's: a revision, an invitation, a sheet.
OWN_DEADLINE = frozenset(
    {TaskKind.REVISION, TaskKind.INVITATION, TaskKind.SCORE, TaskKind.FINDING, TaskKind.CLOSE_FINDING}
)


def task_clock_of(
    task: dict[str, Any], step: dict[str, Any] | None, calendar: WorkingCalendar, today: date
) -> Clocked | None:
    """A to-do's deadline figures: its own for revisions, invitations and sheets, else its step's."""
    if TaskKind(task["kind"]) in OWN_DEADLINE and task.get("due_at") is not None:
        started = china_today(task.get("opened_at") or task["created_at"])
        due = china_today(task["due_at"])
        limit = max(calendar.working_days_between(started, due), 1)
        clock = TaskClock(started_on=started, limit_days=limit)
        left = days_left(clock, calendar, today)
        return Clocked(
            due_on=due,
            estimated=not (calendar.covers(started.year) and calendar.covers(due.year)),
            days_used=days_used(clock, calendar, today),
            days_left=left,
            limit_days=limit,
            light=warning_light(left),
        )
    return clock_of(step, calendar, today) if step is not None else None


# What a to-do lets its holder do, by what it expects of them; clients show these and no list of their own.
# Approving a SUBMIT step is submitting (the applicant's own step); 备案/登记 steps record; the data
# bureau's supervision to-dos urge the holder; panels, invitations, sheets and findings have their own
# forms, and every to-do can carry a comment.
ACTIONS = {
    "APPROVE": ("APPROVE", "REJECT", "RETURN", "TRANSFER", "ADD_SIGNER", "COMMENT"),
    "REVIEW": ("APPROVE", "REJECT", "RETURN", "TRANSFER", "ADD_SIGNER", "COMMENT"),
    "SUBMIT": ("APPROVE", "COMMENT"),
    "RESUBMIT": ("RESUBMIT", "COMMENT"),
    "RECORD": ("RECORD", "TRANSFER", "COMMENT"),
    "SUPERVISE": ("URGE", "COMMENT"),
}


def actions_for(expected: str) -> tuple[str, ...]:
    """The actions a to-do offers, given what it expects (`expects`)."""
    return ACTIONS.get(expected, ("COMMENT",))


def expects(task: dict[str, Any], step: dict[str, Any] | None) -> str:
    kind = TaskKind(task["kind"])
    if kind in EXPECTS:
        return EXPECTS[kind]
    return STEP_EXPECTS.get(step["action"], "REVIEW") if step else "REVIEW"


def _light_bounds(calendar: WorkingCalendar, today: date) -> dict[WarningLight, tuple[Any, Any]]:
    """Due-time ranges matching each light: overdue before today, yellow up to the next working day."""
    next_working = calendar.add_working_days(today, 1).due
    start_of_today = end_of_day(date.fromordinal(today.toordinal() - 1))
    return {
        WarningLight.RED: (None, start_of_today),
        WarningLight.YELLOW: (start_of_today, end_of_day(next_working)),
        WarningLight.GREEN: (end_of_day(next_working), None),
    }


async def todo_page(
    *,
    user_id: int,
    center: CenterKind,
    filters: TodoFilter,
    after_id: int | None,
    limit: int,
    calendar: WorkingCalendar,
    today: date,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the user's open tasks in a center, oldest first, each with its step, and the total matching."""
    query = Task.filter(assignee_id=user_id, center=center, status=TaskStatus.OPEN)
    if filters.kinds:
        query = query.filter(kind__in=list(filters.kinds))
    if filters.stages:
        query = query.filter(step_run__stage__in=list(filters.stages))
    if filters.due_before is not None:
        query = query.filter(due_at__lte=end_of_day(filters.due_before))
    if filters.lights:
        bounds = _light_bounds(calendar, today)
        parts = []
        for light in filters.lights:
            low, high = bounds[light]
            part = Q(due_at__isnull=False)
            if low is not None:
                part &= Q(due_at__gt=low)
            if high is not None:
                part &= Q(due_at__lte=high)
            parts.append(part)
        query = query.filter(Q(*parts, join_type="OR"))
    fields = (*TASK_FIELDS, *(f"step_run__{f}" for f in STEP_FIELDS), *(f"project__{f}" for f in PROJECT_FIELDS))
    rows, total = await page_with_total(query, fields=fields, after_id=after_id, limit=limit)
    return [_with_related(row) for row in rows], total


def _with_related(row: dict[str, Any]) -> dict[str, Any]:
    """A to-do row with its step's and project's rows (read in the same statement) under "step" and "project"."""
    step = {f: row.pop(f"step_run__{f}") for f in STEP_FIELDS}
    project = {f: row.pop(f"project__{f}") for f in PROJECT_FIELDS}
    row["step"] = step if step["id"] is not None else None
    row["project"] = project if project["id"] is not None else None
    return row


async def steps_by_id(ids: list[int]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in await StepRun.filter(id__in=ids).values(*STEP_FIELDS)}


async def active_steps_of(project_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Active or returned steps per project (what is in hand now)."""
    rows = (
        await StepRun.filter(project_id__in=project_ids, status__in=[StepStatus.ACTIVE, StepStatus.RETURNED])
        .order_by("id")
        .values("project_id", *STEP_FIELDS)
    )
    result: dict[int, list[dict[str, Any]]] = {pid: [] for pid in project_ids}
    for row in rows:
        result[row["project_id"]].append(row)
    return result


async def holders_of(step_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Who holds each step: its open tasks with their assignee's name and organisation."""
    rows = (
        await Task.filter(step_run_id__in=step_ids, status=TaskStatus.OPEN)
        .order_by("id")
        .values("step_run_id", "kind", "center", "assignee__display_name", "assignee__organisation_id")
    )
    result: dict[int, list[dict[str, Any]]] = {sid: [] for sid in step_ids}
    for row in rows:
        result[row["step_run_id"]].append(row)
    return result
