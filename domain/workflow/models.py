"""Tasks: the to-dos (待办) of a center's user."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.accounts.kinds import CenterKind


class TaskStatus(StrEnum):
    OPEN = "OPEN"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


class Task(Model):
    id = fields.IntField(primary_key=True)
    center = fields.CharEnumField(CenterKind, max_length=16)
    assignee = fields.ForeignKeyField("models.User", related_name="tasks", on_delete=fields.RESTRICT)
    project = fields.ForeignKeyField("models.Project", related_name="tasks", null=True, on_delete=fields.RESTRICT)
    title = fields.CharField(max_length=200)
    status = fields.CharEnumField(TaskStatus, max_length=16, default=TaskStatus.OPEN)
    due_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    assignee_id: int
    project_id: int | None

    class Meta:
        table = "task"
        indexes = (("assignee_id", "center", "status", "id"),)
