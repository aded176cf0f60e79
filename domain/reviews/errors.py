"""Refusals of expert review actions: panels, invitations, score sheets, price assessments, plans."""

from __future__ import annotations

from typing import ClassVar

from domain.actions.errors import SHARED_CODES, ActionRefused


class ReviewError(ActionRefused):
    """EXPERT_SHORTAGE carries quota, specialty, needed and available; INVALID_SCORE criterion and reason."""

    CODES: ClassVar[frozenset[str]] = SHARED_CODES | {
        "EXPERT_SHORTAGE",
        "PANEL_EXISTS",
        "INVITATION_CLOSED",
        "INVITATION_EXPIRED",
        "SHEET_FINAL",
        "INVALID_SCORE",
        "SECOND_FACTOR_NOT_SET",
        "SECOND_FACTOR_INVALID",
        "PANEL_NOT_READY",
    }
