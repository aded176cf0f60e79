"""The in-app inbox over GraphQL: every notification, with its read state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from domain.inbox.models import Notification
from domain.inbox.service import mark_read
from domain.paging import page_with_total
from schema.inbox.settings import DeliveryView
from schema.shared import ids
from schema.shared.context import Context
from schema.shared.pagination import Connection, Edge, PageInfo, after_key, asked_fields, cursor, page_size
from schema.shared.permissions import IsFullySignedIn, signed_in

NOTIFICATION_FIELDS = tuple(Notification._meta.db_fields)


@strawberry.type
class NotificationView:
    row: strawberry.Private[dict[str, Any]]
    english: strawberry.Private[bool]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Notification", self.row["id"]))

    @strawberry.field
    def kind(self) -> str:
        return self.row["kind"]

    @strawberry.field
    def title(self) -> str:
        return self.row["title_en"] if self.english else self.row["title"]

    @strawberry.field
    def body(self) -> str:
        return self.row["body_en"] if self.english else self.row["body"]

    @strawberry.field(description="Where a tap leads: the exact to-do or project.")
    def link(self) -> str:
        return self.row["link"]

    @strawberry.field
    def urgent(self) -> bool:
        return self.row["urgent"]

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row["created_at"]

    @strawberry.field
    def read(self) -> bool:
        return self.row["read_at"] is not None

    @strawberry.field(description="How it went out: each channel and address, with its status.")
    async def deliveries(self, info: strawberry.Info) -> list[DeliveryView]:
        rows = await info.context.loaders.deliveries_by_notification_id.load(self.row["id"])
        return [DeliveryView(row=row) for row in rows]


@strawberry.type
class InboxQueries:
    @strawberry.field(permission_classes=[IsFullySignedIn], description="Your notifications, newest first.")
    async def my_notifications(
        self, info: strawberry.Info, first: int | None = 20, after: str | None = None, unread_only: bool = False
    ) -> Connection[NotificationView]:
        context: Context = info.context
        limit = page_size(first, context.locale)
        query = Notification.filter(user_id=signed_in(info).user.id)
        if unread_only:
            query = query.filter(read_at__isnull=True)
        before = after_key(after, context.locale)
        if asked_fields(info) <= {"totalCount"}:  # a badge: the count alone
            return Connection(
                edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None), total_count=await query.count()
            )
        rows, total = await page_with_total(
            query, fields=NOTIFICATION_FIELDS, after_id=before, limit=limit + 1, descending=True
        )
        english = context.locale == "en"
        edges = [Edge(cursor=cursor(r["id"]), node=NotificationView(row=r, english=english)) for r in rows[:limit]]
        return Connection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > limit, end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )


@strawberry.type
class InboxMutations:
    @strawberry.mutation(permission_classes=[IsFullySignedIn], description="Mark your notifications read.")
    async def mark_notifications_read(self, info: strawberry.Info, notification_ids: list[strawberry.ID]) -> int:
        keys = [k for k in (ids.decode(i, "Notification") for i in notification_ids) if k is not None]
        return await mark_read(user_id=signed_in(info).user.id, notification_ids=keys)
