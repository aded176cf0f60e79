"""数据资源目录 over GraphQL: the data resources projects declared, as each center may see them."""

from __future__ import annotations

from typing import Any

import strawberry

from domain.accounts.models import CenterMembership
from domain.catalogue.models import DataResource
from domain.projects.visibility import visibility_over
from schema.shared import ids
from schema.shared.pagination import Connection, Edge, PageInfo, after_key, cursor, page_size


@strawberry.type
class CatalogueEntry:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("DataResource", self.row["id"]))

    @strawberry.field
    def name(self) -> str:
        return self.row["name"]

    @strawberry.field
    def provider(self) -> str:
        return self.row["provider"]

    @strawberry.field
    def fields(self) -> list[str]:
        return list(self.row["fields_list"] or [])

    @strawberry.field
    def update_frequency(self) -> str:
        return self.row["update_frequency"]

    @strawberry.field(description="无条件 UNCONDITIONAL / 有条件 CONDITIONAL / 不予共享 NOT_SHARED")
    def sharing_class(self) -> str:
        return self.row["sharing_class"]

    @strawberry.field
    def verified(self) -> bool:
        return self.row["verified_at"] is not None

    @strawberry.field
    def project_code(self) -> str:
        return self.row["project__code"]


async def catalogue_page(
    info: strawberry.Info, membership: CenterMembership, first: int | None, after: str | None, sharing_class: str | None
) -> Connection[CatalogueEntry]:
    locale = info.context.locale
    limit = page_size(first, locale)
    query = DataResource.filter(visibility_over(membership))
    if sharing_class:
        query = query.filter(sharing_class=sharing_class)
    total = await query.count()
    start = after_key(after, locale)
    if start is not None:
        query = query.filter(id__gt=start)
    rows = (
        await query.order_by("id")
        .limit(limit + 1)
        .values(
            "id", "name", "provider", "fields_list", "update_frequency", "sharing_class", "verified_at", "project__code"
        )
    )
    edges = [Edge(cursor=cursor(r["id"]), node=CatalogueEntry(row=r)) for r in rows[:limit]]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(rows) > limit, end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )
