"""What scoring actions report back, beyond the new process state."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actions.results import ProcessState, stored


@stored
@dataclass(frozen=True, slots=True)
class ScoreEntered:
    state: ProcessState
    entry_id: int


@stored
@dataclass(frozen=True, slots=True)
class SatisfactionRated:
    """`reopened_task_id`: the to-do given back to its holder when the rater asked for it to be redone."""

    state: ProcessState
    reopened_task_id: int | None
