"""Errors raised as GraphQL errors (not data): a stable `extensions.code`, a localised message."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from tortoise.exceptions import ValidationError

from domain.db import is_outage
from domain.errors import DomainError
from schema.shared.messages import DEFAULT_LOCALE, message

# Codes a client may see; any other exception is masked as "Unexpected error."
PUBLIC_CODES = frozenset(
    {
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "TOTP_ENROLMENT_REQUIRED",
        "INVALID_VALUE",
        "INVALID_ID",
        "INVALID_CHARACTER",
        "TEXT_TOO_LONG",
        "QUERY_TOO_COMPLEX",
        "SERVICE_UNAVAILABLE",
    }
)
# Worth sending again unchanged a moment later.
RETRYABLE_CODES = frozenset({"SERVICE_UNAVAILABLE"})


class PublicError(GraphQLError):
    def __init__(self, code: str, locale: str, *, field: str | None = None) -> None:
        extensions: dict[str, object] = {"code": code}
        if field:
            extensions["field"] = field
        if code in RETRYABLE_CODES:
            extensions["retryable"] = True
        super().__init__(message(code, locale), extensions=extensions)


@strawberry.interface(description="An expected failure returned as data: a stable code and a message.")
class UserError:
    message: str
    field: str | None = None


def should_mask_error(error: GraphQLError) -> bool:
    """Mask unexpected exceptions; keep validation errors and our public codes."""
    original = error.original_error
    if original is None:
        return False
    if isinstance(original, GraphQLError):
        return (original.extensions or {}).get("code") not in PUBLIC_CODES
    return (error.extensions or {}).get("code") not in PUBLIC_CODES


class MaskUnexpectedErrors(MaskErrors):
    """ "Unexpected error." for what a client cannot act on; a database outage is said as such
    (retryable), and a value a column refuses as a typed input error."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        locale = getattr(self.execution_context.context, "locale", DEFAULT_LOCALE)
        if is_outage(error.original_error):
            return _replace(error, PublicError("SERVICE_UNAVAILABLE", locale))
        if isinstance(error.original_error, DomainError):
            refused = error.original_error
            return _replace(error, PublicError(refused.code, locale, field=refused.field))
        if isinstance(error.original_error, ValidationError):
            return _replace(error, PublicError("INVALID_VALUE", locale))
        return super().anonymise_error(error)


def _replace(error: GraphQLError, public: PublicError) -> GraphQLError:
    return GraphQLError(
        public.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=public.extensions,
    )
