"""期间代理: a user names a delegate for a period; the delegate acts for them, recorded as such."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from domain import clock
from domain.accounts.models import User
from domain.accounts.policies import acts_in_workflow
from domain.actions.acting import Acting
from domain.actions.idempotency import run_once
from domain.audit.service import record
from domain.projects.kinds import Stage
from domain.workflow.errors import WorkflowError
from domain.workflow.models import Delegation
from domain.workflow.results import DelegationChanged

MAX_PERIOD = timedelta(days=90)


async def delegate(
    *,
    acting: Acting,
    delegate_id: int,
    starts_at: datetime,
    ends_at: datetime,
    stages: list[Stage] | None = None,
    max_amount: Decimal | None = None,
) -> DelegationChanged:
    """Let `delegate_id` act for the actor between the two times (never for expert scoring)."""
    request = {
        "delegate": delegate_id,
        "from": starts_at.isoformat(),
        "to": ends_at.isoformat(),
        "stages": [s.value for s in stages or []],
        "max": str(max_amount),
    }

    async def perform() -> DelegationChanged:
        now = clock.now()
        if delegate_id == acting.user_id or not await User.filter(id=delegate_id, is_active=True).exists():
            raise WorkflowError("DELEGATION_INVALID", field="delegate_id")
        if not await acts_in_workflow(delegate_id):
            raise WorkflowError("DELEGATION_INVALID", field="delegate_id")  # audit only reads: it never acts for one
        if ends_at <= starts_at or ends_at <= now or ends_at - starts_at > MAX_PERIOD:
            raise WorkflowError("DELEGATION_INVALID", field="ends_at")
        if max_amount is not None and max_amount <= 0:
            raise WorkflowError("DELEGATION_INVALID", field="max_amount")
        row = await Delegation.create(
            principal_id=acting.user_id,
            delegate_id=delegate_id,
            starts_at=starts_at,
            ends_at=ends_at,
            stages=[s.value for s in stages or []],
            max_amount=max_amount,
            created_at=now,
        )
        await record(
            action="DELEGATION_CREATED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="delegation",
            target_id=str(row.id),
            detail=request,
        )
        return DelegationChanged(delegation_id=row.id)

    return await run_once(user_id=acting.user_id, key=acting.key, action="delegate", request=request, perform=perform)


async def revoke(*, acting: Acting, delegation_id: int) -> DelegationChanged:
    """End a delegation early; only its principal may."""

    async def perform() -> DelegationChanged:
        row = await Delegation.get_or_none(id=delegation_id, principal_id=acting.user_id)
        if row is None:
            raise WorkflowError("NOT_FOUND", field="delegation_id")
        if row.revoked_at is None:
            await Delegation.filter(id=row.id).update(revoked_at=clock.now())
            await record(
                action="DELEGATION_REVOKED",
                outcome="SUCCESS",
                origin=acting.origin,
                actor_id=acting.user_id,
                target_type="delegation",
                target_id=str(row.id),
            )
        return DelegationChanged(delegation_id=row.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="revoke_delegation",
        request={"delegation": delegation_id},
        perform=perform,
    )
