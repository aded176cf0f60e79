"""The home screen's rows in a few hand-written statements: what the compiled plan of the PWA's `HomeScreen`
document reads (schema/compiled.py). Each statement is the same question the resolvers ask through the ORM
(memberships, unread count, calendar, the first page of to-dos and of projects, the page's steps in hand),
written once in SQL both SQLite and PostgreSQL run; the figures (projects per stage, lights, the totals) come
from the tallies kept with the rows (`domain.projects.tallies`). Rows come back as plain dicts with the values
the ORM would give (dates, times and JSON decoded on SQLite).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from tortoise import Tortoise

from domain.accounts.kinds import CenterKind
from domain.calendar import WarningLight, WorkingCalendar
from domain.calendar.service import calendar_of
from domain.projects import tallies
from domain.projects.visibility import SEE_ALL

# The column naming a party's projects, per center; the experts' projects are not a column (no plan for them).
PARTY_COLUMN = {
    CenterKind.BUILDER: "builder_id",
    CenterKind.SUPERVISOR: "supervisor_id",
    CenterKind.VENDOR: "vendor_id",
}
DATES = frozenset({"started_on", "due_on"})
TIMES = frozenset({"due_at", "created_at", "opened_at"})

MEMBERSHIPS = """SELECT m.id, m.center, m.organisation_id, o.name FROM center_membership m
JOIN organisation o ON o.id = m.organisation_id WHERE m.user_id = {0}"""
ORGANISATION = "SELECT name FROM organisation WHERE id = {0}"
UNREAD = "SELECT COUNT(*) AS n FROM notification WHERE user_id = {0} AND read_at IS NULL"
CALENDAR = "SELECT year, text FROM calendar_year ORDER BY id"
TODOS = """SELECT t.id, t.kind, t.title, t.due_at, t.created_at, t.opened_at, t.urge_count, t.center, t.project_id,
  t.assignee_id, t.step_run_id, s.step_key, s.stage, s.action, s.version, s.limit_days, s.started_on, s.pauses,
  s.due_on, s.due_estimated, p.code, p.name, p.template_key, p.template_version,
  (SELECT SUM(n) FROM todo_tally WHERE assignee_id = {0} AND center = {1}) AS total
FROM task t LEFT JOIN step_run s ON s.id = t.step_run_id LEFT JOIN project p ON p.id = t.project_id
WHERE t.id IN (SELECT id FROM task WHERE assignee_id = {0} AND center = {1} AND status = 'OPEN' ORDER BY id LIMIT {2})
ORDER BY t.id"""
PROJECTS = """SELECT p.id, p.code, p.name, p.stage, p.status
FROM project p WHERE p.id IN (SELECT id FROM project WHERE {visible} ORDER BY id LIMIT {limit}) ORDER BY p.id"""
PAGE_STEPS = """SELECT project_id, started_on, limit_days, pauses, due_on, due_estimated FROM step_run
WHERE status IN ('ACTIVE', 'RETURNED') AND project_id IN ({ids}) ORDER BY id"""


class Reader:
    """Runs the statements on the default connection, binding values in the driver's own style."""

    def __init__(self) -> None:
        self.conn = Tortoise.get_connection("default")
        self.postgres = self.conn.capabilities.dialect == "postgres"

    def mark(self, n: int) -> str:
        return f"${n + 1}" if self.postgres else "?"

    async def rows(self, sql: str, values: list[Any]) -> list[dict[str, Any]]:
        _, rows = await self.conn.execute_query(sql, values)
        return [_decoded(dict(row)) for row in rows]


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    for name, value in row.items():
        if isinstance(value, str):
            if name in DATES:
                row[name] = date.fromisoformat(value)
            elif name in TIMES:
                row[name] = datetime.fromisoformat(value)
            elif name == "pauses":
                row[name] = json.loads(value)
    if isinstance(row.get("due_estimated"), int):
        row["due_estimated"] = bool(row["due_estimated"])
    return row


def party_filter(center: CenterKind, organisation_id: int, column_prefix: str = "") -> str | None:
    """The visible projects as a condition on `project` (None when the center has no plain condition)."""
    if center in SEE_ALL:
        return "1 = 1"
    column = PARTY_COLUMN.get(center)
    return f"{column_prefix}{column} = {int(organisation_id)}" if column else None


async def memberships(reader: Reader, user_id: int) -> list[dict[str, Any]]:
    """The user's centers with their organisation's name, in the centers' order (as `me { centers }`)."""
    order = {kind.value: i for i, kind in enumerate(CenterKind)}
    rows = await reader.rows(MEMBERSHIPS.format(reader.mark(0)), [user_id])
    return sorted(rows, key=lambda m: (order[m["center"]], m["id"]))


async def organisation_name(reader: Reader, organisation_id: int) -> str | None:
    rows = await reader.rows(ORGANISATION.format(reader.mark(0)), [organisation_id])
    return rows[0]["name"] if rows else None


async def unread(reader: Reader, user_id: int) -> int:
    return int((await reader.rows(UNREAD.format(reader.mark(0)), [user_id]))[0]["n"])


async def calendar(reader: Reader) -> WorkingCalendar:
    """Official years, overlaid with the latest loading of each loaded year (as current_calendar)."""
    return calendar_of(tuple((row["year"], row["text"]) for row in await reader.rows(CALENDAR, [])))


async def by_stage(reader: Reader, party: tuple[str, int]) -> dict[str, int]:
    """How many projects the party sees per stage, from its tally."""
    stages: dict[str, int] = {}
    for row in await tallies.project_counts(party, reader.conn):
        stages[row["stage"]] = stages.get(row["stage"], 0) + int(row["n"])
    return stages


async def lights(
    reader: Reader, party: tuple[str, int], calendar: WorkingCalendar, today: date
) -> dict[WarningLight, int]:
    """How many of the party's steps in hand show each light, from its tally of clocks."""
    return tallies.lights(await tallies.clock_groups(party, reader.conn), calendar, today)


async def todos(reader: Reader, user_id: int, center: CenterKind, limit: int) -> list[dict[str, Any]]:
    """The first `limit` open to-dos of the user in the center, each with its step's and project's columns
    and the total (from the to-do tally)."""
    sql = TODOS.format(reader.mark(0), reader.mark(1), reader.mark(2))
    if not reader.postgres:  # "?" marks bind in order: the user and center twice
        return await reader.rows(sql, [user_id, center.value, user_id, center.value, limit])
    return await reader.rows(sql, [user_id, center.value, limit])


async def projects(reader: Reader, visible: str, limit: int) -> list[dict[str, Any]]:
    """The first `limit` visible projects by id (their total is the tally's, `by_stage`)."""
    return await reader.rows(PROJECTS.format(visible=visible, limit=int(limit)), [])


async def steps_in_hand(reader: Reader, project_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Active or returned steps per project of a page (as active_steps_of)."""
    found: dict[int, list[dict[str, Any]]] = {pid: [] for pid in project_ids}
    if project_ids:
        ids = ", ".join(str(int(pid)) for pid in project_ids)
        for row in await reader.rows(PAGE_STEPS.format(ids=ids), []):
            found[row["project_id"]].append(row)
    return found
