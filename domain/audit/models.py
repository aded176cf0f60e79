"""The audit trail: append-only, hash-chained records of who did what, from where, with what outcome."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.accounts.models import User
    from domain.projects.models import Project


class AuditRecord(Model):
    id = fields.BigIntField(primary_key=True)
    # Position in the chain: 1, 2, 3, ... without gaps. A gap is a deleted record.
    seq = fields.BigIntField(unique=True)
    at = fields.DatetimeField()
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    # The name typed at sign-in, kept even when no such user exists.
    actor_name = fields.CharField(max_length=64, null=True)
    # Who the actor acted for, when a delegate acted ("B acting for A").
    on_behalf_of_id = fields.IntField(null=True)
    center = fields.CharField(max_length=16, null=True)
    action = fields.CharField(max_length=64, db_index=True)
    outcome = fields.CharField(max_length=32)
    ip = fields.CharField(max_length=64, null=True)
    device = fields.CharField(max_length=255, null=True)
    target_type = fields.CharField(max_length=32, null=True)
    target_id = fields.CharField(max_length=64, null=True)
    detail: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64, unique=True)

    actor_id: int | None

    class Meta:
        table = "audit_record"


class FindingStatus(StrEnum):
    OPEN = "OPEN"
    ANSWERED = "ANSWERED"
    CLOSED = "CLOSED"


class AuditFinding(Model):
    """A finding the audit center records on a project, for the builder unit to answer."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="audit_findings", on_delete=fields.RESTRICT
    )
    raised_by_id = fields.IntField()
    text = fields.TextField()
    status = fields.CharEnumField(FindingStatus, max_length=16)
    conclusion = fields.TextField(default="")
    raised_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)

    project_id: int

    class Meta:
        table = "audit_finding"


class FindingAnswer(Model):
    """An answer of the builder unit to a finding. Answers accumulate."""

    id = fields.IntField(primary_key=True)
    finding: fields.ForeignKeyRelation[AuditFinding] = fields.ForeignKeyField(
        "models.AuditFinding", related_name="answers", on_delete=fields.RESTRICT
    )
    answered_by_id = fields.IntField()
    text = fields.TextField()
    answered_at = fields.DatetimeField()

    finding_id: int

    class Meta:
        table = "finding_answer"
