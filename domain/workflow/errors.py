"""Typed errors of workflow actions. Each carries a stable code; some carry the current state."""

from __future__ import annotations

from typing import Any

from domain.errors import DomainError


class WorkflowError(DomainError):
    """Codes: NOT_FOUND, NOT_YOUR_TASK, TASK_CLOSED, VERSION_CONFLICT, WRONG_STAGE, NO_ELIGIBLE_ACTOR,
    GATE_FAILED (with `gate`), CONTRACT_ABOVE_BUDGET, PAYMENT_ABOVE_CONTRACT, SUPERVISOR_REQUIRED,
    DATA_RESOURCES_NOT_VERIFIED, CANNOT_WITHDRAW, ADD_SIGNER_NOT_ALLOWED, URGED_TOO_SOON,
    DELEGATION_INVALID, IDEMPOTENCY_KEY_REUSED, INVALID_INPUT."""

    code = "WORKFLOW_ERROR"


class VersionConflict(WorkflowError):
    """The actor saw an older state: the current one comes with the error."""

    code = "VERSION_CONFLICT"

    def __init__(self, *, current: dict[str, Any]) -> None:
        super().__init__("VERSION_CONFLICT", current=current)
        self.current = current
