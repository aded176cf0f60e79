"""Audit findings (审计意见): audit records a finding on a project; the builder answers; audit closes it.

Audit reads everything and changes nothing but its findings; every finding and answer is kept.
"""

from __future__ import annotations

from datetime import timedelta

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership
from domain.accounts.policies import holds_center
from domain.actions.acting import Acting, locked_project, log, result
from domain.actions.idempotency import run_once
from domain.audit.errors import AuditError
from domain.audit.models import AuditFinding, FindingAnswer, FindingStatus
from domain.audit.results import FindingRecorded
from domain.projects.models import Project
from domain.workflow.models import Task, TaskKind, TaskStatus

MAX_TEXT = 4000
ANSWER_DAYS = 10  # calendar days for the builder to answer


def _text(value: str, field: str) -> str:
    if not value.strip() or len(value) > MAX_TEXT:
        raise AuditError("INVALID_INPUT", field=field)
    return value.strip()


async def raise_finding(*, acting: Acting, project_id: int, text: str) -> FindingRecorded:
    """The audit center records a finding; the builder unit gets a to-do to answer it."""

    async def perform() -> FindingRecorded:
        project = await locked_project(project_id, field="project_id")
        if not await holds_center(acting.user_id, CenterKind.AUDIT):
            raise AuditError("FORBIDDEN")
        now = clock.now()
        finding = await AuditFinding.create(
            project=project,
            raised_by_id=acting.user_id,
            text=_text(text, "text"),
            status=FindingStatus.OPEN,
            raised_at=now,
        )
        builders = await CenterMembership.filter(
            center=CenterKind.BUILDER, organisation_id=project.builder_id, user__is_active=True
        ).values_list("user_id", flat=True)
        await Task.bulk_create(
            [
                Task(
                    kind=TaskKind.FINDING,
                    center=CenterKind.BUILDER,
                    assignee_id=user_id,
                    project_id=project.id,
                    subject_task_id=None,
                    title=f"审计意见待答复：{project.name}",
                    status=TaskStatus.OPEN,
                    due_at=now + timedelta(days=ANSWER_DAYS),
                    created_at=now,
                    opened_at=now,
                )
                for user_id in builders
            ]
        )
        await log(project=project, acting=acting, action="AUDIT_FINDING", detail={"finding": finding.id})
        return FindingRecorded(state=result(project), finding_id=finding.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="audit_finding",
        request={"project": project_id, "text": text},
        perform=perform,
    )


async def answer_finding(*, acting: Acting, finding_id: int, text: str) -> FindingRecorded:
    """The builder unit answers a finding (answers accumulate; none is ever replaced)."""

    async def perform() -> FindingRecorded:
        finding = await AuditFinding.get_or_none(id=finding_id)
        if finding is None:
            raise AuditError("NOT_FOUND", field="finding_id")
        project = await locked_project(finding.project_id)
        builder = await CenterMembership.filter(
            user_id=acting.user_id, center=CenterKind.BUILDER, organisation_id=project.builder_id
        ).exists()
        if not builder:
            raise AuditError("NOT_FOUND", field="finding_id")
        await finding.refresh_from_db()
        if finding.status is FindingStatus.CLOSED:
            raise AuditError("TASK_CLOSED", field="finding_id")
        now = clock.now()
        await FindingAnswer.create(
            finding=finding, answered_by_id=acting.user_id, text=_text(text, "text"), answered_at=now
        )
        await AuditFinding.filter(id=finding.id).update(status=FindingStatus.ANSWERED)
        await Task.filter(kind=TaskKind.FINDING, project_id=project.id, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, closed_at=now
        )
        await _ask_to_close(finding, project)
        await log(project=project, acting=acting, action="FINDING_ANSWERED", detail={"finding": finding.id})
        return FindingRecorded(state=result(project), finding_id=finding.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="answer_finding",
        request={"finding": finding_id, "text": text},
        perform=perform,
    )


async def _ask_to_close(finding: AuditFinding, project: Project) -> None:
    """The auditor who raised the finding gets a to-do to read the answer and close it (one per project)."""
    waiting = await Task.filter(
        kind=TaskKind.CLOSE_FINDING, project_id=project.id, assignee_id=finding.raised_by_id, status=TaskStatus.OPEN
    ).exists()
    if waiting:
        return
    now = clock.now()
    await Task.create(
        kind=TaskKind.CLOSE_FINDING,
        center=CenterKind.AUDIT,
        assignee_id=finding.raised_by_id,
        project_id=project.id,
        title=f"审计意见已答复，待办结：{project.name}",
        status=TaskStatus.OPEN,
        due_at=now + timedelta(days=ANSWER_DAYS),
        created_at=now,
        opened_at=now,
    )


async def close_finding(*, acting: Acting, finding_id: int, text: str) -> FindingRecorded:
    """Audit accepts the answer and closes the finding, with its conclusion."""

    async def perform() -> FindingRecorded:
        finding = await AuditFinding.get_or_none(id=finding_id)
        if finding is None:
            raise AuditError("NOT_FOUND", field="finding_id")
        project = await locked_project(finding.project_id)
        if not await holds_center(acting.user_id, CenterKind.AUDIT):
            raise AuditError("FORBIDDEN")
        await finding.refresh_from_db()
        if finding.status is not FindingStatus.ANSWERED:
            raise AuditError("INVALID_INPUT", field="finding_id")
        await AuditFinding.filter(id=finding.id).update(
            status=FindingStatus.CLOSED, conclusion=_text(text, "text"), closed_at=clock.now()
        )
        if not await AuditFinding.filter(project_id=project.id, status=FindingStatus.ANSWERED).exists():
            await Task.filter(kind=TaskKind.CLOSE_FINDING, project_id=project.id, status=TaskStatus.OPEN).update(
                status=TaskStatus.DONE, closed_at=clock.now()
            )
        await log(project=project, acting=acting, action="FINDING_CLOSED", detail={"finding": finding.id})
        return FindingRecorded(state=result(project), finding_id=finding.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="close_finding",
        request={"finding": finding_id, "text": text},
        perform=perform,
    )
