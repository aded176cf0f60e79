"""A project's record (电子档案) and the user's approvals, as their centers may read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from tortoise.functions import Max

from domain.projects.kinds import Stage
from domain.projects.models import Project as ProjectRow
from domain.projects.visibility import history_for
from domain.scoring.models import Satisfaction
from domain.workflow.models import Decision
from domain.workflow.takeback import BYSTANDER_ACTIONS
from schema.projects.types import Project
from schema.shared import ids
from schema.shared.messages import history_label
from schema.shared.pagination import Connection, Edge, PageInfo, after_key, cursor, page_size
from schema.shared.permissions import IsFullySignedIn, signed_in


async def _action(row: dict[str, Any], info: strawberry.Info) -> str:
    """The applicant finishing its own submission step (an approval in the table) submitted."""
    action: str = row["action"]
    if action == "APPROVE" and row["step_run_id"] is not None:
        step = await info.context.loaders.step_by_id.load(row["step_run_id"])
        if step is not None and step["action"] == "SUBMIT":
            return "SUBMIT"
    return action


@strawberry.type
class HistoryEntry:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Decision", self.row["id"]))

    @strawberry.field(
        description="What was done (APPROVE, RETURN, RECORD_CONTRACT, ...); the applicant finishing its own "
        "submission step reads SUBMIT, not an approval."
    )
    async def action(self, info: strawberry.Info) -> str:
        return await _action(self.row, info)

    @strawberry.field(
        description="The action in your language (Accept-Language): 同意 / Approved, 提交 / Submitted for the "
        "applicant's own submission, 办理 / Handled for an action without a name of its own."
    )
    async def action_label(self, info: strawberry.Info) -> str:
        return history_label(await _action(self.row, info), info.context.locale)

    @strawberry.field(description="The to-do this decision finished (a take-back names it); null for a record.")
    def task_id(self) -> strawberry.ID | None:
        task = self.row.get("task_id")
        return strawberry.ID(ids.encode("Task", task)) if task else None

    @strawberry.field(
        description="取回: in your own decisions (myDecisions), an approval nobody has acted after yet; "
        "takeBack(taskId) makes the to-do yours again. False elsewhere."
    )
    def can_take_back(self) -> bool:
        return bool(self.row.get("can_take_back"))

    @strawberry.field(description="In your own decisions (myDecisions): the project it was about.")
    async def project(self, info: strawberry.Info) -> Project | None:
        project_id = self.row.get("project_id") if self.row.get("listed_as_mine") else None
        if project_id is None:
            return None
        row = await info.context.loaders.project_by_id.load(project_id)
        return Project(row=row) if row else None

    @strawberry.field(description="满意度 (1-5) the applicant gave the to-do this decision finished; null if none.")
    def satisfaction(self) -> int | None:
        return self.row.get("satisfaction")

    @strawberry.field
    def comment(self) -> str:
        return self.row["comment"]

    @strawberry.field
    def at(self) -> datetime:
        return self.row["at"]

    @strawberry.field(description="Set when a delegate acted: the person they acted for.")
    def acting_for(self) -> bool:
        return self.row["on_behalf_of_id"] is not None

    @strawberry.field(description="An act of the system by a timeout rule (超时自动...), not of a person.")
    def automatic(self) -> bool:
        return self.row["action"].startswith("AUTO_")

    @strawberry.field(
        description="Who acted (their display name), or null when hidden from you: an expert's seat is named "
        "only to oversight."
    )
    async def actor_name(self, info: strawberry.Info) -> str | None:
        if not self.row.get("actor_named", True):
            return None
        user = await info.context.loaders.user_by_id.load(self.row["actor_id"])
        return user["display_name"] if user else None

    @strawberry.field(description="The stage of the step acted on (null for acts outside a step, e.g. a comment).")
    async def stage(self, info: strawberry.Info) -> Stage | None:
        if self.row["step_run_id"] is None:
            return None
        step = await info.context.loaders.step_by_id.load(self.row["step_run_id"])
        return Stage(step["stage"]) if step else None


@strawberry.type
class HistoryQueries:
    @strawberry.field(permission_classes=[IsFullySignedIn], description="A project's record, as you may read it.")
    async def project_history(self, info: strawberry.Info, project_id: strawberry.ID) -> list[HistoryEntry]:
        key = ids.decode(project_id, "Project")
        project = await ProjectRow.get_or_none(id=key) if key else None
        if project is None:
            return []
        rows = await history_for(signed_in(info).user.id, project)
        # 满意度 the applicant gave the to-dos these decisions finished (one statement for the record).
        ratings = dict(await Satisfaction.filter(project_id=project.id).values_list("task_id", "rating"))
        for row in rows:
            row["satisfaction"] = ratings.get(row.get("task_id"))
        return [HistoryEntry(row=row) for row in rows]

    @strawberry.field(permission_classes=[IsFullySignedIn], description="Decisions you took, newest first.")
    async def my_decisions(
        self, info: strawberry.Info, first: int | None = 20, after: str | None = None
    ) -> Connection[HistoryEntry]:
        context = info.context
        limit = page_size(first, context.locale)
        user_id = signed_in(info).user.id
        query = Decision.filter(actor_id=user_id).order_by("-id")
        before = after_key(after, context.locale)
        if before is not None:
            query = query.filter(id__lt=before)
        total = await Decision.filter(actor_id=user_id).count()
        rows = await query.limit(limit + 1).values(
            "id", "action", "actor_id", "on_behalf_of_id", "comment", "at", "step_run_id", "task_id", "project_id"
        )
        # 取回 is open while the approval is the project's latest act (bystanders' comments and urges aside).
        latest = dict(
            await Decision.filter(project_id__in={r["project_id"] for r in rows[:limit]})
            .exclude(action__in=list(BYSTANDER_ACTIONS))
            .group_by("project_id")
            .annotate(last=Max("id"))
            .values_list("project_id", "last")
        )
        for r in rows:
            r["listed_as_mine"] = True
            r["can_take_back"] = r["action"] == "APPROVE" and r["task_id"] and latest.get(r["project_id"]) == r["id"]
        edges = [Edge(cursor=cursor(r["id"]), node=HistoryEntry(row=r)) for r in rows[:limit]]
        return Connection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > limit, end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )
