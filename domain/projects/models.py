"""Projects, and the counters their codes are drawn from."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage


class Project(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=200)
    builder = fields.ForeignKeyField("models.Organisation", related_name="built_projects", on_delete=fields.RESTRICT)
    category = fields.CharEnumField(ProjectCategory, max_length=16)
    type = fields.CharEnumField(ProjectType, max_length=16)
    requested_amount = fields.DecimalField(max_digits=14, decimal_places=2)
    approved_budget = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    contract_amount = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    paid_amount = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    stage = fields.CharEnumField(Stage, max_length=20, db_index=True)
    status = fields.CharEnumField(ProjectStatus, max_length=16, default=ProjectStatus.ACTIVE)
    supervisor = fields.ForeignKeyField(
        "models.Organisation",
        related_name="supervised_projects",
        null=True,
        on_delete=fields.RESTRICT,
    )
    vendor = fields.ForeignKeyField(
        "models.Organisation",
        related_name="vendor_projects",
        null=True,
        on_delete=fields.RESTRICT,
    )
    parent = fields.ForeignKeyField("models.Project", related_name="om_projects", null=True, on_delete=fields.RESTRICT)
    applied_on = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)
    version = fields.IntField(default=1)

    builder_id: int
    supervisor_id: int | None
    vendor_id: int | None
    parent_id: int | None

    class Meta:
        table = "project"


class CodeSequence(Model):
    """Last number handed out per key, numbers are never reused."""

    key = fields.CharField(max_length=64, primary_key=True)
    last_value = fields.IntField(default=0)

    class Meta:
        table = "code_sequence"
