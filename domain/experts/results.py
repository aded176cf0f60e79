"""What the expert library's actions report back."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actions.results import stored


@stored
@dataclass(frozen=True, slots=True)
class ExpertChanged:
    expert_id: int
