"""Indexes for city scale, and on SQLite the indexes that earlier table rebuilds lost.

SQLite alters a table by rebuilding it, and the rebuilds of earlier migrations dropped these indexes
(PostgreSQL has them): the to-do list, the unread badge and the stage filter read through them.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

LOST_ON_SQLITE = """
CREATE INDEX IF NOT EXISTS "idx_task_assigne_c86008" ON "task" ("assignee_id", "center", "status", "id");
CREATE INDEX IF NOT EXISTS "idx_task_kind_823dd2" ON "task" ("kind", "subject_task_id");
CREATE INDEX IF NOT EXISTS "idx_notificatio_user_id_fe0336" ON "notification" ("user_id");
CREATE INDEX IF NOT EXISTS "idx_project_stage_b330b9" ON "project" ("stage");
"""


async def _restore_on_sqlite(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "sqlite":
        await schema_editor.client.execute_script(LOST_ON_SQLITE)


async def _nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [("models", "0010_step_timeouts_rounds")]

    initial = False

    operations = [
        ops.RunPython(_restore_on_sqlite, reverse_code=_nothing),
        ops.AddIndex(
            model_name='Decision',
            index=Index(fields=['project_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Material',
            index=Index(fields=['project_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Project',
            index=Index(fields=['builder_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Project',
            index=Index(fields=['supervisor_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Project',
            index=Index(fields=['vendor_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Project',
            index=Index(fields=['stage', 'status', 'approved_budget', 'contract_amount', 'paid_amount']),
        ),
        ops.AddIndex(
            model_name='StepRun',
            index=Index(fields=['status', 'project_id']),
        ),
        ops.AddIndex(
            model_name='StepRun',
            index=Index(fields=['status', 'started_on', 'limit_days', 'due_on', 'due_estimated', 'pauses']),
        ),
        ops.AddIndex(
            model_name='Task',
            index=Index(fields=['step_run_id', 'status']),
        ),
    ]
