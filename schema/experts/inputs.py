"""The inputs of the expert library's actions."""

from __future__ import annotations

from datetime import date

import strawberry


@strawberry.input
class ExpertProfileInput:
    idempotency_key: str
    title: str
    specialties: list[str]


@strawberry.input
class UnavailabilityInput:
    idempotency_key: str
    start: date
    end: date
    reason: str = ""


@strawberry.input
class ExpertConflictInput:
    idempotency_key: str
    reason: str
    organisation_id: strawberry.ID | None = None
    project_id: strawberry.ID | None = None


@strawberry.input
class RegisterExpertInput:
    idempotency_key: str
    user_id: strawberry.ID
    title: str
    level: str
    specialties: list[str]
    employer_id: strawberry.ID | None = None


@strawberry.input
class EmploymentInput:
    idempotency_key: str
    expert_id: strawberry.ID
    organisation_id: strawberry.ID
    start: date
    end: date | None = None


@strawberry.input(description="The six-digit PIN an expert confirms final score sheets with.")
class ExpertPinInput:
    idempotency_key: str
    pin: str
