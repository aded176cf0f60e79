"""The inputs of scoring actions: deductions, corrections, 互评 and satisfaction."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema.projects.types import Stage


@strawberry.input
class DeductionInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage
    points: Decimal
    reason: str


@strawberry.input
class CorrectionInput:
    idempotency_key: str
    entry_id: strawberry.ID
    reason: str


@strawberry.input
class MutualRatingInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage
    ratee_organisation_id: strawberry.ID
    rating: int
    comment: str = ""


@strawberry.input
class SatisfactionInput:
    idempotency_key: str
    task_id: strawberry.ID
    rating: int
    comment: str = ""
    redo: bool = False
