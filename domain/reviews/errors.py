"""Typed errors of expert review actions."""

from __future__ import annotations

from domain.workflow.errors import WorkflowError


class ReviewError(WorkflowError):
    """Codes: NOT_FOUND, FORBIDDEN, WRONG_STAGE, PANEL_EXISTS, EXPERT_SHORTAGE (quota, specialty, needed,
    available), INVITATION_CLOSED, INVITATION_EXPIRED, SHEET_FINAL, INVALID_SCORE (criterion, reason),
    SECOND_FACTOR_NOT_SET, SECOND_FACTOR_INVALID, PANEL_NOT_READY, VERSION_CONFLICT, INVALID_INPUT."""

    code = "REVIEW_ERROR"
