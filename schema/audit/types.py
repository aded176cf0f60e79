"""Audit findings in a center: audit sees all of them, a builder those on its projects."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership
from domain.audit.models import AuditFinding, FindingAnswer
from domain.projects.visibility import visibility_over
from schema.shared import ids


@strawberry.type
class FindingAnswerView:
    text: str
    answered_at: datetime


@strawberry.type
class FindingView:
    id: strawberry.ID
    project_code: str
    text: str
    status: str
    conclusion: str
    raised_at: datetime
    answers: list[FindingAnswerView]


async def findings_for(membership: CenterMembership) -> list[FindingView]:
    """Findings on the projects this center sees (the last 100), with their answers (two queries)."""
    if CenterKind(membership.center) not in (CenterKind.AUDIT, CenterKind.BUILDER, CenterKind.DATA):
        return []
    rows = (
        await AuditFinding.filter(visibility_over(membership))
        .order_by("-id")
        .limit(100)
        .values("id", "project__code", "text", "status", "conclusion", "raised_at")
    )
    answers: dict[int, list[FindingAnswerView]] = {}
    for answer in (
        await FindingAnswer.filter(finding_id__in=[r["id"] for r in rows] or [0])
        .order_by("id")
        .values("finding_id", "text", "answered_at")
    ):
        answers.setdefault(answer["finding_id"], []).append(
            FindingAnswerView(text=answer["text"], answered_at=answer["answered_at"])
        )
    return [
        FindingView(
            id=strawberry.ID(ids.encode("AuditFinding", r["id"])),
            project_code=r["project__code"],
            text=r["text"],
            status=r["status"],
            conclusion=r["conclusion"],
            raised_at=r["raised_at"],
            answers=answers.get(r["id"], []),
        )
        for r in rows
    ]
