"""Expert library details, panels, seats, score sheets, price assessments and plan versions."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from domain.projects.kinds import Stage

if TYPE_CHECKING:
    from domain.accounts.models import Organisation
    from domain.experts.models import Expert
    from domain.projects.models import Project


class PanelStatus(StrEnum):
    INVITING = "INVITING"  # seats are being accepted
    SCORING = "SCORING"  # every seat accepted: experts score alone
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


class SeatStatus(StrEnum):
    INVITED = "INVITED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    EXPIRED = "EXPIRED"  # no answer by the deadline


class SheetStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"  # final: confirmed with a second factor


class ExpertEmployment(Model):
    """Employers of an expert over time: past employers within the lookback count as conflicts."""

    id = fields.IntField(primary_key=True)
    expert: fields.ForeignKeyRelation[Expert] = fields.ForeignKeyField(
        "models.Expert", related_name="employments", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name=False, on_delete=fields.RESTRICT
    )
    start = fields.DateField()
    end = fields.DateField(null=True)

    expert_id: int
    organisation_id: int

    class Meta:
        table = "expert_employment"


class ExpertUnavailability(Model):
    id = fields.IntField(primary_key=True)
    expert: fields.ForeignKeyRelation[Expert] = fields.ForeignKeyField(
        "models.Expert", related_name="unavailability", on_delete=fields.CASCADE
    )
    start = fields.DateField()
    end = fields.DateField()
    reason = fields.CharField(max_length=200, default="")

    expert_id: int

    class Meta:
        table = "expert_unavailability"


class ExpertConflict(Model):
    """A conflict the expert declared, with an organisation or a project."""

    id = fields.IntField(primary_key=True)
    expert: fields.ForeignKeyRelation[Expert] = fields.ForeignKeyField(
        "models.Expert", related_name="conflicts", on_delete=fields.CASCADE
    )
    organisation_id = fields.IntField(null=True)
    project_id = fields.IntField(null=True)
    reason = fields.CharField(max_length=200)
    declared_at = fields.DatetimeField()

    expert_id: int

    class Meta:
        table = "expert_conflict"


class Panel(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="panels", on_delete=fields.RESTRICT
    )
    stage = fields.CharEnumField(Stage, max_length=20)
    step_run_id = fields.IntField(null=True)
    organiser_id = fields.IntField()
    review_date = fields.DateField()
    quotas: fields.JSONField[Any] = fields.JSONField()
    rules: fields.JSONField[Any] = fields.JSONField()
    bidder_org_ids: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    seed = fields.BigIntField()
    candidate_ids: fields.JSONField[Any] = fields.JSONField()
    exclusions: fields.JSONField[Any] = fields.JSONField()
    reserve: fields.JSONField[Any] = fields.JSONField()
    respond_by = fields.DatetimeField()
    score_by = fields.DatetimeField()
    rubric_key = fields.CharField(max_length=32)
    rubric_version = fields.IntField()
    outlier_distance = fields.DecimalField(max_digits=5, decimal_places=2)
    status = fields.CharEnumField(PanelStatus, max_length=16, default=PanelStatus.INVITING)
    panel_score = fields.DecimalField(max_digits=6, decimal_places=2, null=True)
    opinion = fields.CharField(max_length=8, null=True)
    chair_summary = fields.TextField(default="")
    created_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)

    project_id: int

    class Meta:
        table = "panel"


class PanelSeat(Model):
    id = fields.IntField(primary_key=True)
    panel: fields.ForeignKeyRelation[Panel] = fields.ForeignKeyField(
        "models.Panel", related_name="seats", on_delete=fields.RESTRICT
    )
    expert: fields.ForeignKeyRelation[Expert] = fields.ForeignKeyField(
        "models.Expert", related_name="seats", on_delete=fields.RESTRICT
    )
    quota_index = fields.IntField()
    status = fields.CharEnumField(SeatStatus, max_length=16, default=SeatStatus.INVITED)
    invited_at = fields.DatetimeField()
    respond_by = fields.DatetimeField()
    responded_at = fields.DatetimeField(null=True)
    no_conflict_declared = fields.BooleanField(default=False)
    decline_reason = fields.CharField(max_length=200, default="")
    is_chair = fields.BooleanField(default=False)

    panel_id: int
    expert_id: int

    class Meta:
        table = "panel_seat"
        unique_together = (("panel", "expert"),)


class ScoreSheet(Model):
    """The scores of one expert. Drafts change by version, a submitted sheet never changes."""

    id = fields.IntField(primary_key=True)
    seat: fields.OneToOneRelation[PanelSeat] = fields.OneToOneField(
        "models.PanelSeat", related_name="sheet", on_delete=fields.RESTRICT
    )
    scores: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    comment = fields.TextField(default="")
    opinion = fields.CharField(max_length=8, null=True)
    status = fields.CharEnumField(SheetStatus, max_length=16, default=SheetStatus.DRAFT)
    total = fields.DecimalField(max_digits=6, decimal_places=2, null=True)
    outlier = fields.BooleanField(default=False)
    confirmed_with = fields.CharField(max_length=8, null=True)
    updated_at = fields.DatetimeField()
    submitted_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)
    quality_rating = fields.IntField(null=True)

    seat_id: int

    class Meta:
        table = "score_sheet"


class PriceAssessment(Model):
    """The assessment of the quoted price by an independent third party at pre-review."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="price_assessments", on_delete=fields.RESTRICT
    )
    institution_id = fields.IntField()
    assessed_amount = fields.DecimalField(max_digits=14, decimal_places=2)
    requested_amount = fields.DecimalField(max_digits=14, decimal_places=2)
    note = fields.TextField(default="")
    recorded_by_id = fields.IntField()
    recorded_at = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "price_assessment"


class PlanVersion(Model):
    """The scope items and amounts of the approved plan or of the implementation plan, as submitted."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="plan_versions", on_delete=fields.RESTRICT
    )
    kind = fields.CharField(max_length=16)  # APPROVED or IMPLEMENTATION
    items: fields.JSONField[Any] = fields.JSONField()
    submitted_by_id = fields.IntField()
    submitted_at = fields.DatetimeField()

    project_id: int

    class Meta:
        table = "plan_version"
