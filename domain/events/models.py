"""The transactional outbox: every state change writes its event row in the same transaction."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Event(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=64, db_index=True)
    project_id = fields.IntField(null=True, db_index=True)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()
    # Set by the consumer (notifications, live updates) once it has taken the event.
    published_at = fields.DatetimeField(null=True)

    class Meta:
        table = "event"
        indexes = (("published_at", "id"),)
