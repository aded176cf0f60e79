"""A center's figures from the tallies kept with the rows (migration 0015): the same whatever the city's size.

`project_tally`, `clock_tally` and `todo_tally` hold changes (+1 / -1 with amounts) per party (or person) and
key, written by triggers in the writer's transaction; a figure is the sum of its rows. Reading sums them per
key; `compact` folds each key's rows into one from time to time (the app does it every
`QC_TALLY_COMPACT_SECONDS`), so a read sums about one row per key however many changes were made. Oversight
centers (SEE_ALL) read the party ALL; the builder, supervisor and vendor centers their organisation's;
experts have no tally (their projects are the panels they sit on) and are counted from the rows.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.accounts.kinds import CenterKind
from domain.calendar import WarningLight, WorkingCalendar
from domain.projects.visibility import SEE_ALL
from domain.workflow.queries import clock_of

ALL = "ALL"
PARTIES = {CenterKind.BUILDER: "BUILDER", CenterKind.SUPERVISOR: "SUPERVISOR", CenterKind.VENDOR: "VENDOR"}

PROJECT_KEY = "party, organisation_id, stage, status"
CLOCK_KEY = "party, organisation_id, started_on, limit_days, pauses"
PROJECTS = """SELECT stage, status, SUM(n) AS n, SUM(approved) AS approved, SUM(contracted) AS contracted,
SUM(paid) AS paid FROM project_tally WHERE party = {0} AND organisation_id = {1} GROUP BY stage, status"""
CLOCKS = """SELECT started_on, limit_days, pauses, SUM(n) AS n FROM clock_tally
WHERE party = {0} AND organisation_id = {1} GROUP BY started_on, limit_days, pauses HAVING SUM(n) <> 0"""
# Whether any key has more than one row (or a row summing to nothing): compacting would change something.
LOOSE = "SELECT 1 AS loose FROM {table} GROUP BY {key} HAVING COUNT(*) > 1 OR SUM(n) = 0{more} LIMIT 1"
NOTHING_ELSE = {
    "project_tally": " AND SUM(approved) = 0 AND SUM(contracted) = 0 AND SUM(paid) = 0",
    "clock_tally": "",
    "todo_tally": "",
}
SUMS = {
    "project_tally": ("n, approved, contracted, paid", "SUM(n), SUM(approved), SUM(contracted), SUM(paid)"),
    "clock_tally": ("n", "SUM(n)"),
    "todo_tally": ("n", "SUM(n)"),
}
KEYS = {"project_tally": PROJECT_KEY, "clock_tally": CLOCK_KEY, "todo_tally": "assignee_id, center"}
KEPT = {
    "project_tally": "HAVING SUM(n) <> 0 OR SUM(approved) <> 0 OR SUM(contracted) <> 0 OR SUM(paid) <> 0",
    "clock_tally": "HAVING SUM(n) <> 0",
    "todo_tally": "HAVING SUM(n) <> 0",
}


def party_of(center: CenterKind, organisation_id: int) -> tuple[str, int] | None:
    """The tally a center's figures are read from: (party, organisation), None for the experts'."""
    if center in SEE_ALL:
        return ALL, 0
    party = PARTIES.get(center)
    return (party, organisation_id) if party else None


def _marks(conn: BaseDBAsyncClient) -> tuple[str, str]:
    return ("$1", "$2") if conn.capabilities.dialect == "postgres" else ("?", "?")


async def project_counts(party: tuple[str, int], conn: BaseDBAsyncClient | None = None) -> list[dict[str, Any]]:
    """Per stage and status: how many projects the party sees (n) and their amounts (approved, contracted, paid;
    floats on SQLite, which sums decimals so)."""
    conn = conn or Tortoise.get_connection("default")
    _, rows = await conn.execute_query(PROJECTS.format(*_marks(conn)), list(party))
    return [dict(row) for row in rows if row["n"] or row["approved"] or row["contracted"] or row["paid"]]


async def clock_groups(party: tuple[str, int], conn: BaseDBAsyncClient | None = None) -> list[dict[str, Any]]:
    """The party's steps in hand grouped by clock (started_on, limit_days, pauses), with how many share it."""
    conn = conn or Tortoise.get_connection("default")
    _, rows = await conn.execute_query(CLOCKS.format(*_marks(conn)), list(party))
    return [dict(row) for row in rows]


def lights(groups: list[dict[str, Any]], calendar: WorkingCalendar, today: date) -> dict[WarningLight, int]:
    """How many steps in hand show each light today: one clock computed per group."""
    counted: Counter[WarningLight] = Counter()
    for group in groups:
        started = group["started_on"]
        step = {
            "started_on": date.fromisoformat(started) if isinstance(started, str) else started,
            "limit_days": group["limit_days"],
            "pauses": _pauses(group["pauses"]),
            "due_on": None,
            "due_estimated": False,
        }
        clocked = clock_of(step, calendar, today)
        if clocked is not None:
            counted[clocked.light] += int(group["n"])
    return {light: counted.get(light, 0) for light in WarningLight}


def _pauses(value: Any) -> list[Any]:
    return json.loads(value) if isinstance(value, str | bytes) else value


async def compact(conn: BaseDBAsyncClient | None = None) -> bool:
    """Fold each key's rows into one (dropping keys that sum to nothing); whether anything was folded.

    Safe beside writers and other compactions: on PostgreSQL one statement deletes the rows it sees and
    inserts their sums (rows committed meanwhile are not seen, so not deleted: they stay as they are); on
    SQLite writers wait for the database lock, and the rows folded are those up to the largest id read.
    """
    conn = conn or Tortoise.get_connection("default")
    postgres = conn.capabilities.dialect == "postgres"
    folded = False
    for table, key in KEYS.items():
        loose = LOOSE.format(table=table, key=key, more=NOTHING_ELSE[table])
        _, rows = await conn.execute_query(loose)
        if not rows:
            continue
        columns, sums = SUMS[table]
        if postgres:
            await conn.execute_query(
                f"WITH gone AS (DELETE FROM {table} RETURNING {key}, {columns}) "  # noqa: S608 (names above)
                f"INSERT INTO {table} ({key}, {columns}) SELECT {key}, {sums} FROM gone GROUP BY {key} {KEPT[table]}"
            )
        else:
            async with in_transaction() as tx:
                _, top = await tx.execute_query(f"SELECT MAX(id) AS m FROM {table}")  # noqa: S608
                if top[0]["m"] is None:
                    continue  # another fold emptied it meanwhile (every key summed to nothing)
                last = int(top[0]["m"])
                await tx.execute_query(
                    f"INSERT INTO {table} ({key}, {columns}) SELECT {key}, {sums} FROM {table} "  # noqa: S608
                    f"WHERE id <= {last} GROUP BY {key} {KEPT[table]}"
                )
                await tx.execute_query(f"DELETE FROM {table} WHERE id <= {last}")  # noqa: S608
        folded = True
    return folded
