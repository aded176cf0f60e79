"""What process actions report back, beyond the new process state."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actions.results import ProcessState, stored


@stored
@dataclass(frozen=True, slots=True)
class Urged:
    state: ProcessState
    urge_count: int


@stored
@dataclass(frozen=True, slots=True)
class Commented:
    state: ProcessState
    decision_id: int


@stored
@dataclass(frozen=True, slots=True)
class DelegationChanged:
    delegation_id: int
