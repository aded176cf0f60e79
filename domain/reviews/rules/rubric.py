"""Rubrics: the shipped `rubrics/*.yaml` files by gate and version, and score sheets checked against them."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from domain.projects.kinds import Stage
from domain.reviews.rules.criteria import REVIEW_GATES, TOTAL_POINTS, Criterion, Rubric
from domain.reviews.rules.rubric_yaml import RubricError, load_rubric, load_rubric_file, parse_rubric_file
from domain.reviews.rules.sheet import SheetCode, SheetError, check_draft, problems, running_total, total

__all__ = [
    "FILES",
    "REVIEW_GATES",
    "TOTAL_POINTS",
    "Criterion",
    "Rubric",
    "RubricError",
    "SheetCode",
    "SheetError",
    "check_draft",
    "find_rubric",
    "load_rubric",
    "load_rubric_file",
    "load_rubrics",
    "problems",
    "rubric_for",
    "running_total",
    "total",
]

FILES = Path(__file__).resolve().parents[1] / "rubrics"
_REPO = Path(__file__).resolve().parents[3]


@cache
def load_rubrics() -> Mapping[tuple[str, int], Rubric]:
    """Every shipped rubric by (key, version); one key per gate and one gate per key, or a RubricError."""
    rubrics: dict[tuple[str, int], Rubric] = {}
    keys: dict[Stage, str] = {}
    stages: dict[str, Stage] = {}
    for path in sorted(FILES.glob("*.yaml")):
        source = _shown(path)
        rubric, stage_line = parse_rubric_file(path, source)
        known_key, known_stage = keys.setdefault(rubric.stage, rubric.key), stages.setdefault(rubric.key, rubric.stage)
        if known_key != rubric.key:
            problem = f"stage {rubric.stage.value} already has the rubric {known_key!r}: issue a new version of it"
            raise RubricError(source, stage_line, problem)
        if known_stage is not rubric.stage:
            raise RubricError(source, stage_line, f"rubric {rubric.key!r} serves {known_stage.value} in other versions")
        rubrics[(rubric.key, rubric.version)] = rubric
    return MappingProxyType(rubrics)


def rubric_for(stage: Stage) -> Rubric:
    """The latest rubric of a review gate; LookupError for a stage without one."""
    versions = [rubric for rubric in load_rubrics().values() if rubric.stage is stage]
    if not versions:
        raise LookupError(f"no rubric serves {stage.value}")
    return max(versions, key=lambda rubric: rubric.version)


def find_rubric(key: str, version: int) -> Rubric:
    """One version of a rubric, as a panel recorded it; KeyError when it is not shipped."""
    try:
        return load_rubrics()[(key, version)]
    except KeyError:
        raise KeyError(f"no rubric {key!r} version {version}") from None


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(_REPO)) if resolved.is_relative_to(_REPO) else str(path)
