"""Refusals of audit findings (raise, answer, close)."""

from __future__ import annotations

from typing import ClassVar

from domain.actions.errors import SHARED_CODES, ActionRefused


class AuditError(ActionRefused):
    CODES: ClassVar[frozenset[str]] = SHARED_CODES
