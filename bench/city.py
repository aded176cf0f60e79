"""The living demo city grown to city scale with set-based SQL: every project copied with its process rows.

`living_city` loads the demo city the way `scripts/run` does (the real flows on the domain clock: projects in
every stage, panels, scores, findings, to-dos in every center); `grow_city` then adds copies of its projects
with their stages, steps, to-dos, decisions, materials and data resources. Copy n of a row gets its id shifted
by n times the table's largest id, and so does every id that points into a copied table; the people and
organisations stay the demo's, so each demo user's share grows with the city. Used by the scale benchmark
and by the tests that need more rows than the demo (PostgreSQL or SQLite).
"""

from __future__ import annotations

from importlib import import_module

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

from domain.accounts.passwords import Passwords

# Copied tables, parents first, with the columns that hold ids of copied rows.
COPIED: dict[str, dict[str, str]] = {
    "project": {"parent_id": "project"},
    "stage_run": {"project_id": "project"},
    "step_run": {"project_id": "project", "stage_run_id": "stage_run"},
    "task": {"project_id": "project", "step_run_id": "step_run", "subject_task_id": "task"},
    "decision": {"project_id": "project", "step_run_id": "step_run", "task_id": "task"},
    "material": {"project_id": "project"},
    "data_resource": {"project_id": "project"},
}
UNIQUE_TEXT = {"project": ("code",)}
SEARCH_INDEX = import_module("domain.migrations.0014_search_tokens")


async def living_city(passwords: Passwords, *, projects: int = 30) -> int:
    """Load the living demo city (`projects` projects through the real flows); its number of projects."""
    from domain.demo.seed import load_demo
    from domain.projects.models import Project

    await load_demo(passwords=passwords, city=True, projects=projects)
    return await Project.all().count()


def _columns(table: str) -> list[str]:
    for model in Tortoise.apps["models"].values():
        if model._meta.db_table == table:
            return sorted(model._meta.db_fields)
    raise LookupError(table)


async def grow_city(
    conn: BaseDBAsyncClient, *, copies: int, tables: tuple[str, ...] = tuple(COPIED), search_tokens: bool = True
) -> None:
    """Add `copies` copies of every demo row of `tables` (parents first), in one statement per table.

    `search_tokens=False` leaves the copies out of the search index on PostgreSQL (a test about something else
    need not spend minutes filling it); SQLite's triggers index them anyway."""
    # Every name below is one of COPIED's tables or a model's column, never input: the SQL is built from them.
    postgres = conn.capabilities.dialect == "postgres"
    largest: dict[str, int] = {}
    for table in tables:
        _, rows = await conn.execute_query(f'SELECT COALESCE(MAX(id), 0) AS m FROM "{table}"')  # noqa: S608
        largest[table] = int(rows[0]["m"])
    numbers = f"generate_series(1, {copies}) AS k(n)" if postgres else "k"
    counting = f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < {copies}) "  # noqa: S608
    prefix = "" if postgres else counting
    # On PostgreSQL the search index's triggers pause for the copy (a row at a time is slow at city scale)
    # and the copies' tokens are filled in one statement after it; SQLite's triggers keep them as they go.
    paused = "BEGIN; SELECT set_config('quancheng.search_paused', 'on', true); " if postgres else ""
    done = "; COMMIT;" if postgres else ""
    for table in tables:
        columns = _columns(table)
        values = [_copied(table, column, largest) for column in columns]
        names = ", ".join(f'"{c}"' for c in columns)
        await conn.execute_script(
            f'{paused}{prefix}INSERT INTO "{table}" ({names}) SELECT {", ".join(values)} '  # noqa: S608
            f'FROM "{table}", {numbers} WHERE "{table}".id <= {largest[table]}{done}'
        )
        if postgres and largest[table]:
            await conn.execute_script(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {largest[table] * (copies + 1)})"
            )
    if postgres and "project" in largest and search_tokens:
        await conn.execute_script(f"{SEARCH_INDEX.fill('postgres', above=largest['project'])};")
    if postgres:
        await conn.execute_script(f"ANALYZE {', '.join(tables)}, search_token")


def _copied(table: str, column: str, largest: dict[str, int]) -> str:
    """The value of a column in copy k.n of a row."""
    if column == "id":
        return f'"{table}".id + k.n * {largest[table]}'
    target = COPIED[table].get(column)
    if target in largest:
        return f'"{table}"."{column}" + k.n * {largest[target]}'
    if column in UNIQUE_TEXT.get(table, ()):
        return f'"{table}"."{column}" || \'-\' || CAST(k.n AS TEXT)'
    return f'"{table}"."{column}"'
