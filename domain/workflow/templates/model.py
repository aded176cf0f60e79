"""Process templates as data: stages, steps, actors, gates. Frozen; built only by the loader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.projects.kinds import ProjectCategory, Stage
from domain.workflow.templates.conditions import Condition, ProjectFacts

LIFECYCLE: tuple[Stage, ...] = tuple(Stage)
MIN_LIMIT_DAYS = 1
MAX_LIMIT_DAYS = 60


def position(stage: Stage) -> int:
    """The stage's place in the ten-stage lifecycle, from 0."""
    return LIFECYCLE.index(stage)


class SignMode(StrEnum):
    """How the signers of one step decide."""

    SEQUENTIAL = "SEQUENTIAL"  # one after another, in order
    COUNTERSIGN = "COUNTERSIGN"  # 会签: all must agree, one rejection decides
    ORSIGN = "ORSIGN"  # 或签: the first decision decides


class StepAction(StrEnum):
    """What a step expects from its actors."""

    SUBMIT = "SUBMIT"
    REVIEW = "REVIEW"
    APPROVE = "APPROVE"
    SCORE = "SCORE"
    RECORD = "RECORD"


class GateKind(StrEnum):
    """The closed set of business rules a stage may require."""

    SUPERVISOR_ASSIGNED = "SUPERVISOR_ASSIGNED"
    CONTRACT_WITHIN_BUDGET = "CONTRACT_WITHIN_BUDGET"
    DATA_RESOURCES_VERIFIED = "DATA_RESOURCES_VERIFIED"


class GatePoint(StrEnum):
    ENTRY = "ENTRY"
    EXIT = "EXIT"


# The earliest point where a gate's facts can exist: the supervisor and the contract are
# procured in PROCUREMENT, the data resources are verified during ACCEPTANCE.
GATE_EARLIEST: Mapping[GateKind, tuple[Stage, GatePoint]] = {
    GateKind.SUPERVISOR_ASSIGNED: (Stage.PROCUREMENT, GatePoint.EXIT),
    GateKind.CONTRACT_WITHIN_BUDGET: (Stage.PROCUREMENT, GatePoint.EXIT),
    GateKind.DATA_RESOURCES_VERIFIED: (Stage.ACCEPTANCE, GatePoint.EXIT),
}

# Which organisations act in which center; experts come from any employer.
ORGANISATIONS_BY_CENTER: Mapping[CenterKind, frozenset[OrganisationKind]] = {
    CenterKind.DATA: frozenset({OrganisationKind.DATA_BUREAU}),
    CenterKind.FINANCE: frozenset({OrganisationKind.FINANCE, OrganisationKind.FINANCE_REVIEW_CENTER}),
    CenterKind.DRC: frozenset({OrganisationKind.DRC}),
    CenterKind.AUDIT: frozenset({OrganisationKind.AUDIT}),
    CenterKind.BUILDER: frozenset({OrganisationKind.BUILDER}),
    CenterKind.EXPERT: frozenset(OrganisationKind),
    CenterKind.SUPERVISOR: frozenset({OrganisationKind.SUPERVISOR}),
    CenterKind.VENDOR: frozenset({OrganisationKind.VENDOR}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts on a step: a center, narrowed by organisation kind and role, or the applicant."""

    center: CenterKind
    organisation_kind: OrganisationKind | None = None
    role: str | None = None
    applicant: bool = False


@dataclass(frozen=True, slots=True)
class Gate:
    """A business rule that must hold, when its condition does."""

    kind: GateKind
    when: Condition | None = None


class OnExpiry(StrEnum):
    """What happens when a step's time limit runs out."""

    SUPERVISE = "SUPERVISE"  # 督办: the data bureau supervises the overdue to-do (the default)
    ESCALATE = "ESCALATE"  # the holder's leader (role 分管领导, same center and organisation) may decide too
    AUTO_APPROVE = "AUTO_APPROVE"  # 超时自动通过: the step hands on by itself, recorded as automatic


MAX_REMINDERS = 5
LEADER_ROLE = "分管领导"


@dataclass(frozen=True, slots=True)
class Timeout:
    """Timeout rule of a step: remind the holder on each of the last `reminders` working days, then act."""

    reminders: int = 0
    on_expiry: OnExpiry = OnExpiry.SUPERVISE


@dataclass(frozen=True, slots=True)
class StepDef:
    """One task of a stage; the sign mode applies across the people its actors resolve to."""

    key: str
    name: str
    name_en: str
    actors: tuple[Actor, ...]
    sign_mode: SignMode
    limit_days: int
    action: StepAction
    when: Condition | None = None
    timeout: Timeout | None = None
    # 批量办理: the holder may approve several of these to-dos at once (simple steps only); None: not allowed.
    batch: bool | None = None


@dataclass(frozen=True, slots=True)
class StageDef:
    """A stage of the template; a merged stage keeps its score but runs inside its host.

    Entry gates must hold to open the stage; exit gates must hold for its last step to
    complete, so the stage closes only when they hold.
    """

    stage: Stage
    steps: tuple[StepDef, ...]
    parallel_group: str | None = None
    when: Condition | None = None
    merged_into: Stage | None = None
    entry_gates: tuple[Gate, ...] = ()
    exit_gates: tuple[Gate, ...] = ()


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """Which new projects a template is meant for."""

    categories: tuple[ProjectCategory, ...]
    requested_amount_below: Decimal | None = None

    def matches(self, facts: ProjectFacts) -> bool:
        """Whether the project fits; an unknown amount never fits a bounded template."""
        if facts.category not in self.categories:
            return False
        if self.requested_amount_below is None:
            return True
        return facts.requested_amount is not None and facts.requested_amount < self.requested_amount_below


@dataclass(frozen=True, slots=True)
class ProcessTemplate:
    """One version of a process; `checksum` is the sha256 of its canonical content."""

    key: str
    version: int
    name: str
    name_en: str
    applies_to: AppliesTo
    stages: tuple[StageDef, ...]
    checksum: str = ""

    def stage(self, stage: Stage) -> StageDef | None:
        """The definition of one stage, or None when the template leaves it out."""
        return next((definition for definition in self.stages if definition.stage is stage), None)
