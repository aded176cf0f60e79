"""The expert library kept current over GraphQL: the data bureau registers, experts keep their profile."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.experts import flows as library
from domain.workflow.acting import Acting
from domain.workflow.errors import WorkflowError
from schema.permissions import IsFullySignedIn, signed_in
from schema.workflow.more_mutations import Done, DoneResult
from schema.workflow.mutations import object_key
from schema.workflow.types import action_error

GUARD = [IsFullySignedIn]


@strawberry.input
class ExpertProfileInput:
    title: str
    specialties: list[str]


@strawberry.input
class UnavailabilityInput:
    start: date
    end: date
    reason: str = ""


@strawberry.input
class ExpertConflictInput:
    reason: str
    organisation_id: strawberry.ID | None = None
    project_id: strawberry.ID | None = None


@strawberry.input
class RegisterExpertInput:
    user_id: strawberry.ID
    title: str
    level: str
    specialties: list[str]
    employer_id: strawberry.ID | None = None


@strawberry.input
class EmploymentInput:
    expert_id: strawberry.ID
    organisation_id: strawberry.ID
    start: date
    end: date | None = None


async def _do(info: strawberry.Info, work) -> Done | object:  # type: ignore[no-untyped-def]
    try:
        await work(Acting(user_id=signed_in(info).user.id, origin=info.context.origin, key="library"))
    except WorkflowError as error:
        return action_error(error, info.context.locale)
    return Done(ok=True)


@strawberry.type
class LibraryMutations:
    @strawberry.mutation(permission_classes=GUARD, description="An expert updates their title and specialties.")
    async def update_expert_profile(self, info: strawberry.Info, input: ExpertProfileInput) -> DoneResult:
        return await _do(
            info, lambda acting: library.update_profile(acting=acting, title=input.title, specialties=input.specialties)
        )

    @strawberry.mutation(permission_classes=GUARD, description="An expert marks days they cannot review.")
    async def add_unavailability(self, info: strawberry.Info, input: UnavailabilityInput) -> DoneResult:
        return await _do(
            info,
            lambda acting: library.add_unavailability(
                acting=acting, start=input.start, end=input.end, reason=input.reason
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="An expert declares a conflict of interest.")
    async def declare_expert_conflict(self, info: strawberry.Info, input: ExpertConflictInput) -> DoneResult:
        return await _do(
            info,
            lambda acting: library.declare_conflict(
                acting=acting,
                reason=input.reason,
                organisation_id=object_key(input.organisation_id, "Organisation", "organisationId")
                if input.organisation_id
                else None,
                project_id=object_key(input.project_id, "Project", "projectId") if input.project_id else None,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The data bureau adds a user to the expert library.")
    async def register_expert(self, info: strawberry.Info, input: RegisterExpertInput) -> DoneResult:
        return await _do(
            info,
            lambda acting: library.register(
                acting=acting,
                user_id=object_key(input.user_id, "User", "userId"),
                title=input.title,
                level=input.level,
                specialties=input.specialties,
                employer_id=object_key(input.employer_id, "Organisation", "employerId") if input.employer_id else None,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Employment history, for conflict checks.")
    async def record_expert_employment(self, info: strawberry.Info, input: EmploymentInput) -> DoneResult:
        return await _do(
            info,
            lambda acting: library.record_employment(
                acting=acting,
                expert_id=object_key(input.expert_id, "Expert", "expertId"),
                organisation_id=object_key(input.organisation_id, "Organisation", "organisationId"),
                start=input.start,
                end=input.end,
            ),
        )
