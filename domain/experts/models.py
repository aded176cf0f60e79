"""The expert library (专家库): experts, their specialties and employers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.accounts.models import Organisation, User


class Expert(Model):
    id = fields.IntField(primary_key=True)
    user: fields.OneToOneNullableRelation[User] = fields.OneToOneField(
        "models.User", related_name="expert_profile", null=True, on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    title = fields.CharField(max_length=100)
    level = fields.CharField(max_length=32)
    specialties: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    employer: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="experts", null=True, on_delete=fields.RESTRICT
    )

    user_id: int | None
    employer_id: int | None

    class Meta:
        table = "expert"
