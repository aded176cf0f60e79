"""The search index: `search_token` rows kept by triggers on project, material and decision, filled for the rows there;
and an index on the to-dos giving an expert's projects.

A token is one character or two consecutive characters of a lower-cased text (a project's name and code, its
material titles, its opinions), once per project: Chinese has no spaces to split words on, and a one- or
two-character term is then found by one index lookup, a longer one by the projects holding all its bigrams
(`domain/projects/search.py`). Triggers keep the tokens in step with every write, whichever path makes it:
an insert adds the new text's tokens, an update or delete recomputes the project's. On PostgreSQL a bulk copy
may pause them for its transaction (`quancheng.search_paused`) and fill the tokens afterwards
(`bench/city.py`); SQLite has no such setting and its triggers always run.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# SQLite has no generate_series in its library build: a table of positions, as long as the longest text
# (opinions are at most 4,000 characters; names, codes and titles far shorter).
POSITIONS = 10_000
TEXT_COLUMNS = {"material": "title", "decision": "comment"}


def texts(project: str | None) -> str:
    """Rows (p, t): every lower-cased text of one project (`project` an SQL expression) or of all of them."""
    own = "" if project is None else f" WHERE id = {project}"
    its = "" if project is None else f" AND project_id = {project}"
    return (
        f"SELECT id AS p, lower(name) AS t FROM project{own} "
        f"UNION SELECT id, lower(code) FROM project{own} "
        f"UNION SELECT project_id, lower(title) FROM material WHERE title <> ''{its} "
        f"UNION SELECT project_id, lower(comment) FROM decision WHERE comment <> ''{its}"
    )


def insert_tokens(rows: str, dialect: str) -> str:
    """Insert the tokens of `rows` (an SQL query giving p, t), keeping those already there."""
    if dialect == "postgres":
        return (
            "INSERT INTO search_token (token, project_id) SELECT DISTINCT substr(s.t, n, w.w), s.p "
            f"FROM ({rows}) AS s, generate_series(1, length(s.t)) AS n, (VALUES (1), (2)) AS w(w) "
            "ON CONFLICT DO NOTHING"
        )
    return (
        "INSERT OR IGNORE INTO search_token (token, project_id) SELECT DISTINCT substr(s.t, n, w.w), s.p "
        f"FROM ({rows}) AS s JOIN search_position ON n <= length(s.t) "
        "JOIN (SELECT 1 AS w UNION ALL SELECT 2) AS w"
    )


def fill(dialect: str, *, above: int = 0) -> str:
    """Tokens for every project whose id is above `above` (all of them by default), set-based."""
    rows = f"SELECT p, t FROM ({texts(None)}) AS every WHERE p > {int(above)}"
    return insert_tokens(rows, dialect)


def _reindex(project: str, dialect: str) -> str:
    return f"DELETE FROM search_token WHERE project_id = {project}; {insert_tokens(texts(project), dialect)};"


def _postgres() -> str:
    paused = "IF current_setting('quancheng.search_paused', true) = 'on' THEN RETURN NULL; END IF;"
    script = [
        "CREATE FUNCTION search_reindex(pid integer) RETURNS void LANGUAGE sql AS $$ "
        f"{_reindex('pid', 'postgres')} $$;",
        "CREATE FUNCTION search_on_project() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{paused} PERFORM search_reindex(NEW.id); RETURN NULL; END $$;",
        "CREATE TRIGGER search_project AFTER INSERT OR UPDATE OF name, code ON project "
        "FOR EACH ROW EXECUTE FUNCTION search_on_project();",
    ]
    for table, column in TEXT_COLUMNS.items():
        added = insert_tokens(f"SELECT NEW.project_id AS p, lower(NEW.{column}) AS t", "postgres")
        script += [
            f"CREATE FUNCTION search_on_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {paused} "
            f"IF TG_OP = 'INSERT' THEN {added}; RETURN NULL; END IF; "
            "PERFORM search_reindex(OLD.project_id); "
            "IF TG_OP = 'UPDATE' AND NEW.project_id <> OLD.project_id THEN PERFORM search_reindex(NEW.project_id); "
            "END IF; RETURN NULL; END $$;",
            f"CREATE TRIGGER search_{table} AFTER INSERT OR UPDATE OF {column}, project_id OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_on_{table}();",
        ]
    return "\n".join(script)


def _sqlite() -> str:
    script = [
        "CREATE TABLE IF NOT EXISTS search_position (n INTEGER PRIMARY KEY);",
        "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < "
        f"{POSITIONS}) INSERT OR IGNORE INTO search_position (n) SELECT n FROM k;",
        f"CREATE TRIGGER search_project_insert AFTER INSERT ON project BEGIN {_reindex('NEW.id', 'sqlite')} END;",
        "CREATE TRIGGER search_project_update AFTER UPDATE OF name, code ON project BEGIN "
        f"{_reindex('NEW.id', 'sqlite')} END;",
        # Tests empty the tables with foreign keys off: the cascade would not run, the trigger does.
        "CREATE TRIGGER search_project_delete AFTER DELETE ON project BEGIN "
        "DELETE FROM search_token WHERE project_id = OLD.id; END;",
    ]
    for table, column in TEXT_COLUMNS.items():
        added = insert_tokens(f"SELECT NEW.project_id AS p, lower(NEW.{column}) AS t", "sqlite")
        script += [
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {added}; END;",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {column}, project_id ON {table} BEGIN "
            f"{_reindex('OLD.project_id', 'sqlite')} {_reindex('NEW.project_id', 'sqlite')} END;",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"{_reindex('OLD.project_id', 'sqlite')} END;",
        ]
    return "\n".join(script)


DROP_POSTGRES = """
DROP TRIGGER IF EXISTS search_project ON project;
DROP TRIGGER IF EXISTS search_material ON material;
DROP TRIGGER IF EXISTS search_decision ON decision;
DROP FUNCTION IF EXISTS search_on_project();
DROP FUNCTION IF EXISTS search_on_material();
DROP FUNCTION IF EXISTS search_on_decision();
DROP FUNCTION IF EXISTS search_reindex(integer);
"""
DROP_SQLITE = """
DROP TRIGGER IF EXISTS search_project_insert;
DROP TRIGGER IF EXISTS search_project_update;
DROP TRIGGER IF EXISTS search_project_delete;
DROP TRIGGER IF EXISTS search_material_insert;
DROP TRIGGER IF EXISTS search_material_update;
DROP TRIGGER IF EXISTS search_material_delete;
DROP TRIGGER IF EXISTS search_decision_insert;
DROP TRIGGER IF EXISTS search_decision_update;
DROP TRIGGER IF EXISTS search_decision_delete;
DROP TABLE IF EXISTS search_position;
"""


async def _create(apps, schema_editor) -> None:
    dialect = schema_editor.client.capabilities.dialect
    script = _postgres() if dialect == "postgres" else _sqlite()
    await schema_editor.client.execute_script(f"{script}\n{fill(dialect)};")
    if dialect == "postgres":
        # Tokens are few (a few thousand) and very unevenly common: with most of them in the statistics, the
        # planner sees a rare term is rare and reads its few projects by key instead of the whole table.
        await schema_editor.client.execute_script(
            "ALTER TABLE search_token ALTER COLUMN token SET STATISTICS 2000; ANALYZE search_token"
        )


async def _drop(apps, schema_editor) -> None:
    postgres = schema_editor.client.capabilities.dialect == "postgres"
    await schema_editor.client.execute_script(DROP_POSTGRES if postgres else DROP_SQLITE)


class Migration(migrations.Migration):
    dependencies = [("models", "0013_close_finding_todo")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SearchToken",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("token", fields.CharField(max_length=2)),
                (
                    "project",
                    fields.ForeignKeyField(
                        "models.Project",
                        source_field="project_id",
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "search_token",
                "app": "models",
                "unique_together": (("token", "project"),),
                "indexes": [Index(fields=["project_id"])],
                "pk_attr": "id",
                "table_description": "One search token of a project: a character or two consecutive "
                "characters of its texts, lower-cased.",
            },
            bases=["Model"],
        ),
        ops.RunPython(_create, reverse_code=_drop),
        # Not search, found by the same benchmark: an expert's visible projects read the task heap row by row.
        ops.AddIndex(
            model_name="Task",
            index=Index(fields=["assignee_id", "center", "kind", "project_id"]),
        ),
    ]
