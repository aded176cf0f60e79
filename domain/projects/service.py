"""Queries and writes of the projects area."""

from __future__ import annotations

from tortoise import connections

from domain.projects.rules import project_code, sequence_key

DEFAULT_REGION = "330100"  # 杭州市


async def next_in_sequence(key: str) -> int:
    """The next number of a counter, atomically: safe when two callers arrive at the same instant."""
    conn = connections.get("default")
    # Only the placeholder style varies; the key is always a bound parameter.
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    await conn.execute_query(
        f"INSERT INTO code_sequence (key, last_value) VALUES ({mark}, 0) ON CONFLICT (key) DO NOTHING",  # noqa: S608
        [key],
    )
    bump = f"UPDATE code_sequence SET last_value = last_value + 1 WHERE key = {mark} RETURNING last_value"  # noqa: S608
    if conn.capabilities.dialect == "postgres":
        # Tortoise's asyncpg client returns no rows for a bare UPDATE: read them through a CTE.
        bump = f"WITH bumped AS ({bump}) SELECT last_value FROM bumped"  # noqa: S608
    _, rows = await conn.execute_query(bump, [key])
    return int(rows[0]["last_value"])


async def next_project_code(*, region: str, year: int) -> str:
    """Draw the next 项目编码 for a region and year; a number is handed out once, never reused."""
    return project_code(region=region, year=year, sequence=await next_in_sequence(sequence_key(region, year)))
