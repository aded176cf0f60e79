"""Refusals of scoring actions: deductions, corrections, 互评 and satisfaction."""

from __future__ import annotations

from typing import ClassVar

from domain.actions.errors import SHARED_CODES, ActionRefused


class ScoringError(ActionRefused):
    CODES: ClassVar[frozenset[str]] = SHARED_CODES | {"ALREADY_RATED", "ALREADY_CORRECTED", "RATING_WINDOW_CLOSED"}
