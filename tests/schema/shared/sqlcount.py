"""Counting the SQL statements a block of code sends (to show lists do not grow with page size)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from tortoise import Tortoise


@contextmanager
def count_statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    statements: list[str] = []
    client = type(Tortoise.get_connection("default"))
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(client, name)

        async def counted(self, query, values=None, _original=original):  # type: ignore[no-untyped-def]
            statements.append(query)
            return await _original(self, query, values)

        monkeypatch.setattr(client, name, counted)
    yield statements
    monkeypatch.undo()
