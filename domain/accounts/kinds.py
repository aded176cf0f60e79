"""Enumerations of the accounts area."""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    DATA_BUREAU = "DATA_BUREAU"
    FINANCE = "FINANCE"
    FINANCE_REVIEW_CENTER = "FINANCE_REVIEW_CENTER"
    DRC = "DRC"
    AUDIT = "AUDIT"
    BUILDER = "BUILDER"
    THIRD_PARTY = "THIRD_PARTY"
    SUPERVISOR = "SUPERVISOR"
    VENDOR = "VENDOR"


class CenterKind(StrEnum):
    """The eight centers (八个中心): a user's role-scoped personal spaces."""

    DATA = "DATA"
    FINANCE = "FINANCE"
    DRC = "DRC"
    AUDIT = "AUDIT"
    BUILDER = "BUILDER"
    EXPERT = "EXPERT"
    SUPERVISOR = "SUPERVISOR"
    VENDOR = "VENDOR"


# Centers that decide on money or approval: production requires a second factor for them.
APPROVING_CENTERS = frozenset({CenterKind.DATA, CenterKind.FINANCE, CenterKind.DRC})
