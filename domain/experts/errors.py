"""Refusals of the expert library's actions (registration, profile, unavailability, conflicts, PIN)."""

from __future__ import annotations

from typing import ClassVar

from domain.actions.errors import SHARED_CODES, ActionRefused


class ExpertError(ActionRefused):
    CODES: ClassVar[frozenset[str]] = SHARED_CODES
