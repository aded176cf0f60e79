"""Role checks declared on fields. Denials carry a stable code and are audited."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from domain.accounts.flows import Principal
from domain.audit.service import record
from schema.context import Context
from schema.errors import PublicError
from schema.messages import message


async def audit_denial(context: Context, code: str, target: str, *, center: str | None = None) -> None:
    """Record a denial for a caller that presented credentials (anonymous probing is not)."""
    principal = context.principal
    if principal is None and not context.token_refused:
        return
    await record(
        action="PERMISSION_DENIED",
        outcome=code,
        origin=context.origin,
        actor_id=principal.user.id if principal else None,
        actor_name=principal.user.username if principal else None,
        center=center,
        target_type="field",
        target_id=target,
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
        code = self.denial(context)
        if code is None:
            return True
        await audit_denial(context, code, f"{info.path.typename}.{info.field_name}")
        # Instances are shared by concurrent requests: set the message only after the last await.
        self.message = message(code, context.locale)
        self.error_extensions = {"code": code}
        return False

    def denial(self, context: Context) -> str | None:
        raise NotImplementedError


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
