"""Refusals of project actions: declaring, amounts, contracts, payments, supervision, materials."""

from __future__ import annotations

from typing import ClassVar

from domain.actions.errors import SHARED_CODES, ActionRefused


class ProjectError(ActionRefused):
    """CONTRACT_ABOVE_BUDGET carries `budget`; PAYMENT_ABOVE_CONTRACT `contract` and `paid`."""

    CODES: ClassVar[frozenset[str]] = SHARED_CODES | {
        "CONTRACT_ABOVE_BUDGET",
        "PAYMENT_ABOVE_CONTRACT",
        "FILE_TOO_LARGE",
        "UNSUPPORTED_FILE_TYPE",
        "UPLOAD_INCOMPLETE",
        "UPLOAD_EXPIRED",
        "CHECKSUM_MISMATCH",
    }
