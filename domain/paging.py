"""One page of rows and the total matching, in one statement for a first page."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

TOTAL = "_total"


async def page_with_total(
    query: QuerySet[Any], *, fields: tuple[str, ...], after_id: int | None, limit: int, descending: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page by id (after `after_id`), and how many rows match the query in all.

    A first page counts in the same statement (a subquery); an empty first page means nothing matches.
    A later page counts apart (its statement sees only the rows after the cursor).
    """
    order = "-id" if descending else "id"
    if after_id is None:
        # The page's rows by id (joins then touch only them), the count as a scalar subquery beside them.
        page = query.order_by(order).limit(limit).values("id")
        count = query.annotate(**{TOTAL: Count("id")}).values(TOTAL)
        rows = await (
            query.model.filter(id__in=Subquery(page))
            .annotate(**{TOTAL: Subquery(count)})
            .order_by(order)
            .values(*fields, TOTAL)
        )
        total = rows[0][TOTAL] if rows else 0
        for row in rows:
            del row[TOTAL]
        return rows, total
    total = await query.count()
    later = query.filter(id__lt=after_id) if descending else query.filter(id__gt=after_id)
    return await later.order_by(order).limit(limit).values(*fields), total
