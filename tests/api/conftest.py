"""Fixtures of the HTTP-level tests."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise import Tortoise


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement fails the way the driver fails while PostgreSQL restarts (connection refused)."""
    client_class = type(Tortoise.get_connection("default"))

    async def refused(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")

    for name in ("execute_query", "execute_query_dict", "execute_insert", "execute_many", "execute_script"):
        monkeypatch.setattr(client_class, name, refused)
