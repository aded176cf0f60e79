"""Every statement of every center's home uses indexes on a mid-sized city: no sequential scan of a large table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from tortoise import Tortoise

from api.app import make_passwords
from bench.city import COPIED, grow_city, living_city
from tests.schema.centers.test_home_statements import HOLDERS, read_home

PROJECTS = 12_000
LARGE_ROWS = 5_000  # a table this big is read through an index (below, the planner rightly reads it whole)
# The figures (projects per stage and status, steps in hand per clock) are read from the tallies kept with
# the rows (migration 0015), a few rows per party. Not held to it: the experts' figures, which still
# aggregate the projects of the panels they sit on (no tally for them); everything else a home reads
# (pages, counts, memberships, steps of a page) goes through an index.


@contextmanager
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, list[Any]]]]:
    """The statements sent, with their values."""
    statements: list[tuple[str, list[Any]]] = []
    client = type(Tortoise.get_connection("default"))
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(client, name)

        async def spy(self, query, values=None, _original=original):  # type: ignore[no-untyped-def]
            statements.append((query, list(values or [])))
            return await _original(self, query, values)

        monkeypatch.setattr(client, name, spy)
    yield statements
    monkeypatch.undo()


def _scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _scans(child)


async def _large_tables() -> set[str]:
    conn = Tortoise.get_connection("default")
    large = set()
    for table in COPIED:
        _, rows = await conn.execute_query(f'SELECT COUNT(*) AS n FROM "{table}"')
        if rows[0]["n"] >= LARGE_ROWS:
            large.add(table)
    return large


async def _full_scans(query: str, values: list[Any], large: set[str]) -> list[str]:
    """Large tables the statement reads whole (PostgreSQL: Seq Scan; SQLite: SCAN without an index)."""
    conn = Tortoise.get_connection("default")
    if conn.capabilities.dialect == "postgres":
        _, rows = await conn.execute_query(f"EXPLAIN (FORMAT JSON) {query}", values)
        plan = rows[0]["QUERY PLAN"]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return [
            n["Relation Name"]
            for n in _scans(plan[0]["Plan"])
            if n["Node Type"] == "Seq Scan" and n["Relation Name"] in large
        ]
    _, rows = await conn.execute_query(f"EXPLAIN QUERY PLAN {query}", values)
    details = [row["detail"] for row in rows]
    return [d for d in details if d.startswith("SCAN ") and " USING " not in d and d.split()[1] in large]


def _is_figure(center: str, query: str) -> bool:
    """A statement of the experts' figures (counts grouped by stage and status, steps grouped by clock)."""
    return center == "EXPERT" and " GROUP BY " in query


@pytest.fixture
async def mid_city(app, settings) -> None:
    conn = Tortoise.get_connection("default")
    # Everything a home reads, copied with its projects (decisions and materials are read by no home).
    tables = ("project", "stage_run", "step_run", "task", "data_resource")
    await grow_city(conn, copies=PROJECTS // await living_city(make_passwords(settings)), tables=tables)
    if conn.capabilities.dialect == "postgres":  # as autovacuum would; the embedded SQLite is never analysed
        await conn.execute_script("VACUUM ANALYZE")


async def test_home_statements_use_indexes(as_user, mid_city, client, monkeypatch) -> None:
    # given a mid-sized city, and every center's demo user signed in
    tokens = {center: (await as_user(username)).token for center, username in HOLDERS.items()}
    large = await _large_tables()
    assert {"project", "step_run", "task"} <= large, large
    found = {}
    for center, token in tokens.items():
        # when the center's home is read
        with recorded(monkeypatch) as statements:
            body = await read_home(client, token, center)
        assert "errors" not in body, body
        # then no statement reads a large table whole
        for query, values in statements:
            scans = await _full_scans(query, values, large)
            if scans and not _is_figure(center, query):
                found[f"{center}: {query}"] = scans
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)
