"""What expert review actions report back, beyond the new process state."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.actions.results import ProcessState, stored


@stored
@dataclass(frozen=True, slots=True)
class PanelRequested:
    state: ProcessState
    panel_id: int
    seed: str


@stored
@dataclass(frozen=True, slots=True)
class InvitationAnswered:
    state: ProcessState
    seat_id: int
    panel_status: str


@stored
@dataclass(frozen=True, slots=True)
class DraftSaved:
    """The sheet's new version (send it back as the expected version) and its running total."""

    state: ProcessState
    sheet_version: int
    running_total: Decimal


@stored
@dataclass(frozen=True, slots=True)
class SheetSubmitted:
    state: ProcessState
    sheet_id: int
    total: Decimal


@stored
@dataclass(frozen=True, slots=True)
class PanelClosed:
    state: ProcessState
    panel_id: int
    panel_score: Decimal | None
    opinion: str | None


@stored
@dataclass(frozen=True, slots=True)
class PriceAssessed:
    state: ProcessState
    assessment_id: int
    difference: Decimal


@stored
@dataclass(frozen=True, slots=True)
class PlanSubmitted:
    state: ProcessState
    plan_id: int
