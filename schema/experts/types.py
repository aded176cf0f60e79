"""The expert library (专家库) and the data-resource catalogue (数据资源目录库) inside a center."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.experts.models import Expert
from domain.reviews.rules import performance
from domain.reviews.service import history
from schema.accounts.types import Organisation, load_organisation
from schema.shared import ids
from schema.shared.errors import PublicError
from schema.shared.pagination import Connection, Edge, PageInfo, after_key, cursor, page_size

LIBRARY_KEEPERS = (CenterKind.DATA, CenterKind.AUDIT)


@strawberry.type
class ExpertPerformance:
    invitations: int
    acceptance_rate: Decimal | None
    on_time_rate: Decimal | None
    average_deviation: Decimal | None
    outlier_count: int
    quality_rating: Decimal | None
    index: Decimal | None = strawberry.field(description="0-100; drawing can exclude experts below a threshold.")


@strawberry.type
class ExpertEntry:
    row: strawberry.Private[dict[str, Any]]
    figures: strawberry.Private[Any]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Expert", self.row["id"]))

    @strawberry.field
    def name(self) -> str:
        return self.row["name"]

    @strawberry.field
    def title(self) -> str:
        return self.row["title"]

    @strawberry.field
    def level(self) -> str:
        return self.row["level"]

    @strawberry.field
    def specialties(self) -> list[str]:
        return list(self.row["specialties"] or [])

    @strawberry.field
    async def employer(self, info: strawberry.Info) -> Organisation | None:
        return await load_organisation(info, self.row["employer_id"]) if self.row["employer_id"] else None

    @strawberry.field
    def performance(self) -> ExpertPerformance:
        f = self.figures
        return ExpertPerformance(
            invitations=f.invitations,
            acceptance_rate=f.acceptance_rate,
            on_time_rate=f.on_time_rate,
            average_deviation=f.average_deviation,
            outlier_count=f.outlier_count,
            quality_rating=f.quality_rating,
            index=f.index,
        )


async def expert_page(
    info: strawberry.Info, center: CenterKind, first: int | None, after: str | None, specialty: str | None
) -> Connection[ExpertEntry]:
    locale = info.context.locale
    if center not in LIBRARY_KEEPERS:
        raise PublicError("FORBIDDEN", locale)
    limit = page_size(first, locale)
    # Specialties are a JSON list: filtered here, the library holds hundreds of experts, not millions.
    rows = await Expert.all().order_by("id").values("id", "name", "title", "level", "specialties", "employer_id")
    if specialty:
        rows = [r for r in rows if specialty in (r["specialties"] or [])]
    total = len(rows)
    start = after_key(after, locale)
    page = [r for r in rows if start is None or r["id"] > start][: limit + 1]
    records = await history(expert_ids=[r["id"] for r in page[:limit]])
    now = clock.now()
    edges = [
        Edge(cursor=cursor(r["id"]), node=ExpertEntry(row=r, figures=performance(records.get(r["id"], []), as_of=now)))
        for r in page[:limit]
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(page) > limit, end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )
