"""Role checks declared on fields. Denials carry a stable code and are audited."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from domain.accounts.flows import Principal
from domain.accounts.kinds import CenterKind
from domain.audit.service import record
from schema.shared.context import Context
from schema.shared.errors import PublicError
from schema.shared.messages import message


async def audit_denial(context: Context, code: str, target: str, *, center: str | None = None) -> None:
    """Record a denial for a caller that presented credentials (anonymous probing is not)."""
    principal = context.principal
    if principal is None and not context.token_refused:
        return
    # Shielded: when one field of a query is refused, GraphQL cancels its siblings; a record cancelled between
    # taking SQLite's lock and its transaction's start would keep the lock for ever (and lose the record).
    await asyncio.shield(
        record(
            action="PERMISSION_DENIED",
            outcome=code,
            origin=context.origin,
            actor_id=principal.user.id if principal else None,
            actor_name=principal.user.username if principal else None,
            center=center,
            target_type="field",
            target_id=target,
        )
    )


def signed_in(info: Info) -> Principal:
    """The caller of a field guarded by IsSignedIn or IsFullySignedIn."""
    principal = info.context.principal
    if principal is None:  # only reachable if a guard is missing on the field
        raise PublicError("UNAUTHENTICATED", info.context.locale)
    return principal


class _Denying(BasePermission):
    """Async check: only async resolvers may carry these (a sync field would not await it)."""

    code = "UNAUTHENTICATED"

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        context: Context = info.context
        code = await self.refusal(context)
        if code is None:
            return True
        await audit_denial(context, code, f"{info.path.typename}.{info.field_name}")
        # Instances are shared by concurrent requests: set the message only after the last await.
        self.message = message(code, context.locale)
        self.error_extensions = {"code": code}
        return False

    def denial(self, context: Context) -> str | None:
        raise NotImplementedError

    async def refusal(self, context: Context) -> str | None:
        """The denial, with whatever must be read for it (the caller's centers)."""
        return self.denial(context)


class IsSignedIn(_Denying):
    """Any valid session, including one that may only enrol a second factor."""

    def denial(self, context: Context) -> str | None:
        return None if context.principal is not None else "UNAUTHENTICATED"


class IsFullySignedIn(_Denying):
    """A valid session with full rights (second factor enrolled where production requires it)."""

    def denial(self, context: Context) -> str | None:
        if context.principal is None:
            return "UNAUTHENTICATED"
        if not context.principal.fully_signed_in:
            return "TOTP_ENROLMENT_REQUIRED"
        return None


async def _centers(context: Context, principal: Principal) -> set[CenterKind]:
    memberships = await context.loaders.memberships_by_user_id.load(principal.user.id)
    return {CenterKind(m.center) for m in memberships}


class _HoldsCenters(IsFullySignedIn):
    """Fully signed in and holding one of `centers` (any center but those in `excluded` when empty)."""

    centers: frozenset[CenterKind] = frozenset()
    excluded: frozenset[CenterKind] = frozenset()

    async def refusal(self, context: Context) -> str | None:
        code = self.denial(context)
        if code is not None:
            return code
        principal = context.principal
        if principal is None:
            return "UNAUTHENTICATED"
        held = await _centers(context, principal) - self.excluded
        return None if (held & self.centers if self.centers else held) else "FORBIDDEN"


class TakesPartInTheWorkflow(_HoldsCenters):
    """Holds a center besides audit: the audit center only reads (beyond its own findings and profile)."""

    excluded = frozenset({CenterKind.AUDIT})


class IsExpert(_HoldsCenters):
    """Holds the expert center (the expert's PIN confirms final score sheets)."""

    centers = frozenset({CenterKind.EXPERT})


class HoldsDataBureau(_HoldsCenters):
    """Holds the data bureau's center (the managing department: dead letters, the libraries)."""

    centers = frozenset({CenterKind.DATA})
