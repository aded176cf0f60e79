"""Refusals of process actions (decide, return, resubmit, withdraw, take back, transfer, add a signer,
urge, comment, delegate)."""

from __future__ import annotations

from typing import ClassVar

from domain.actions.errors import SHARED_CODES, ActionRefused


class WorkflowError(ActionRefused):
    """GATE codes carry the unmet condition; WRONG_STAGE carries `stage` and `expected`."""

    CODES: ClassVar[frozenset[str]] = SHARED_CODES | {
        "NO_ELIGIBLE_ACTOR",
        "CANNOT_WITHDRAW",
        "CANNOT_TAKE_BACK",
        "ADD_SIGNER_NOT_ALLOWED",
        "URGED_TOO_SOON",
        "DELEGATION_INVALID",
        # a step's gate refuses to finish until the project's facts are in place
        "SUPERVISOR_REQUIRED",
        "CONTRACT_MISSING",
        "CONTRACT_ABOVE_BUDGET",
        "DATA_RESOURCES_NOT_VERIFIED",
    }
