"""PostgreSQL test databases are not dropped by Tortoise: empty them ourselves."""

from __future__ import annotations

import asyncpg


async def reset_schema(url: str) -> None:
    """Drop and recreate the public schema: no table, row or migration record is left."""
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
