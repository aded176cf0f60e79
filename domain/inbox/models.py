"""The in-app inbox (the source of truth of what a user was told) and deliveries through channels."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class DeliveryStatus(StrEnum):
    QUEUED = "QUEUED"
    SENT = "SENT"
    FAILED = "FAILED"  # will be retried
    DEAD = "DEAD"  # gave up: visible to the data bureau


class Notification(Model):
    """One message for one user about one event: an event never notifies a user twice."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.IntField(db_index=True)
    event_id = fields.BigIntField()
    kind = fields.CharField(max_length=64)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    title_en = fields.CharField(max_length=200)
    body_en = fields.TextField()
    link = fields.CharField(max_length=200)
    urgent = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        unique_together = (("event_id", "user_id"),)


class Delivery(Model):
    """A notification through one channel, with its attempts."""

    id = fields.BigIntField(primary_key=True)
    notification = fields.ForeignKeyField("models.Notification", related_name="deliveries", on_delete=fields.CASCADE)
    channel = fields.CharField(max_length=16)
    status = fields.CharEnumField(DeliveryStatus, max_length=8, default=DeliveryStatus.QUEUED)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(db_index=True)
    last_error = fields.CharField(max_length=300, default="")
    updated_at = fields.DatetimeField()

    notification_id: int

    class Meta:
        table = "delivery"
        unique_together = (("notification", "channel"),)
