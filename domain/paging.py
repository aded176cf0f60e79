"""One page of rows and the total matching, in one statement for a first page."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

TOTAL = "_total"


async def page_with_total(
    query: QuerySet[Any], *, fields: tuple[str, ...], after_id: int | None, limit: int, descending: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page by id (after `after_id`), and how many rows match the query in all.

    A first page counts in the same statement (a window over the matching rows, before the limit); an
    empty first page means nothing matches. A later page's window would miss the rows before the
    cursor, so it counts them apart.
    """
    ordered = query.order_by("-id" if descending else "id")
    if after_id is None:
        rows = await ordered.annotate(**{TOTAL: RawSQL("COUNT(*) OVER ()")}).limit(limit).values(*fields, TOTAL)
        total = rows[0][TOTAL] if rows else 0
        for row in rows:
            del row[TOTAL]
        return rows, total
    total = await query.count()
    page = ordered.filter(id__lt=after_id) if descending else ordered.filter(id__gt=after_id)
    return await page.limit(limit).values(*fields), total
