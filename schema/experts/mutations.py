"""The expert library kept current over GraphQL: the data bureau registers experts and their employment,
experts keep their profile, days away, conflicts of interest and their PIN."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.experts import flows as library
from schema.experts.inputs import (
    EmploymentInput,
    ExpertConflictInput,
    ExpertPinInput,
    ExpertProfileInput,
    RegisterExpertInput,
    UnavailabilityInput,
)
from schema.shared.actions import acting, action, object_key, optional_key
from schema.shared.context import Context
from schema.shared.permissions import IsExpert
from schema.shared.results import Done, ExpertRefusal

UpdateExpertProfileResult = Annotated[Done | ExpertRefusal, strawberry.union("UpdateExpertProfileResult")]
AddUnavailabilityResult = Annotated[Done | ExpertRefusal, strawberry.union("AddUnavailabilityResult")]
DeclareExpertConflictResult = Annotated[Done | ExpertRefusal, strawberry.union("DeclareExpertConflictResult")]
RegisterExpertResult = Annotated[Done | ExpertRefusal, strawberry.union("RegisterExpertResult")]
RecordExpertEmploymentResult = Annotated[Done | ExpertRefusal, strawberry.union("RecordExpertEmploymentResult")]
SetExpertPinResult = Annotated[Done | ExpertRefusal, strawberry.union("SetExpertPinResult")]

DONE = Done(ok=True)


@strawberry.type
class ExpertMutations:
    @action("An expert updates their title and specialties.")
    async def update_expert_profile(
        self, info: strawberry.Info, input: ExpertProfileInput
    ) -> UpdateExpertProfileResult:
        await library.update_profile(
            acting=acting(info, input.idempotency_key), title=input.title, specialties=input.specialties
        )
        return DONE

    @action("An expert marks days they cannot review.")
    async def add_unavailability(self, info: strawberry.Info, input: UnavailabilityInput) -> AddUnavailabilityResult:
        await library.add_unavailability(
            acting=acting(info, input.idempotency_key), start=input.start, end=input.end, reason=input.reason
        )
        return DONE

    @action("An expert declares a conflict of interest.")
    async def declare_expert_conflict(
        self, info: strawberry.Info, input: ExpertConflictInput
    ) -> DeclareExpertConflictResult:
        await library.declare_conflict(
            acting=acting(info, input.idempotency_key),
            reason=input.reason,
            organisation_id=optional_key(input.organisation_id, "Organisation", "organisationId"),
            project_id=optional_key(input.project_id, "Project", "projectId"),
        )
        return DONE

    @action("The data bureau adds a user to the expert library.")
    async def register_expert(self, info: strawberry.Info, input: RegisterExpertInput) -> RegisterExpertResult:
        await library.register(
            acting=acting(info, input.idempotency_key),
            user_id=object_key(input.user_id, "User", "userId"),
            title=input.title,
            level=input.level,
            specialties=input.specialties,
            employer_id=optional_key(input.employer_id, "Organisation", "employerId"),
        )
        return DONE

    @action("Employment history, for conflict checks.")
    async def record_expert_employment(
        self, info: strawberry.Info, input: EmploymentInput
    ) -> RecordExpertEmploymentResult:
        await library.record_employment(
            acting=acting(info, input.idempotency_key),
            expert_id=object_key(input.expert_id, "Expert", "expertId"),
            organisation_id=object_key(input.organisation_id, "Organisation", "organisationId"),
            start=input.start,
            end=input.end,
        )
        return DONE

    @action("An expert sets the PIN confirming final sheets (experts only).", permission_classes=[IsExpert])
    async def set_expert_pin(self, info: strawberry.Info, input: ExpertPinInput) -> SetExpertPinResult:
        context: Context = info.context
        await library.set_pin(
            acting=acting(info, input.idempotency_key), passwords=context.auth.passwords, pin=input.pin
        )
        return DONE
