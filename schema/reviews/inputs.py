"""The inputs of expert review actions: panels, invitations, score sheets, price assessments, plans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from schema.projects.types import Stage


@strawberry.input
class QuotaInput:
    specialty: str | None = None
    count: int


@strawberry.input
class RequestPanelInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage
    quotas: list[QuotaInput]
    review_date: date
    respond_days: int = 2
    score_days: int = 5
    employer_lookback_years: int = 3
    exclude_earlier_panel: bool = False
    min_performance: Decimal | None = None


@strawberry.input
class RespondInvitationInput:
    idempotency_key: str
    seat_id: strawberry.ID
    accept: bool
    no_conflict: bool = False
    reason: str = ""


@strawberry.input
class ScoreSheetInput:
    idempotency_key: str
    seat_id: strawberry.ID
    scores: JSON = strawberry.field(description="Criterion key to points, for example {necessity: 8.5}.")
    comment: str = ""
    opinion: str | None = None
    expected_version: int | None = None
    second_factor: str | None = strawberry.field(default=None, description="PIN or one-time code (submit only).")


@strawberry.input
class ClosePanelInput:
    idempotency_key: str
    panel_id: strawberry.ID
    chair_summary: str = ""


@strawberry.input
class PriceAssessmentInput:
    idempotency_key: str
    project_id: strawberry.ID
    institution_id: strawberry.ID
    assessed_amount: Decimal
    note: str = ""


@strawberry.input
class PlanItemInput:
    name: str
    amount: Decimal


@strawberry.input
class PlanInput:
    idempotency_key: str
    project_id: strawberry.ID
    kind: str = strawberry.field(description="APPROVED or IMPLEMENTATION")
    items: list[PlanItemInput]
