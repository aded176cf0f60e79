"""Cursor connections with a capped page size."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField

from schema.shared import ids
from schema.shared.errors import PublicError

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    total_count: int


def page_size(first: int | None, locale: str) -> int:
    """The requested page size, refused outside 1..MAX_PAGE_SIZE."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise PublicError("BAD_USER_INPUT", locale, field="first")
    return size


def after_key(after: str | None, locale: str) -> int | None:
    if after is None:
        return None
    key = ids.decode(after, "cursor")
    if key is None:
        raise PublicError("BAD_USER_INPUT", locale, field="after")
    return key


def cursor(key: int) -> str:
    return ids.encode("cursor", key)


def asked_fields(info: strawberry.Info) -> set[str]:
    """Names of the fields selected directly below the resolved one, through fragments too."""
    names: set[str] = set()
    pending = [selection for field in info.selected_fields for selection in field.selections]
    while pending:
        selection = pending.pop()
        if isinstance(selection, SelectedField):
            names.add(selection.name)
        else:
            pending.extend(selection.selections)
    return names
