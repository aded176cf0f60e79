"""Errors raised as GraphQL errors (not data): a stable `extensions.code`, a localised message."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from schema.messages import message

# Codes a client may see; any other exception is masked as "Unexpected error."
PUBLIC_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "TOTP_ENROLMENT_REQUIRED"})


class PublicError(GraphQLError):
    def __init__(self, code: str, locale: str, *, field: str | None = None) -> None:
        extensions: dict[str, object] = {"code": code}
        if field:
            extensions["field"] = field
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
