"""What audit finding actions report back."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actions.results import ProcessState, stored


@stored
@dataclass(frozen=True, slots=True)
class FindingRecorded:
    state: ProcessState
    finding_id: int
