"""Typed business errors: a stable code, the offending field, and parameters for the message."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """An expected failure of a business action; callers map `code` to a typed API error."""

    code: str = "DOMAIN_ERROR"

    def __init__(self, code: str | None = None, *, field: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.field = field
        self.params = params
        super().__init__(self.code)


class InvalidInput(DomainError):
    code = "INVALID_INPUT"


class NotFound(DomainError):
    code = "NOT_FOUND"


class PermissionDenied(DomainError):
    code = "FORBIDDEN"
