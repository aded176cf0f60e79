"""One page of rows and the total matching, in one statement for a first page."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Expression, Q, Subquery
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


RANK = "_rank"


async def ranked_page_with_total(
    query: QuerySet[Any], *, rank: Expression, fields: tuple[str, ...], after_id: int | None, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page by (rank, id), after the row `after_id`, and how many rows match the query in all.

    The cursor stays a row's id: the rank of that row is read again (it is a function of the row), so the
    next page starts after (its rank, its id). A row changed in between so that its rank moved is found
    at its new place, as keyset pagination does with any changing key.
    """
    order = (RANK, "id")
    if after_id is None:
        page = query.annotate(**{RANK: rank}).order_by(*order).limit(limit).values("id")
        count = query.annotate(**{TOTAL: Count("id")}).values(TOTAL)
        rows = await (
            query.model.filter(id__in=Subquery(page))
            .annotate(**{RANK: rank, TOTAL: Subquery(count)})
            .order_by(*order)
            .values(*fields, TOTAL)
        )
        total = rows[0][TOTAL] if rows else 0
        for row in rows:
            del row[TOTAL]
        return rows, total
    total = await query.count()
    ranks = await query.model.filter(id=after_id).annotate(**{RANK: rank}).values_list(RANK, flat=True)
    if not ranks:
        return [], total
    later = query.annotate(**{RANK: rank}).filter(
        Q(**{f"{RANK}__gt": ranks[0]}) | Q(**{RANK: ranks[0], "id__gt": after_id})
    )
    return await later.order_by(*order).limit(limit).values(*fields), total
