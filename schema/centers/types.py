"""GraphQL types of the centers (八个中心)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from domain.accounts.kinds import CenterKind as CenterKindValue
from domain.accounts.models import CenterMembership as MembershipRow
from domain.workflow.service import open_todos
from schema import ids
from schema.accounts.types import CenterKind, Organisation, load_organisation
from schema.context import Context
from schema.pagination import Connection, Edge, PageInfo, after_key, cursor, page_size


@strawberry.type(description="A to-do (待办) of the signed-in user in one center.")
class Todo:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Task", self.row["id"]))

    @strawberry.field
    def title(self) -> str:
        return self.row["title"]

    @strawberry.field
    def due_at(self) -> datetime | None:
        return self.row["due_at"]


@strawberry.type(description="A personal space of the signed-in user, scoped to one role.")
class Center:
    membership: strawberry.Private[MembershipRow]

    @strawberry.field
    def kind(self) -> CenterKind:  # type: ignore[valid-type]
        return self.membership.center

    @strawberry.field
    async def organisation(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.membership.organisation_id)

    @strawberry.field(description="Open tasks, oldest first; `first` is 1 to 100.")
    async def todos(self, info: strawberry.Info, first: int | None = 20, after: str | None = None) -> Connection[Todo]:
        context: Context = info.context
        limit = page_size(first, context.locale)
        rows, total = await open_todos(
            user_id=self.membership.user_id,
            center=CenterKindValue(self.membership.center),
            after_id=after_key(after, context.locale),
            limit=limit + 1,
        )
        page = rows[:limit]
        edges = [Edge(cursor=cursor(row["id"]), node=Todo(row=row)) for row in page]
        return Connection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > limit, end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )
