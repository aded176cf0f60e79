"""Tallies kept with the rows: how many projects each party sees per stage and status (with their money), how
many steps in hand its projects have per clock, and how many open to-dos each person has per center, so a
center's figures cost the same at 100 projects as at 100,000 (`domain/projects/tallies.py` reads them).

A tally row is a change: +1 (and the amounts) when a project or an active step enters a key, -1 when it
leaves it. Triggers write them, whichever path makes the change, in the writer's transaction: appended,
never updated in place, so concurrent writers never wait on one another's counter (an `UPDATE ... SET n = n
+ 1` on a shared row would make every approval in the city queue behind the others, and two of them in
opposite orders deadlock). A party is ALL (oversight sees every project) or the center whose column names
the organisation (BUILDER, SUPERVISOR, VENDOR). A step counts while ACTIVE with a start day; a project
changing hands moves its steps' counts. Projects are deleted only before their steps can be (step_run's key
is RESTRICT), or by tests with foreign keys off: deleting a project takes out its own counts and those of its
steps still there, and a step whose project is gone has nothing left to take out.

PostgreSQL runs one trigger per statement with its transition tables (a bulk copy adds a few grouped rows,
not one per row); SQLite one per row. A later migration that rebuilds `project`, `step_run` or `task` on
SQLite (altering a column) drops their triggers and must create them again (`_sqlite()` here).
"""

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

PARTIES = "(SELECT 'ALL' AS party UNION ALL SELECT 'BUILDER' UNION ALL SELECT 'SUPERVISOR' UNION ALL SELECT 'VENDOR')"
PROJECT_COLUMNS = (
    "id",
    "stage",
    "status",
    "builder_id",
    "supervisor_id",
    "vendor_id",
    "approved_budget",
    "contract_amount",
    "paid_amount",
)
STEP_COLUMNS = ("project_id", "status", "started_on", "limit_days", "pauses")
TASK_COLUMNS = ("assignee_id", "center", "status")
PROJECT_KEY = "party, organisation_id, stage, status"
CLOCK_KEY = "party, organisation_id, started_on, limit_days, pauses"


def organisation(p: str) -> str:
    """The organisation a party names in project row `p` (0 for ALL; NULL when the project has none)."""
    return (
        f"CASE s.party WHEN 'ALL' THEN 0 WHEN 'BUILDER' THEN {p}.builder_id "
        f"WHEN 'SUPERVISOR' THEN {p}.supervisor_id ELSE {p}.vendor_id END"
    )


def row_of(record: str, columns: tuple[str, ...]) -> str:
    """A trigger's OLD or NEW record as a one-row relation."""
    return "(SELECT " + ", ".join(f"{record}.{c} AS {c}" for c in columns) + ")"


def project_counts(rows: str, sign: int) -> str:
    """Rows (party, organisation, stage, status, n, amounts) of the projects in `rows`, counted `sign` times."""
    return (
        f"SELECT s.party AS party, {organisation('p')} AS organisation_id, p.stage AS stage, p.status AS status, "
        f"{sign} AS n, {sign} * COALESCE(p.approved_budget, 0) AS approved, "
        f"{sign} * COALESCE(p.contract_amount, 0) AS contracted, {sign} * COALESCE(p.paid_amount, 0) AS paid "
        f"FROM {rows} AS p JOIN {PARTIES} AS s ON {organisation('p')} IS NOT NULL"
    )


def _in_hand(of: str) -> str:
    """Steps in hand (ACTIVE, started); of one project when `of` names it. Its start is then tested through
    COALESCE, so that SQLite reads the project's steps by (status, project_id) rather than every step in hand
    by (status, started_on): a project deleted or changing hands on a large city must not read them all."""
    if not of:
        return "r.status = 'ACTIVE' AND r.started_on IS NOT NULL"
    return f"r.project_id = {of} AND r.status = 'ACTIVE' AND COALESCE(r.started_on, NULL) IS NOT NULL"


def clock_counts(steps: str, projects: str, sign: int, *, of: str = "") -> str:
    """Rows (party, organisation, clock, n) of the steps in hand in `steps`, their parties read from `projects`;
    `of` names the one project whose steps they are (a trigger's OLD.id), so its steps are found by index."""
    return (
        f"SELECT s.party AS party, {organisation('p')} AS organisation_id, r.started_on AS started_on, "
        f"r.limit_days AS limit_days, r.pauses AS pauses, {sign} AS n "
        f"FROM {steps} AS r JOIN {projects} AS p ON p.id = r.project_id "
        f"JOIN {PARTIES} AS s ON {organisation('p')} IS NOT NULL "
        f"WHERE {_in_hand(of)}"
    )


def add_projects(*counts: str) -> str:
    return (
        f"INSERT INTO project_tally ({PROJECT_KEY}, n, approved, contracted, paid) "
        f"SELECT {PROJECT_KEY}, SUM(n), SUM(approved), SUM(contracted), SUM(paid) "
        f"FROM ({' UNION ALL '.join(counts)}) AS c GROUP BY {PROJECT_KEY} "
        "HAVING SUM(n) <> 0 OR SUM(approved) <> 0 OR SUM(contracted) <> 0 OR SUM(paid) <> 0"
    )


def add_clocks(*counts: str) -> str:
    return (
        f"INSERT INTO clock_tally ({CLOCK_KEY}, n) SELECT {CLOCK_KEY}, SUM(n) "
        f"FROM ({' UNION ALL '.join(counts)}) AS c GROUP BY {CLOCK_KEY} HAVING SUM(n) <> 0"
    )


def todo_counts(tasks: str, sign: int) -> str:
    """Rows (assignee, center, n) of the open to-dos in `tasks`."""
    return f"SELECT t.assignee_id AS assignee_id, t.center AS center, {sign} AS n FROM {tasks} AS t WHERE t.status = 'OPEN'"


def add_todos(*counts: str) -> str:
    return (
        "INSERT INTO todo_tally (assignee_id, center, n) SELECT assignee_id, center, SUM(n) "
        f"FROM ({' UNION ALL '.join(counts)}) AS c GROUP BY assignee_id, center HAVING SUM(n) <> 0"
    )


def fill() -> str:
    """Tallies for the rows already there."""
    return (
        f"{add_projects(project_counts('project', 1))}; {add_clocks(clock_counts('step_run', 'project', 1))}; "
        f"{add_todos(todo_counts('task', 1))};"
    )


# A project changing hands (its builder, supervisor or vendor), between records `o` and `w`.
def changed_hands(o: str, w: str) -> str:
    return " OR ".join(f"{o}.{c} IS DISTINCT FROM {w}.{c}" for c in ("builder_id", "supervisor_id", "vendor_id"))


def _changed(o: str, w: str, columns: tuple[str, ...], different: str) -> str:
    """Whether any of `columns` differs between records `o` and `w` (`different`: the dialect's null-safe <>)."""
    return " OR ".join(f"{o}.{c} {different} {w}.{c}" for c in columns)


HANDS = ("builder_id", "supervisor_id", "vendor_id")


def _postgres() -> str:
    def function(name: str, body: str, returns: str = "NULL") -> str:
        return (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN {returns}; END $$;"
        )

    def moved(record: str) -> str:
        # The projects of the statement that changed hands, as they were (`o`) or are now (`w`).
        return (
            f"(SELECT {record}.* FROM old_rows AS o JOIN new_rows AS w ON w.id = o.id "
            f"WHERE {_changed('o', 'w', HANDS, 'IS DISTINCT FROM')})"
        )

    old_project = row_of("OLD", PROJECT_COLUMNS)
    return "\n".join(
        [
            function("tally_project_insert", add_projects(project_counts("new_rows", 1))),
            function(
                "tally_project_update",
                f"{add_projects(project_counts('old_rows', -1), project_counts('new_rows', 1))}; "
                f"{add_clocks(clock_counts('step_run', moved('o'), -1), clock_counts('step_run', moved('w'), 1))}",
            ),
            function(
                "tally_project_delete",
                f"{add_projects(project_counts(old_project, -1))}; "
                f"{add_clocks(clock_counts('step_run', old_project, -1, of='OLD.id'))}",
                returns="OLD",
            ),
            function("tally_step_insert", add_clocks(clock_counts("new_rows", "project", 1))),
            function(
                "tally_step_update",
                add_clocks(clock_counts("old_rows", "project", -1), clock_counts("new_rows", "project", 1)),
            ),
            function("tally_step_delete", add_clocks(clock_counts("old_rows", "project", -1))),
            function("tally_task_insert", add_todos(todo_counts("new_rows", 1))),
            function("tally_task_update", add_todos(todo_counts("old_rows", -1), todo_counts("new_rows", 1))),
            function("tally_task_delete", add_todos(todo_counts("old_rows", -1))),
            "CREATE TRIGGER tally_project_insert AFTER INSERT ON project REFERENCING NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_project_insert();",
            "CREATE TRIGGER tally_project_update AFTER UPDATE ON project "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_project_update();",
            "CREATE TRIGGER tally_project_delete BEFORE DELETE ON project "
            "FOR EACH ROW EXECUTE FUNCTION tally_project_delete();",
            "CREATE TRIGGER tally_step_insert AFTER INSERT ON step_run REFERENCING NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_step_insert();",
            "CREATE TRIGGER tally_step_update AFTER UPDATE ON step_run "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_step_update();",
            "CREATE TRIGGER tally_step_delete AFTER DELETE ON step_run REFERENCING OLD TABLE AS old_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_step_delete();",
            "CREATE TRIGGER tally_task_insert AFTER INSERT ON task REFERENCING NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_task_insert();",
            "CREATE TRIGGER tally_task_update AFTER UPDATE ON task "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_task_update();",
            "CREATE TRIGGER tally_task_delete AFTER DELETE ON task REFERENCING OLD TABLE AS old_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION tally_task_delete();",
        ]
    )


def _sqlite() -> str:
    old_project, new_project = row_of("OLD", PROJECT_COLUMNS), row_of("NEW", PROJECT_COLUMNS)
    old_step, new_step = row_of("OLD", STEP_COLUMNS), row_of("NEW", STEP_COLUMNS)
    hands = _changed("OLD", "NEW", HANDS, "IS NOT")
    old_hands, new_hands = f"{old_project[:-1]} WHERE {hands})", f"{new_project[:-1]} WHERE {hands})"
    counted = _changed("OLD", "NEW", PROJECT_COLUMNS, "IS NOT")
    clocked = _changed("OLD", "NEW", STEP_COLUMNS, "IS NOT")
    old_task, new_task = row_of("OLD", TASK_COLUMNS), row_of("NEW", TASK_COLUMNS)
    counted_task = _changed("OLD", "NEW", TASK_COLUMNS, "IS NOT")
    return "\n".join(
        [
            "CREATE TRIGGER tally_project_insert AFTER INSERT ON project BEGIN "
            f"{add_projects(project_counts(new_project, 1))}; END;",
            f"CREATE TRIGGER tally_project_update AFTER UPDATE ON project WHEN {counted} BEGIN "
            f"{add_projects(project_counts(old_project, -1), project_counts(new_project, 1))}; "
            f"{add_clocks(clock_counts('step_run', old_hands, -1, of='OLD.id'), clock_counts('step_run', new_hands, 1, of='NEW.id'))}; "
            "END;",
            "CREATE TRIGGER tally_project_delete BEFORE DELETE ON project BEGIN "
            f"{add_projects(project_counts(old_project, -1))}; "
            f"{add_clocks(clock_counts('step_run', old_project, -1, of='OLD.id'))}; END;",
            "CREATE TRIGGER tally_step_insert AFTER INSERT ON step_run BEGIN "
            f"{add_clocks(clock_counts(new_step, 'project', 1))}; END;",
            f"CREATE TRIGGER tally_step_update AFTER UPDATE ON step_run WHEN {clocked} BEGIN "
            f"{add_clocks(clock_counts(old_step, 'project', -1), clock_counts(new_step, 'project', 1))}; END;",
            "CREATE TRIGGER tally_step_delete AFTER DELETE ON step_run BEGIN "
            f"{add_clocks(clock_counts(old_step, 'project', -1))}; END;",
            f"CREATE TRIGGER tally_task_insert AFTER INSERT ON task BEGIN {add_todos(todo_counts(new_task, 1))}; END;",
            f"CREATE TRIGGER tally_task_update AFTER UPDATE ON task WHEN {counted_task} BEGIN "
            f"{add_todos(todo_counts(old_task, -1), todo_counts(new_task, 1))}; END;",
            f"CREATE TRIGGER tally_task_delete AFTER DELETE ON task BEGIN {add_todos(todo_counts(old_task, -1))}; END;",
        ]
    )


TRIGGERS = (
    "tally_project_insert",
    "tally_project_update",
    "tally_project_delete",
    "tally_step_insert",
    "tally_step_update",
    "tally_step_delete",
    "tally_task_insert",
    "tally_task_update",
    "tally_task_delete",
)


async def _create(apps, schema_editor) -> None:
    postgres = schema_editor.client.capabilities.dialect == "postgres"
    await schema_editor.client.execute_script(f"{_postgres() if postgres else _sqlite()}\n{fill()}")


async def _drop(apps, schema_editor) -> None:
    postgres = schema_editor.client.capabilities.dialect == "postgres"
    script = []
    for name in TRIGGERS:
        table = {"project": "project", "step": "step_run", "task": "task"}[name.split("_")[1]]
        script.append(f"DROP TRIGGER IF EXISTS {name} ON {table};" if postgres else f"DROP TRIGGER IF EXISTS {name};")
        if postgres:
            script.append(f"DROP FUNCTION IF EXISTS {name}();")
    await schema_editor.client.execute_script("\n".join(script))


class Migration(migrations.Migration):
    dependencies = [("models", "0014_search_tokens")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ClockTally",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("party", fields.CharField(max_length=10)),
                ("organisation_id", fields.IntField()),
                ("started_on", fields.DateField()),
                ("limit_days", fields.IntField()),
                ("pauses", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("n", fields.IntField()),
            ],
            options={
                "table": "clock_tally",
                "app": "models",
                "indexes": [Index(fields=["party", "organisation_id", "started_on"])],
                "pk_attr": "id",
                "table_description": "How many steps in hand a party's projects have, per clock (start, limit, pauses): kept with the rows.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ProjectTally",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("party", fields.CharField(max_length=10)),
                ("organisation_id", fields.IntField()),
                ("stage", fields.CharField(max_length=20)),
                ("status", fields.CharField(max_length=16)),
                ("n", fields.IntField()),
                ("approved", fields.DecimalField(max_digits=20, decimal_places=2)),
                ("contracted", fields.DecimalField(max_digits=20, decimal_places=2)),
                ("paid", fields.DecimalField(max_digits=20, decimal_places=2)),
            ],
            options={
                "table": "project_tally",
                "app": "models",
                "indexes": [Index(fields=["party", "organisation_id", "stage"])],
                "pk_attr": "id",
                "table_description": "How many projects a party sees, per stage and status, with their money: kept with the rows.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TodoTally",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("assignee_id", fields.IntField()),
                ("center", fields.CharField(max_length=16)),
                ("n", fields.IntField()),
            ],
            options={
                "table": "todo_tally",
                "app": "models",
                "indexes": [Index(fields=["assignee_id", "center"])],
                "pk_attr": "id",
                "table_description": "How many open to-dos a person has in a center, kept with the rows: +1 / -1 rows written by triggers on",
            },
            bases=["Model"],
        ),
        ops.RunPython(_create, reverse_code=_drop),
    ]
