"""Scores (评分编码), mutual evaluations (互评) and satisfaction ratings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from domain.projects.kinds import Stage

if TYPE_CHECKING:
    from domain.projects.models import Project


class ScoreEntry(Model):
    """One change to a stage's 100 points: a deduction (negative) or its correction. Append-only."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="score_entries", on_delete=fields.RESTRICT
    )
    stage = fields.CharEnumField(Stage, max_length=20)
    points = fields.DecimalField(max_digits=6, decimal_places=2)
    rule = fields.CharField(max_length=32)
    reason = fields.TextField(default="")
    by_user_id = fields.IntField(null=True)
    corrects_id = fields.IntField(null=True)
    at = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "score_entry"


class MutualRating(Model):
    """互评: a department rates the builder, or the builder rates a department, after a stage."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="mutual_ratings", on_delete=fields.RESTRICT
    )
    stage = fields.CharEnumField(Stage, max_length=20)
    rater_org_id = fields.IntField()
    ratee_org_id = fields.IntField()
    rater_user_id = fields.IntField()
    rating = fields.IntField()
    comment = fields.TextField(default="")
    submitted_at = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "mutual_rating"
        unique_together = (("project", "stage", "rater_org_id", "ratee_org_id"),)


class Satisfaction(Model):
    """满意度: the applicant rates a closed task, and unsatisfied can send the work back."""

    id = fields.IntField(primary_key=True)
    task_id = fields.IntField(unique=True)
    project_id = fields.IntField()
    rater_user_id = fields.IntField()
    rating = fields.IntField()
    comment = fields.TextField(default="")
    reopened_task_id = fields.IntField(null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "satisfaction"
