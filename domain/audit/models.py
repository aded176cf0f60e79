"""The audit trail: append-only records of who did what, from where, with what outcome."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditRecord(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField()
    actor = fields.ForeignKeyField("models.User", related_name=False, null=True, on_delete=fields.RESTRICT)
    # The name typed at sign-in, kept even when no such user exists.
    actor_name = fields.CharField(max_length=64, null=True)
    center = fields.CharField(max_length=16, null=True)
    action = fields.CharField(max_length=64, db_index=True)
    outcome = fields.CharField(max_length=32)
    ip = fields.CharField(max_length=64, null=True)
    device = fields.CharField(max_length=255, null=True)
    target_type = fields.CharField(max_length=32, null=True)
    target_id = fields.CharField(max_length=64, null=True)
    detail = fields.JSONField(default=dict)

    actor_id: int | None

    class Meta:
        table = "audit_record"
