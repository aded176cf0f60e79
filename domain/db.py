"""Tortoise configuration: one app holding every area's models, one migrations package."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from typing import Any

import asyncpg
from tortoise import Tortoise
from tortoise.exceptions import DBConnectionError

MODEL_MODULES = [
    "domain.accounts.models",
    "domain.audit.models",
    "domain.projects.models",
    "domain.workflow.models",
    "domain.experts.models",
    "domain.events.models",
    "domain.catalogue.models",
    "domain.scoring.models",
    "domain.calendar.models",
    "domain.reviews.models",
    "domain.inbox.models",
]
MIGRATIONS_MODULE = "domain.migrations"
DEFAULT_DATABASE_URL = "sqlite://var/quancheng.sqlite3"


def normalise_url(url: str) -> str:
    """Tortoise speaks `postgres://` and `sqlite://`; accept `postgresql://` too."""
    if url.startswith("postgresql://"):
        return "postgres://" + url.removeprefix("postgresql://")
    return url


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise config for a database URL."""
    return {
        "connections": {"default": normalise_url(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# The database is away or restarting: the same request may succeed a moment later.
_OUTAGES: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset, and Tortoise's DBConnectionError
    TimeoutError,
    asyncio.TimeoutError,
    DBConnectionError,
    asyncpg.exceptions.InterfaceError,  # the connection closed under the query
    asyncpg.exceptions.PostgresConnectionError,  # class 08: connection exceptions
    asyncpg.exceptions.CannotConnectNowError,  # starting up or shutting down
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
    # The pool resetting a connection whose last operation a restart cut short ("cannot switch to state
    # 15; another operation is in progress"): seen in tests/e2e/test_database_restart.py.
    asyncpg.exceptions.InternalClientError,
)


def is_outage(error: BaseException | None) -> bool:
    """Whether an exception, or one it was raised from, says the database could not be reached."""
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, _OUTAGES):
            return True
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


# Read by the `tortoise` CLI (makemigrations): `[tool.tortoise] tortoise_orm` in pyproject.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))


async def column(query: Any) -> list[Any]:
    """The values of a one-column `values_list(..., flat=True)` query. Tortoise's annotations type every
    `values_list` as rows of tuples; this says what `flat=True` gives."""
    return list(await query)


# What the database holds, as one value that changes whenever a write is committed (or rolled back): the
# PostgreSQL snapshot (a write transaction takes an xid, so equal snapshots see the same committed rows), and
# in the embedded mode the rows changed through this process's one SQLite connection with the file's
# data_version (which changes when another process commits). A value read before the data is read is never
# newer than the data, so an answer kept under it is never stale.
STAMP_SQL = {
    "postgres": "SELECT pg_current_snapshot()::text",
    "sqlite": "SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version)",
}


async def database_stamp() -> str:
    """The database's data version now (one short statement)."""
    conn = Tortoise.get_connection("default")
    _, rows = await conn.execute_query(STAMP_SQL[conn.capabilities.dialect])
    return str(next(iter(rows[0].values())) if isinstance(rows[0], dict) else rows[0][0])
