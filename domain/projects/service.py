"""Queries and writes of the projects area."""

from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.projects.models import CodeSequence
from domain.projects.rules import project_code, sequence_key


async def next_project_code(*, region: str, year: int) -> str:
    """Draw the next 项目编码 for a region and year; a number is handed out once."""
    key = sequence_key(region, year)
    async with in_transaction():
        await CodeSequence.get_or_create(key=key, defaults={"last_value": 0})
        await CodeSequence.filter(key=key).update(last_value=F("last_value") + 1)
        row = await CodeSequence.get(key=key)
    return project_code(region=region, year=year, sequence=row.last_value)
