"""Queries of the workflow area."""

from __future__ import annotations

from typing import Any

from domain.accounts.kinds import CenterKind
from domain.workflow.models import Task, TaskStatus

TODO_FIELDS = ("id", "title", "due_at", "project_id", "center", "created_at")


async def open_todos(
    *, user_id: int, center: CenterKind, after_id: int | None, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of the user's open tasks in a center (plain rows, by id), and their total."""
    query = Task.filter(assignee_id=user_id, center=center, status=TaskStatus.OPEN)
    total = await query.count()
    page = query.order_by("id")
    if after_id is not None:
        page = page.filter(id__gt=after_id)
    rows = await page.limit(limit).values(*TODO_FIELDS)
    return rows, total
