"""期间代理 over GraphQL: delegations a user gives for a period, their list, and ending one early."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from domain import clock
from domain.workflow import delegation
from domain.workflow.models import Delegation
from schema.accounts.types import User
from schema.projects.types import Stage
from schema.shared import ids
from schema.shared.actions import GUARD, acting, action, object_key
from schema.shared.permissions import TakesPartInTheWorkflow, signed_in
from schema.shared.results import Done, WorkflowRefusal


@strawberry.type
class DelegationCreated:
    delegation_id: strawberry.ID


DelegateResult = Annotated[DelegationCreated | WorkflowRefusal, strawberry.union("DelegateResult")]
RevokeDelegationResult = Annotated[Done | WorkflowRefusal, strawberry.union("RevokeDelegationResult")]


@strawberry.input
class DelegateInput:
    idempotency_key: str
    delegate_user_id: strawberry.ID
    starts_at: datetime
    ends_at: datetime
    stages: list[Stage] = strawberry.field(default_factory=list)
    max_amount: Decimal | None = None


@strawberry.input
class RevokeDelegationInput:
    idempotency_key: str
    delegation_id: strawberry.ID


@strawberry.type
class DelegationView:
    row: strawberry.Private[Delegation]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Delegation", self.row.id))

    @strawberry.field
    def delegate(self) -> User:
        return User(row=self.row.delegate)

    @strawberry.field
    def starts_at(self) -> datetime:
        return self.row.starts_at

    @strawberry.field
    def ends_at(self) -> datetime:
        return self.row.ends_at

    @strawberry.field
    def stages(self) -> list[str]:
        return list(self.row.stages)

    @strawberry.field
    def max_amount(self) -> Decimal | None:
        return self.row.max_amount

    @strawberry.field
    def active(self) -> bool:
        return self.row.revoked_at is None and self.row.starts_at <= clock.now() < self.row.ends_at


@strawberry.type
class DelegationQueries:
    @strawberry.field(permission_classes=GUARD, description="Delegations you gave (期间代理), newest first.")
    async def my_delegations(self, info: strawberry.Info) -> list[DelegationView]:
        rows = (
            await Delegation.filter(principal_id=signed_in(info).user.id)
            .select_related("delegate")
            .order_by("-id")
            .limit(50)
        )
        return [DelegationView(row=row) for row in rows]


@strawberry.type
class DelegationMutations:
    @action(
        "期间代理: let a colleague act for you for a period (not the audit center, which only reads).",
        renames={"delegate_id": "delegateUserId"},
        permission_classes=[TakesPartInTheWorkflow],
    )
    async def delegate(self, info: strawberry.Info, input: DelegateInput) -> DelegateResult:
        created = await delegation.delegate(
            acting=acting(info, input.idempotency_key),
            delegate_id=object_key(input.delegate_user_id, "User", "delegateUserId"),
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            stages=list(input.stages),
            max_amount=input.max_amount,
        )
        return DelegationCreated(delegation_id=strawberry.ID(ids.encode("Delegation", created.delegation_id)))

    @action("End a delegation before its period is over.")
    async def revoke_delegation(self, info: strawberry.Info, input: RevokeDelegationInput) -> RevokeDelegationResult:
        await delegation.revoke(
            acting=acting(info, input.idempotency_key),
            delegation_id=object_key(input.delegation_id, "Delegation", "delegationId"),
        )
        return Done(ok=True)
