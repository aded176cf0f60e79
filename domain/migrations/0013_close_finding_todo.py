"""The auditor's CLOSE_FINDING to-do (a new TaskKind value), and on SQLite the task indexes its rebuild drops.

SQLite alters a column by rebuilding the table, which drops the table's indexes (see 0011): they are made
again here, as PostgreSQL keeps them.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from domain.workflow.models import TaskKind

LOST_ON_SQLITE = """
CREATE INDEX IF NOT EXISTS "idx_task_assigne_c86008" ON "task" ("assignee_id", "center", "status", "id");
CREATE INDEX IF NOT EXISTS "idx_task_kind_823dd2" ON "task" ("kind", "subject_task_id");
CREATE INDEX IF NOT EXISTS "idx_task_step_ru_2c0f90" ON "task" ("step_run_id", "status");
"""


async def _restore_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "sqlite":
        await schema_editor.client.execute_script(LOST_ON_SQLITE)


async def _nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [("models", "0012_delivery_fencing")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Task",
            name="kind",
            field=fields.CharEnumField(
                default=TaskKind.ACTION,
                description="ACTION: ACTION\nREVISION: REVISION\nSUPERVISION: SUPERVISION\nORGANISE: ORGANISE\n"
                "INVITATION: INVITATION\nSCORE: SCORE\nFINDING: FINDING\nCLOSE_FINDING: CLOSE_FINDING",
                enum_type=TaskKind,
                max_length=16,
            ),
        ),
        ops.RunPython(_restore_on_sqlite, reverse_code=_nothing),
    ]
