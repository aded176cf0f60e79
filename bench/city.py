"""The demo city grown to city scale with set-based SQL: every demo project copied with its process rows.

The demo's projects have no process rows: `start_processes` first declares a few projects through the real
flows (each builder declares; most are submitted, which gives the data bureau its reviews). Copies keep the
demo's shape (stages, statuses, parties, steps in hand, to-dos, opinions, materials):
copy n of a row gets its id shifted by n times the table's largest demo id, and so does every id that
points into a copied table; the people and organisations stay the demo's. Used by the scale benchmark and
by the tests that need more rows than a demo (PostgreSQL or SQLite).
"""

from __future__ import annotations

from decimal import Decimal

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient

# Copied tables, parents first, with the columns that hold ids of copied rows.
COPIED: dict[str, dict[str, str]] = {
    "project": {"parent_id": "project"},
    "stage_run": {"project_id": "project"},
    "step_run": {"project_id": "project", "stage_run_id": "stage_run"},
    "task": {"project_id": "project", "step_run_id": "step_run", "subject_task_id": "task"},
    "decision": {"project_id": "project", "step_run_id": "step_run", "task_id": "task"},
    "material": {"project_id": "project"},
}
UNIQUE_TEXT = {"project": ("code",)}


async def start_processes(*, per_builder: int = 10) -> None:
    """Projects declared by each demo builder through the real flow, all but the last submitted for review."""
    from domain.accounts.models import User
    from domain.actions.acting import Acting
    from domain.audit.service import Origin
    from domain.demo.data import USERS
    from domain.projects.flows import Declaration, declare
    from domain.projects.kinds import ProjectCategory, ProjectType
    from domain.workflow.flows import Verdict, decide
    from domain.workflow.models import Task, TaskStatus

    origin = Origin(ip="127.0.0.1", device="bench/city.py")
    builders = [name for name, (_, _, centers, _) in USERS.items() if "BUILDER" in centers]
    for name in builders:
        user = await User.get(username=name)
        for n in range(per_builder):
            acting = Acting(user_id=user.id, origin=origin, key=f"city-{name}-{n}")
            declared = Declaration(
                name=f"{user.display_name}的政务数据平台{n + 1}期",
                category=ProjectCategory.NEW,
                type=ProjectType.SOFTWARE,
                requested_amount=Decimal(1_200_000 + n * 10_000),
            )
            done = await declare(acting=acting, declaration=declared)
            if n == per_builder - 1:
                continue
            task = await Task.get(project_id=done.state.project_id, assignee_id=user.id, status=TaskStatus.OPEN)
            await decide(
                acting=Acting(user_id=user.id, origin=origin, key=f"city-{name}-{n}-submit"),
                task_id=task.id,
                verdict=Verdict.APPROVE,
                expected_version=None,
            )


def _columns(table: str) -> list[str]:
    for model in Tortoise.apps["models"].values():
        if model._meta.db_table == table:
            return sorted(model._meta.db_fields)
    raise LookupError(table)


async def grow_city(conn: BaseDBAsyncClient, *, copies: int, tables: tuple[str, ...] = tuple(COPIED)) -> None:
    """Add `copies` copies of every demo row of `tables` (parents first), in one statement per table."""
    # Every name below is one of COPIED's tables or a model's column, never input: the SQL is built from them.
    postgres = conn.capabilities.dialect == "postgres"
    largest: dict[str, int] = {}
    for table in tables:
        _, rows = await conn.execute_query(f'SELECT COALESCE(MAX(id), 0) AS m FROM "{table}"')  # noqa: S608
        largest[table] = int(rows[0]["m"])
    numbers = f"generate_series(1, {copies}) AS k(n)" if postgres else "k"
    counting = f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < {copies}) "  # noqa: S608
    prefix = "" if postgres else counting
    for table in tables:
        columns = _columns(table)
        values = [_copied(table, column, largest) for column in columns]
        names = ", ".join(f'"{c}"' for c in columns)
        await conn.execute_script(
            f'{prefix}INSERT INTO "{table}" ({names}) SELECT {", ".join(values)} '  # noqa: S608
            f'FROM "{table}", {numbers} WHERE "{table}".id <= {largest[table]}'
        )
        if postgres and largest[table]:
            await conn.execute_script(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {largest[table] * (copies + 1)})"
            )
    if postgres:
        await conn.execute_script(f"ANALYZE {', '.join(tables)}")


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
