"""The tallies kept with the rows (migration 0015) say what counting the rows says, whatever wrote them."""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal
from typing import Any

from tortoise import Tortoise

from api.app import make_passwords
from bench.city import grow_city, living_city
from domain.accounts.models import Organisation
from domain.projects import tallies
from domain.projects.models import Project
from domain.workflow.models import StepRun, StepStatus, Task, TaskStatus

CENT = Decimal("0.01")
HANDS = (("BUILDER", "builder_id"), ("SUPERVISOR", "supervisor_id"), ("VENDOR", "vendor_id"))


def _money(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


async def _rows(sql: str) -> list[dict[str, Any]]:
    _, rows = await Tortoise.get_connection("default").execute_query(sql)
    return [dict(row) for row in rows]


def _parties(project: dict[str, Any]) -> list[tuple[str, int]]:
    return [("ALL", 0)] + [(party, project[column]) for party, column in HANDS if project[column] is not None]


async def counted() -> dict[str, Counter]:
    """The figures counted from the rows themselves (what the tallies must say)."""
    projects = {p["id"]: p for p in await Project.all().values()}
    found: dict[str, Counter] = {"projects": Counter(), "money": Counter(), "clocks": Counter(), "todos": Counter()}
    for p in projects.values():
        for party in _parties(p):
            found["projects"][(*party, p["stage"], p["status"])] += 1
            for name, column in (
                ("approved", "approved_budget"),
                ("contracted", "contract_amount"),
                ("paid", "paid_amount"),
            ):
                found["money"][(*party, p["stage"], p["status"], name)] += _money(p[column])
    steps = StepRun.filter(status=StepStatus.ACTIVE, started_on__isnull=False)
    for step in await steps.values("project_id", "started_on", "limit_days", "pauses"):
        for party in _parties(projects[step["project_id"]]):
            found["clocks"][(*party, str(step["started_on"]), step["limit_days"], repr(step["pauses"]))] += 1
    for task in await Task.filter(status=TaskStatus.OPEN).values("assignee_id", "center"):
        found["todos"][(task["assignee_id"], task["center"])] += 1
    return _without_zeros(found)


async def tallied() -> dict[str, Counter]:
    """The same figures summed from the tallies."""
    found: dict[str, Counter] = {"projects": Counter(), "money": Counter(), "clocks": Counter(), "todos": Counter()}
    for row in await _rows("SELECT * FROM project_tally"):
        key = (row["party"], row["organisation_id"], row["stage"], row["status"])
        found["projects"][key] += row["n"]
        for name in ("approved", "contracted", "paid"):
            found["money"][(*key, name)] += Decimal(str(row[name]))
    clocks = await _rows("SELECT * FROM clock_tally")
    for row in clocks:
        pauses = tallies._pauses(row["pauses"])
        key = (row["party"], row["organisation_id"], str(row["started_on"]), row["limit_days"], repr(pauses))
        found["clocks"][key] += row["n"]
    for row in await _rows("SELECT * FROM todo_tally"):
        found["todos"][(row["assignee_id"], row["center"])] += row["n"]
    found["money"] = Counter({key: _money(value) for key, value in found["money"].items()})
    return _without_zeros(found)


def _without_zeros(found: dict[str, Counter]) -> dict[str, Counter]:
    return {name: Counter({k: v for k, v in counter.items() if v}) for name, counter in found.items()}


async def _rows_per_key(table: str, key: str) -> int:
    rows = await _rows(f"SELECT COUNT(*) AS n FROM {table} GROUP BY {key} ORDER BY 1 DESC LIMIT 1")
    return int(rows[0]["n"]) if rows else 0


async def test_the_living_city_tallies_what_its_rows_say(app, settings) -> None:
    # the demo city made by the real flows: declarations, decisions, returns, contracts, payments, to-dos
    await living_city(make_passwords(settings))
    expected = await counted()
    assert expected["projects"] and expected["clocks"] and expected["todos"] and expected["money"]
    # then every party's tallies say what counting its rows says
    assert await tallied() == expected
    # and the readers give the same figures per party (the home's and the stats' source)
    builder = next(k for k in expected["projects"] if k[0] == "BUILDER")[:2]
    stages: Counter = Counter()
    for row in await tallies.project_counts(builder):
        stages[row["stage"]] += int(row["n"])
    by_stage: Counter = Counter()
    for key, n in expected["projects"].items():
        if key[:2] == builder:
            by_stage[key[2]] += n
    assert +stages == by_stage
    # many changes per key were appended; folding leaves one row per key and the same figures
    assert await _rows_per_key("todo_tally", "assignee_id, center") > 1
    assert await tallies.compact() is True
    assert await tallied() == expected
    for table, key in tallies.KEYS.items():
        assert await _rows_per_key(table, key) == 1
    # a second fold has nothing to do (no write: kept home answers stay valid)
    assert await tallies.compact() is False


async def test_a_bulk_copy_is_tallied_in_a_few_grouped_rows(app, settings) -> None:
    demo = await living_city(make_passwords(settings), projects=12)
    await tallies.compact()
    before = len(await _rows("SELECT id FROM clock_tally"))
    # three copies of every project with its steps and to-dos, one statement per table
    conn = Tortoise.get_connection("default")
    await grow_city(conn, copies=3, tables=("project", "stage_run", "step_run", "task"), search_tokens=False)
    assert await Project.all().count() == 4 * demo
    assert await tallied() == await counted()
    if conn.capabilities.dialect == "postgres":
        # one trigger per statement: the copies' clocks came as one grouped row per key, not one per step
        added = len(await _rows("SELECT id FROM clock_tally")) - before
        assert added <= before


async def test_changes_made_outside_the_flows_are_tallied(app, settings) -> None:
    await living_city(make_passwords(settings), projects=12)
    project = await Project.filter(vendor_id__isnull=False, step_runs__status=StepStatus.ACTIVE).first()
    assert project is not None
    other = await Organisation.filter(kind="VENDOR").exclude(id=project.vendor_id).first()
    assert other is not None
    # a project changing hands moves its steps in hand to the new vendor
    await Project.filter(id=project.id).update(vendor_id=other.id, supervisor_id=None)
    # a payment changes only money
    await Project.filter(id=project.id).update(paid_amount=Decimal("12.34"))
    # a step stops, another starts with a pause; a to-do moves to someone else, one is closed, one removed
    active = await StepRun.filter(status=StepStatus.ACTIVE).first()
    waiting = await StepRun.filter(status=StepStatus.DONE).first()
    assert active is not None and waiting is not None
    await StepRun.filter(id=active.id).update(status=StepStatus.DONE)
    await StepRun.filter(id=waiting.id).update(
        status=StepStatus.ACTIVE, started_on=active.started_on, pauses=[["2026-01-05", None]]
    )
    tasks = await Task.filter(status=TaskStatus.OPEN).limit(3)
    await Task.filter(id=tasks[0].id).update(assignee_id=tasks[1].assignee_id, center=tasks[1].center)
    await Task.filter(id=tasks[1].id).update(status=TaskStatus.DONE)
    await Task.filter(id=tasks[2].id).delete()
    # an update touching nothing counted appends nothing
    rows = len(await _rows("SELECT id FROM project_tally"))
    await Project.filter(id=project.id).update(name="改名后的项目")
    assert len(await _rows("SELECT id FROM project_tally")) == rows
    assert await tallied() == await counted()


async def test_folding_beside_concurrent_writers_loses_nothing(app, settings) -> None:
    # on PostgreSQL the writers and folds run on connections of their own; on SQLite they take turns per statement
    await living_city(make_passwords(settings), projects=8)
    open_tasks = await Task.filter(status=TaskStatus.OPEN).values_list("id", flat=True)

    async def close_and_reopen(task_id: int) -> None:
        for status in (TaskStatus.DONE, TaskStatus.OPEN, TaskStatus.DONE):
            await Task.filter(id=task_id).update(status=status)

    async def fold() -> None:
        for _ in range(10):
            await tallies.compact()

    # writers on many connections while folds run: every change lands once, in the tally or in its fold
    await asyncio.gather(*(close_and_reopen(t) for t in open_tasks), fold(), fold())
    await tallies.compact()
    assert await tallied() == await counted()


async def test_the_server_folds_the_tallies_on_its_own(app, settings) -> None:
    from api.app import compact_periodically

    await living_city(make_passwords(settings), projects=4)
    assert await _rows_per_key("todo_tally", "assignee_id, center") > 1
    expected = await counted()
    # the loop each server runs every QC_TALLY_COMPACT_SECONDS (off in tests, so it is started here)
    folding = asyncio.create_task(compact_periodically(1))
    try:
        for _ in range(50):
            await asyncio.sleep(0.1)
            if await _rows_per_key("todo_tally", "assignee_id, center") == 1:
                break
    finally:
        folding.cancel()
    assert await _rows_per_key("todo_tally", "assignee_id, center") == 1
    assert await tallied() == expected
