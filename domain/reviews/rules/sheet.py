"""Score sheets against a rubric: complete when submitted, partial while a draft."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum

from domain.reviews.rules.criteria import POINT_STEP, Rubric


class SheetCode(StrEnum):
    MISSING = "MISSING"  # a criterion without a score on a submitted sheet
    UNKNOWN = "UNKNOWN"  # a score for a criterion the rubric does not have
    ABOVE_MAX = "ABOVE_MAX"
    NEGATIVE = "NEGATIVE"
    PRECISION = "PRECISION"  # more than one decimal, or not a number at all


class SheetError(ValueError):
    """One problem of a score sheet, with the criterion it concerns and a stable code."""

    def __init__(self, criterion: str, code: SheetCode, message: str) -> None:
        super().__init__(f"{criterion}: {message}")
        self.criterion = criterion
        self.code = code


def problems(rubric: Rubric, scores: Mapping[str, Decimal], *, draft: bool = False) -> tuple[SheetError, ...]:
    """Every problem of the sheet, criteria in rubric order, then unknown keys; a draft may miss criteria."""
    found: list[SheetError] = []
    for criterion in rubric.criteria:
        if criterion.key not in scores:
            if not draft:
                found.append(SheetError(criterion.key, SheetCode.MISSING, f"no score for {criterion.name}"))
            continue
        score, top = scores[criterion.key], criterion.max_points
        if not score.is_finite():
            found.append(SheetError(criterion.key, SheetCode.PRECISION, f"{score} is not a number of points"))
        elif score < 0:
            found.append(SheetError(criterion.key, SheetCode.NEGATIVE, f"{score} is below 0"))
        elif score > top:
            found.append(SheetError(criterion.key, SheetCode.ABOVE_MAX, f"{score} is above the maximum of {top}"))
        elif score != score.quantize(POINT_STEP):
            found.append(SheetError(criterion.key, SheetCode.PRECISION, f"{score} has more than one decimal"))
    known = {criterion.key for criterion in rubric.criteria}
    for key in sorted(set(scores) - known):
        found.append(SheetError(key, SheetCode.UNKNOWN, f"rubric {rubric.key} v{rubric.version} has no such criterion"))
    return tuple(found)


def check_draft(rubric: Rubric, scores: Mapping[str, Decimal]) -> Decimal:
    """The running total of a draft, whose scores must be valid but may miss criteria; else the first SheetError."""
    _raise_first(problems(rubric, scores, draft=True))
    return _sum(scores.values())


def running_total(rubric: Rubric, scores: Mapping[str, Decimal]) -> Decimal:
    """The sum of the valid scores typed so far, ignoring the rest: a live figure that never fails."""
    wrong = {problem.criterion for problem in problems(rubric, scores, draft=True)}
    return _sum(score for key, score in scores.items() if key not in wrong)


def total(rubric: Rubric, scores: Mapping[str, Decimal]) -> Decimal:
    """The total of a complete, valid sheet, with one decimal; raises the first SheetError otherwise."""
    _raise_first(problems(rubric, scores))
    return _sum(scores.values())


def _raise_first(found: tuple[SheetError, ...]) -> None:
    if found:
        raise found[0]


def _sum(scores: Iterable[Decimal]) -> Decimal:
    return sum(scores, Decimal(0)).quantize(POINT_STEP)
