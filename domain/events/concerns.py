"""Who an event concerns, the one rule for live updates and notifications alike.

Told (notified): who must act (with their own to-do), who is copied, who follows the project. Watching
(their open screens refresh, no message): everyone who holds or held a task on the project, and the
users the event names (the actor, the assignee, the expert)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.db import column
from domain.events.models import Event
from domain.projects.models import Project, ProjectFollow
from domain.workflow.models import Decision, Task, TaskKind, TaskStatus

# Kinds the applicant and the project's followers are told of (they act on none of them).
COPIED = frozenset(
    {"decision.approve", "decision.reject", "stage.opened", "panel.closed", "project.completed", "decision.return"}
)


@dataclass(frozen=True, slots=True)
class Recipient:
    acts: bool  # must act (urgent kinds escalate for them) or is only told
    task_id: int | None = None  # their own to-do, where the link leads
    told: bool = True  # False: only watching (live updates refresh their screens, no message)


NAMED = ("assignee_id", "expert_user_id", "actor_id", "user_id")


async def concerned(event: Event) -> dict[int, Recipient]:
    """Everyone the event concerns; `told` marks those who get a message."""
    found = await _told(event)
    payload = event.payload or {}
    watching: list[int] = [payload[name] for name in NAMED if isinstance(payload.get(name), int)]
    if event.project_id is not None:
        watching += await column(
            Task.filter(project_id=event.project_id).distinct().values_list("assignee_id", flat=True)
        )
    for user_id in watching:
        found.setdefault(user_id, Recipient(acts=False, told=False))
    return found


async def told(event: Event) -> dict[int, Recipient]:
    """Those the event concerns who get a message (without reading who only watches: the worker asks this
    for every event it fans out)."""
    return {user_id: who for user_id, who in (await _told(event)).items() if who.told}


async def _told(event: Event) -> dict[int, Recipient]:
    payload = event.payload or {}
    found: dict[int, Recipient] = {}
    task_id = payload.get("task_id") if isinstance(payload.get("task_id"), int) else None

    def act(user_id: int | None, task: int | None) -> None:
        if isinstance(user_id, int):
            found[user_id] = Recipient(acts=True, task_id=task)

    if event.kind == "step.opened" and payload.get("step_run_id"):
        for row in await Task.filter(step_run_id=payload["step_run_id"], status=TaskStatus.OPEN).values(
            "id", "assignee_id"
        ):
            act(row["assignee_id"], row["id"])
    elif event.kind in ("task.overdue", "decision.urge", "task.reminder") and task_id is not None:
        task = await Task.get_or_none(id=task_id).values("assignee_id", "status")
        if task and task["status"] == TaskStatus.OPEN:
            act(task["assignee_id"], task_id)
        if event.kind == "task.overdue":  # the data bureau officials holding the 督办 of it
            for row in await Task.filter(
                kind=TaskKind.SUPERVISION, subject_task_id=task_id, status=TaskStatus.OPEN
            ).values("id", "assignee_id"):
                found.setdefault(row["assignee_id"], Recipient(acts=False, task_id=row["id"]))
    elif event.kind == "panel.invited":
        act(payload.get("expert_user_id"), task_id)
    elif event.kind == "decision.finding_answered" and payload.get("decision_id"):
        # The auditor who raised the finding reads the answer and closes it (审计意见 answered).
        from domain.audit.models import AuditFinding  # audit builds on events, not the reverse

        detail = await Decision.get_or_none(id=payload["decision_id"]).values("detail")
        finding = (detail or {}).get("detail", {}).get("finding")
        if isinstance(finding, int):
            raised = await AuditFinding.get_or_none(id=finding).values("raised_by_id")
            if raised:
                found.setdefault(raised["raised_by_id"], Recipient(acts=True))
    elif event.kind == "decision.return" and event.project_id:
        for row in await Task.filter(
            project_id=event.project_id, kind=TaskKind.REVISION, status=TaskStatus.OPEN
        ).values("id", "assignee_id"):
            act(row["assignee_id"], row["id"])
    if event.kind in COPIED and event.project_id:
        project = await Project.get_or_none(id=event.project_id).values("declared_by_id")
        copied = [project["declared_by_id"]] if project and project["declared_by_id"] else []
        copied += await column(ProjectFollow.filter(project_id=event.project_id).values_list("user_id", flat=True))
        for user_id in copied:
            if user_id != payload.get("actor_id"):
                found.setdefault(user_id, Recipient(acts=False))
    return found
