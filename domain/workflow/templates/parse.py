"""One template element at a time, from YAML nodes to the model, each with its own checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node

from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.projects.kinds import ProjectCategory, ProjectType, Stage
from domain.workflow.templates.conditions import (
    AMOUNT_FIELDS,
    AMOUNT_OPS,
    KIND_OPS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Field,
    Kind,
    Not,
    Op,
)
from domain.workflow.templates.model import (
    MAX_LIMIT_DAYS,
    MAX_REMINDERS,
    MIN_LIMIT_DAYS,
    ORGANISATIONS_BY_CENTER,
    Actor,
    Gate,
    GateKind,
    OnExpiry,
    SignMode,
    StageDef,
    StepAction,
    StepDef,
    Timeout,
)
from domain.workflow.templates.nodes import Reader

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
COMBINATORS = ("all", "any", "not")
STAGE_KEYS = ("parallel_group", "when", "merged_into", "entry_gates", "exit_gates")
STEP_KEYS = ("key", "name", "name_en", "action", "actors", "sign_mode", "limit_days")


def snake_case(reader: Reader, node: Node, what: str) -> str:
    """A key-like word: lower case letters and digits, single underscores."""
    value = reader.text(node, what)
    if not SNAKE_CASE.match(value):
        reader.fail(node, f"{what} {value!r} must be snake_case (a-z, 0-9, single underscores)")
    return value


def condition(reader: Reader, node: Node, what: str) -> Condition:
    """`{field, op, value}`, or exactly one of `all: [...]`, `any: [...]`, `not: {...}`."""
    keys = [key.value for key, _ in node.value] if isinstance(node, MappingNode) else []
    if not any(key in COMBINATORS for key in keys):
        return _comparison(reader, node, what)
    fields = reader.mapping(node, what, optional=COMBINATORS)
    if len(fields) != 1:
        reader.fail(node, f"{what} must use exactly one of all, any, not")
    ((name, child),) = fields.items()
    if name == "not":
        return Not(condition(reader, child, what))
    parts = tuple(condition(reader, item, what) for item in reader.sequence(child, f"{name!r} of {what}"))
    return AllOf(parts) if name == "all" else AnyOf(parts)


def _comparison(reader: Reader, node: Node, what: str) -> Compare:
    fields = reader.mapping(node, what, required=("field", "op", "value"))
    field = reader.choice(fields["field"], Field, "field")
    op = reader.choice(fields["op"], Op, "op")
    if field in AMOUNT_FIELDS:
        if op not in AMOUNT_OPS:
            reader.fail(fields["op"], f"op {op.value!r} does not apply to the amount {field.value}")
        return Compare(field, op, reader.amount(fields["value"], f"value of {field.value}"))
    kind: type[Kind] = ProjectCategory if field is Field.CATEGORY else ProjectType
    if op not in KIND_OPS:
        reader.fail(fields["op"], f"op {op.value!r} does not apply to {field.value}: use ==, !=, in or not_in")
    if op in (Op.IN, Op.NOT_IN):
        items = reader.sequence(fields["value"], f"value of {field.value} {op.value}")
        return Compare(field, op, tuple(reader.choice(item, kind, field.value) for item in items))
    return Compare(field, op, reader.choice(fields["value"], kind, field.value))


def actor(reader: Reader, node: Node, what: str) -> Actor:
    """An actor whose organisation kind acts in its center; only a builder is the applicant."""
    fields = reader.mapping(
        node, f"actor of {what}", required=("center",), optional=("organisation_kind", "role", "applicant")
    )
    center = reader.choice(fields["center"], CenterKind, "center")
    organisation_kind = None
    if "organisation_kind" in fields:
        organisation_kind = reader.choice(fields["organisation_kind"], OrganisationKind, "organisation kind")
        if organisation_kind not in ORGANISATIONS_BY_CENTER[center]:
            reader.fail(
                fields["organisation_kind"],
                f"a {organisation_kind.value} organisation does not act in the {center.value} center",
            )
    role = reader.text(fields["role"], "role") if "role" in fields else None
    applicant = reader.flag(fields["applicant"], "applicant") if "applicant" in fields else False
    if applicant and center is not CenterKind.BUILDER:
        reader.fail(fields["applicant"], f"only a BUILDER actor can be the applicant, not {center.value}")
    return Actor(center, organisation_kind, role, applicant)


def step(reader: Reader, node: Node, stage_what: str) -> tuple[StepDef, dict[str, Node]]:
    """A step, with its nodes so that template-wide checks can point at its lines."""
    fields = reader.mapping(node, f"step of {stage_what}", required=STEP_KEYS, optional=("when", "timeout", "batch"))
    key = snake_case(reader, fields["key"], "step key")
    what = f"step {key!r}"
    actors = tuple(actor(reader, item, what) for item in reader.sequence(fields["actors"], f"actors of {what}"))
    action = reader.choice(fields["action"], StepAction, "action")
    if action is StepAction.SCORE and any(a.center is not CenterKind.EXPERT for a in actors):
        reader.fail(fields["actors"], f"{what} is a SCORE step: only EXPERT actors score")
    if action is StepAction.SUBMIT and not all(a.applicant for a in actors):
        reader.fail(fields["actors"], f"{what} is a SUBMIT step: only the applicant submits")
    definition = StepDef(
        key=key,
        name=reader.text(fields["name"], f"name of {what}"),
        name_en=reader.text(fields["name_en"], f"name_en of {what}"),
        actors=actors,
        sign_mode=reader.choice(fields["sign_mode"], SignMode, "sign mode"),
        limit_days=reader.integer(
            fields["limit_days"], f"limit_days of {what}", low=MIN_LIMIT_DAYS, high=MAX_LIMIT_DAYS
        ),
        action=action,
        when=condition(reader, fields["when"], f"condition of {what}") if "when" in fields else None,
        timeout=timeout(reader, fields["timeout"], what) if "timeout" in fields else None,
        batch=reader.boolean(fields["batch"], f"batch of {what}") if "batch" in fields else None,
    )
    if definition.batch and action not in (StepAction.REVIEW, StepAction.APPROVE, StepAction.RECORD):
        reader.fail(
            fields["batch"], f"{what} is a {action.value} step: only simple approvals and records go in batches"
        )
    if definition.timeout and definition.timeout.on_expiry is OnExpiry.AUTO_APPROVE and action is StepAction.SUBMIT:
        reader.fail(fields["timeout"], f"{what} is a SUBMIT step: an applicant's submission never happens by itself")
    return definition, fields


def timeout(reader: Reader, node: Node, what: str) -> Timeout:
    """`{reminders: 0..5, on_expiry: SUPERVISE|ESCALATE|AUTO_APPROVE}`."""
    fields = reader.mapping(node, f"timeout of {what}", optional=("reminders", "on_expiry"))
    reminders = (
        reader.integer(fields["reminders"], f"reminders of {what}", low=0, high=MAX_REMINDERS)
        if "reminders" in fields
        else 0
    )
    on_expiry = reader.choice(fields["on_expiry"], OnExpiry, "on_expiry") if "on_expiry" in fields else None
    return Timeout(reminders=reminders, on_expiry=on_expiry or OnExpiry.SUPERVISE)


def gates(reader: Reader, node: Node, what: str) -> tuple[Gate, ...]:
    """Gates of one point of a stage, each named once."""
    found: list[Gate] = []
    for item in reader.sequence(node, what):
        fields = reader.mapping(item, f"gate in {what}", required=("gate",), optional=("when",))
        kind = reader.choice(fields["gate"], GateKind, "gate")
        if any(gate.kind is kind for gate in found):
            reader.fail(fields["gate"], f"gate {kind.value} repeated in {what}")
        when = condition(reader, fields["when"], f"condition of gate {kind.value}") if "when" in fields else None
        found.append(Gate(kind, when))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class ParsedStage:
    """A stage with the nodes it came from, so that template-wide checks can name their lines."""

    definition: StageDef
    fields: dict[str, Node]
    step_fields: tuple[dict[str, Node], ...]


def stage(reader: Reader, node: Node) -> ParsedStage:
    """A stage and its steps, checked one by one."""
    fields = reader.mapping(node, "stage", required=("stage", "steps"), optional=STAGE_KEYS)
    name = reader.choice(fields["stage"], Stage, "stage")
    what = f"stage {name.value}"
    parsed = [step(reader, item, what) for item in reader.sequence(fields["steps"], f"steps of {what}")]
    definition = StageDef(
        stage=name,
        steps=tuple(definition for definition, _ in parsed),
        parallel_group=(
            snake_case(reader, fields["parallel_group"], "parallel group") if "parallel_group" in fields else None
        ),
        when=condition(reader, fields["when"], f"condition of {what}") if "when" in fields else None,
        merged_into=reader.choice(fields["merged_into"], Stage, "stage") if "merged_into" in fields else None,
        entry_gates=gates(reader, fields["entry_gates"], f"entry_gates of {what}") if "entry_gates" in fields else (),
        exit_gates=gates(reader, fields["exit_gates"], f"exit_gates of {what}") if "exit_gates" in fields else (),
    )
    return ParsedStage(definition, fields, tuple(step_fields for _, step_fields in parsed))
