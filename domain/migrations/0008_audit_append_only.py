"""On PostgreSQL, a trigger refuses UPDATE and DELETE of audit records: corrections are new records."""

from tortoise import migrations
from tortoise.migrations import operations as ops

CREATE = """
CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only: % refused on audit_record %', TG_OP, OLD.seq
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_record_append_only ON audit_record;
DROP FUNCTION IF EXISTS audit_record_append_only();
"""


def _on_postgres(sql: str):
    async def run(apps, schema_editor) -> None:
        if schema_editor.client.capabilities.dialect == "postgres":
            await schema_editor.client.execute_script(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("models", "0007_inbox")]

    operations = [ops.RunPython(_on_postgres(CREATE), reverse_code=_on_postgres(DROP))]
