"""Enumerations of the projects area."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """十个环节: the ten stages of a project, in order."""

    PRE_REVIEW = "PRE_REVIEW"
    PLAN_REVIEW = "PLAN_REVIEW"
    FINANCE_REVIEW = "FINANCE_REVIEW"
    PROJECT_APPROVAL = "PROJECT_APPROVAL"
    IMPL_REVIEW = "IMPL_REVIEW"
    PROCUREMENT = "PROCUREMENT"
    CONSTRUCTION = "CONSTRUCTION"
    ACCEPTANCE = "ACCEPTANCE"
    EVALUATION = "EVALUATION"
    OPERATIONS = "OPERATIONS"


class ProjectCategory(StrEnum):
    NEW = "NEW"
    UPGRADE = "UPGRADE"
    OM = "OM"


class ProjectType(StrEnum):
    SOFTWARE = "SOFTWARE"
    HARDWARE = "HARDWARE"
    MIXED = "MIXED"


class ProjectStatus(StrEnum):
    DRAFT = "DRAFT"  # declared, not yet submitted (or withdrawn back to the applicant)
    ACTIVE = "ACTIVE"  # moving through its stages
    RETURNED = "RETURNED"  # back with the applicant for revision: clocks paused
    REJECTED = "REJECTED"  # refused at a gate: final
    COMPLETED = "COMPLETED"
