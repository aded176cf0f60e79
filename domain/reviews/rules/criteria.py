"""A rubric's content: the criteria an expert scores at one review gate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.projects.kinds import Stage

REVIEW_GATES = (Stage.PRE_REVIEW, Stage.PLAN_REVIEW, Stage.IMPL_REVIEW, Stage.ACCEPTANCE)
TOTAL_POINTS = Decimal(100)
POINT_STEP = Decimal("0.1")  # points and scores have at most one decimal


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    name: str
    name_en: str
    max_points: Decimal
    guidance: str


@dataclass(frozen=True, slots=True)
class Rubric:
    """The criteria an expert scores at one gate; their maximum points total 100."""

    key: str
    version: int
    name: str
    name_en: str
    stage: Stage
    criteria: tuple[Criterion, ...]

    def criterion(self, key: str) -> Criterion:
        """The criterion with that key; KeyError when the rubric has none."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(f"rubric {self.key} v{self.version} has no criterion {key!r}")
