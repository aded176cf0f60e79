"""The data-resource catalogue (数据资源目录库): what each project declares it will produce."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.projects.models import Project


class SharingClass(StrEnum):
    UNCONDITIONAL = "UNCONDITIONAL"  # 无条件共享
    CONDITIONAL = "CONDITIONAL"  # 有条件共享
    NOT_SHARED = "NOT_SHARED"  # 不予共享


class DataResource(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="data_resources", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=200)
    provider = fields.CharField(max_length=200)
    fields_list: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    update_frequency = fields.CharField(max_length=32)
    sharing_class = fields.CharEnumField(SharingClass, max_length=16)
    declared_at = fields.DatetimeField()
    # Verified at acceptance as aggregated to the shared platform.
    verified_at = fields.DatetimeField(null=True)
    verified_by_id = fields.IntField(null=True)

    project_id: int

    class Meta:
        table = "data_resource"
