"""A delivery's fencing token and the moment its send started (a second claimer never resends), and on
PostgreSQL a NOTIFY on the outbox's channel when a transaction that wrote events commits (workers wake)."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

NOTIFY = """
CREATE OR REPLACE FUNCTION qc_outbox_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('qc_outbox', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER qc_outbox_notify AFTER INSERT ON event FOR EACH STATEMENT EXECUTE FUNCTION qc_outbox_notify();
"""
DROP_NOTIFY = """
DROP TRIGGER IF EXISTS qc_outbox_notify ON event;
DROP FUNCTION IF EXISTS qc_outbox_notify();
"""


def _on_postgres(sql: str):
    async def run(apps, schema_editor) -> None:
        if schema_editor.client.capabilities.dialect == "postgres":
            await schema_editor.client.execute_script(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("models", "0011_city_scale_indexes")]

    operations = [
        ops.AddField(
            model_name="Delivery",
            name="fence",
            field=fields.BigIntField(default=0),
        ),
        ops.AddField(
            model_name="Delivery",
            name="send_started_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.RunPython(_on_postgres(NOTIFY), reverse_code=_on_postgres(DROP_NOTIFY)),
    ]
