"""Reading one rubric from YAML with the process templates' line reader: errors name `source:line:`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from yaml.nodes import Node

from domain.projects.kinds import Stage
from domain.reviews.rules.criteria import POINT_STEP, REVIEW_GATES, TOTAL_POINTS, Criterion, Rubric
from domain.workflow.templates.loader import FILE_NAME, MAX_VERSION
from domain.workflow.templates.nodes import Reader, TemplateError, line_of, suggestion
from domain.workflow.templates.parse import snake_case

MAX_KEY_LENGTH = 32  # the panel records the rubric key in a 32-character column
TOP_KEYS = ("key", "version", "name", "name_en", "stage", "criteria")
CRITERION_KEYS = ("key", "name", "name_en", "max_points", "guidance")


class RubricError(TemplateError):
    """A rubric that cannot be loaded; the message starts with "{source}:{line}: "."""


def load_rubric(text: str, *, source: str) -> Rubric:
    """Parse and validate one rubric; a RubricError names `source` and the offending line."""
    return parse_rubric(text, source, expected=None)[0]


def load_rubric_file(path: Path, *, source: str | None = None) -> Rubric:
    """Load a rubric file whose name, `<key>.v<version>.yaml`, must match its content."""
    return parse_rubric_file(path, source or str(path))[0]


def parse_rubric_file(path: Path, source: str) -> tuple[Rubric, int]:
    """The rubric of a `<key>.v<version>.yaml` file and the line of its stage."""
    match = FILE_NAME.match(path.name)
    if match is None:
        raise RubricError(source, 1, f"file name {path.name!r} must read <key>.v<version>.yaml")
    return parse_rubric(path.read_text(encoding="utf-8"), source, expected=(match["key"], int(match["version"])))


def parse_rubric(text: str, source: str, *, expected: tuple[str, int] | None) -> tuple[Rubric, int]:
    """The rubric and the line of its stage, so that checks across files can point at it."""
    with _as_rubric_error():
        reader = Reader(source)
        fields = reader.mapping(reader.compose(text), "rubric", required=TOP_KEYS)
        key = snake_case(reader, fields["key"], "rubric key")
        if len(key) > MAX_KEY_LENGTH:
            reader.fail(fields["key"], f"rubric key {key!r} is longer than {MAX_KEY_LENGTH} characters")
        version = reader.integer(fields["version"], "version", low=1, high=MAX_VERSION)
        if expected is not None and key != expected[0]:
            reader.fail(fields["key"], f"key {key!r} does not match the file name, which says {expected[0]!r}")
        if expected is not None and version != expected[1]:
            reader.fail(fields["version"], f"version {version} does not match the file name, which says {expected[1]}")
        rubric = Rubric(
            key=key,
            version=version,
            name=reader.text(fields["name"], "name"),
            name_en=reader.text(fields["name_en"], "name_en"),
            stage=_gate(reader, fields["stage"]),
            criteria=_criteria(reader, fields["criteria"]),
        )
        return rubric, line_of(fields["stage"])


@contextmanager
def _as_rubric_error() -> Iterator[None]:
    try:
        yield
    except RubricError:
        raise
    except TemplateError as error:
        raise RubricError(error.source, error.line, error.problem) from None


def _gate(reader: Reader, node: Node) -> Stage:
    value = reader.scalar(node, "stage")
    names = [gate.value for gate in REVIEW_GATES]
    serves = f"a rubric serves one of {', '.join(names)}"
    if isinstance(value, str) and value in Stage.__members__ and value not in names:
        reader.fail(node, f"stage {value} has no expert review; {serves}")
    if not isinstance(value, str) or value not in names:
        shown = value if isinstance(value, str) else node.value
        hint = suggestion(value, names) if isinstance(value, str) else ""
        reader.fail(node, f"unknown stage {shown!r}{hint}; {serves}")
    return Stage(value)


def _criteria(reader: Reader, node: Node) -> tuple[Criterion, ...]:
    criteria: list[Criterion] = []
    lines: dict[str, int] = {}
    for item in reader.sequence(node, "criteria"):
        fields = reader.mapping(item, "criterion", required=CRITERION_KEYS)
        key = snake_case(reader, fields["key"], "criterion key")
        if key in lines:
            reader.fail(fields["key"], f"criterion key {key!r} repeated (first on line {lines[key]})")
        lines[key] = line_of(fields["key"])
        what = f"criterion {key!r}"
        name = reader.text(fields["name"], f"name of {what}")
        if any(criterion.name == name for criterion in criteria):
            reader.fail(fields["name"], f"criterion name {name!r} repeated")
        criteria.append(
            Criterion(
                key=key,
                name=name,
                name_en=reader.text(fields["name_en"], f"name_en of {what}"),
                max_points=_points(reader, fields["max_points"], f"max_points of {what}"),
                guidance=reader.text(fields["guidance"], f"guidance of {what}"),
            )
        )
    points = sum((criterion.max_points for criterion in criteria), Decimal(0))
    if points != TOTAL_POINTS:
        reader.fail(node, f"max_points of the criteria total {points}, they must total exactly {TOTAL_POINTS}")
    return tuple(criteria)


def _points(reader: Reader, node: Node, what: str) -> Decimal:
    value = reader.scalar(node, what)
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.fail(node, f"{what} must be a number of points, got {node.value!r}")
    points = Decimal(str(value))
    if not points.is_finite() or not 0 < points <= TOTAL_POINTS:
        reader.fail(node, f"{what} must be above 0 and at most {TOTAL_POINTS}, got {value}")
    if points != points.quantize(POINT_STEP):
        reader.fail(node, f"{what} may have at most one decimal, got {value}")
    return points
