"""The in-app inbox (the source of truth of what a user was told), deliveries through channels, and
what each user asked for: channels, quiet hours, a daily digest, push subscriptions, WeChat quota."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class DeliveryStatus(StrEnum):
    QUEUED = "QUEUED"
    SENDING = "SENDING"  # claimed by a worker until lease_until: a killed worker's claim lapses
    SENT = "SENT"  # the provider took it
    DELIVERED = "DELIVERED"  # the device or the provider confirmed arrival
    READ = "READ"  # the user read the notification
    FAILED = "FAILED"  # will be retried
    DEAD = "DEAD"  # gave up: visible to the data bureau
    CANCELLED = "CANCELLED"  # read or acted on before it was due


OPEN_DELIVERY = (DeliveryStatus.QUEUED, DeliveryStatus.FAILED)
REACHED = (DeliveryStatus.SENT, DeliveryStatus.DELIVERED)


class Notification(Model):
    """One message for one user about one event: an event never notifies a user twice. A digest has no
    event of its own."""

    id = fields.BigIntField(primary_key=True)
    user_id = fields.IntField(db_index=True)
    event_id = fields.BigIntField(null=True)
    kind = fields.CharField(max_length=64)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    title_en = fields.CharField(max_length=200)
    body_en = fields.TextField()
    link = fields.CharField(max_length=200)
    urgent = fields.BooleanField(default=False)
    project_id = fields.IntField(null=True, db_index=True)
    # The to-do it is about: once that is no longer open, the item was acted on.
    task_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)
    # Non-urgent items of a user who chose the daily digest wait for it (null once digested or never held).
    held_for_digest = fields.BooleanField(default=False)
    # The escalation ladder of an urgent item: the last step taken and when the next one is due.
    escalation_step = fields.IntField(default=0)
    next_escalation_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "notification"
        unique_together = (("event_id", "user_id"),)


class Delivery(Model):
    """A notification through one channel to one address (a browser, a phone, an account), with its attempts."""

    id = fields.BigIntField(primary_key=True)
    notification: fields.ForeignKeyRelation[Notification] = fields.ForeignKeyField(
        "models.Notification", related_name="deliveries", on_delete=fields.CASCADE
    )
    channel = fields.CharField(max_length=16)
    # Which address: "sub:<push subscription id>", "ext:<external identity id>" or "phone".
    target = fields.CharField(max_length=40, default="user")
    status = fields.CharEnumField(DeliveryStatus, max_length=10, default=DeliveryStatus.QUEUED)
    # The escalation step that sent it (0: sent at once, not part of a ladder).
    step = fields.IntField(default=0)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(db_index=True)
    lease_until = fields.DatetimeField(null=True)
    # The fencing token: raised by every claim; a worker writes only while the row still holds its own.
    fence = fields.BigIntField(default=0)
    # Set (under the claimer's fence) just before the channel is called, cleared by the recorded outcome:
    # a later claimer that finds it set knows a send may have reached the provider and does not resend.
    send_started_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=300, default="")
    provider_id = fields.CharField(max_length=200, default="")
    # Handed to the device with the message; the device returns it to confirm arrival.
    receipt = fields.CharField(max_length=64, unique=True, null=True)
    created_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField()

    notification_id: int

    class Meta:
        table = "delivery"
        unique_together = (("notification", "channel", "target"),)
        indexes = (("status", "next_attempt_at"),)


class NotificationPreference(Model):
    """What a user asked for. No row: every channel on, no quiet hours, no digest."""

    user_id = fields.IntField(primary_key=True)
    disabled_channels: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    quiet_start = fields.CharField(max_length=5, null=True)  # "22:00", China time
    quiet_end = fields.CharField(max_length=5, null=True)  # "07:30"
    digest = fields.BooleanField(default=False)
    digest_at = fields.CharField(max_length=5, default="08:30")
    last_digest_on = fields.DateField(null=True)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "notification_preference"


class PushSubscription(Model):
    """A Web Push subscription of a browser or an FCM token of an app, forgotten when the service says it is gone."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField(db_index=True)
    channel = fields.CharField(max_length=16)  # webpush | fcm
    endpoint = fields.CharField(max_length=500, unique=True)  # the push endpoint, or the FCM token
    p256dh = fields.CharField(max_length=200, default="")
    auth = fields.CharField(max_length=100, default="")
    created_at = fields.DatetimeField()
    gone_at = fields.DatetimeField(null=True)

    class Meta:
        table = "push_subscription"


class WeChatQuota(Model):
    """One-time subscribe messages: each tap of the user on a template grants one message. Long-term
    subscriptions (for accounts that qualify) have no count."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField()
    template_id = fields.CharField(max_length=64)
    remaining = fields.IntField(default=0)
    long_term = fields.BooleanField(default=False)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "wechat_quota"
        unique_together = (("user_id", "template_id"),)
