"""Rules across stages: lifecycle order, unique step keys, parallel groups, merges, gate placement."""

from __future__ import annotations

from collections.abc import Sequence

from domain.projects.kinds import Stage
from domain.workflow.templates.model import GATE_EARLIEST, GatePoint, position
from domain.workflow.templates.nodes import Reader, line_of
from domain.workflow.templates.parse import ParsedStage

_POINT_ORDER = {GatePoint.ENTRY: 0, GatePoint.EXIT: 1}


def check_stages(reader: Reader, stages: Sequence[ParsedStage]) -> None:
    """Fail on the first rule that the stages, taken together, break."""
    _check_order(reader, stages)
    _check_step_keys(reader, stages)
    _check_never_empty(reader, stages)
    _check_merges(reader, stages)
    _check_groups(reader, stages)
    _check_gate_points(reader, stages)


def _check_order(reader: Reader, stages: Sequence[ParsedStage]) -> None:
    lines: dict[Stage, int] = {}
    previous: ParsedStage | None = None
    for parsed in stages:
        stage, node = parsed.definition.stage, parsed.fields["stage"]
        if stage in lines:
            reader.fail(node, f"stage {stage.value} appears twice (first on line {lines[stage]})")
        if previous is not None and position(stage) < position(previous.definition.stage):
            earlier = previous.definition.stage.value
            reader.fail(node, f"stage {stage.value} is out of lifecycle order: it belongs before {earlier}")
        lines[stage] = line_of(node)
        previous = parsed


def _check_step_keys(reader: Reader, stages: Sequence[ParsedStage]) -> None:
    lines: dict[str, int] = {}
    for parsed in stages:
        for step, fields in zip(parsed.definition.steps, parsed.step_fields, strict=True):
            if step.key in lines:
                reader.fail(fields["key"], f"duplicate step key {step.key!r} (first on line {lines[step.key]})")
            lines[step.key] = line_of(fields["key"])


def _check_never_empty(reader: Reader, stages: Sequence[ParsedStage]) -> None:
    for parsed in stages:
        if all(step.when is not None for step in parsed.definition.steps):
            stage = parsed.definition.stage.value
            reader.fail(parsed.fields["steps"], f"stage {stage} needs a step without `when`, or it may plan empty")


def _check_merges(reader: Reader, stages: Sequence[ParsedStage]) -> None:
    index = {parsed.definition.stage: i for i, parsed in enumerate(stages)}
    for i, parsed in enumerate(stages):
        stage, host = parsed.definition.stage, parsed.definition.merged_into
        if host is None:
            continue
        node = parsed.fields["merged_into"]
        if host is stage:
            reader.fail(node, f"stage {stage.value} cannot be merged into itself")
        if host not in index:
            reader.fail(node, f"stage {stage.value} is merged into {host.value}, which is not in the template")
        if stages[index[host]].definition.merged_into is not None:
            reader.fail(node, f"stage {stage.value} is merged into {host.value}, which is itself merged")
        low, high = sorted((i, index[host]))
        between = [p.definition.stage.value for p in stages[low + 1 : high] if p.definition.merged_into is None]
        if between:
            reader.fail(node, f"stage {stage.value} must merge into a neighbour; {', '.join(between)} lies between")
        if "parallel_group" in parsed.fields:
            reader.fail(parsed.fields["parallel_group"], f"merged stage {stage.value} cannot join a parallel group")
        for key in ("entry_gates", "exit_gates"):
            if key in parsed.fields:
                reader.fail(parsed.fields[key], f"merged stage {stage.value} has no gates: put them on {host.value}")


def _check_groups(reader: Reader, stages: Sequence[ParsedStage]) -> None:
    members: dict[str, list[int]] = {}
    for i, parsed in enumerate(stages):
        group = parsed.definition.parallel_group
        if group is None:
            continue
        if group in members and members[group][-1] != i - 1:
            between = stages[i - 1].definition.stage.value
            reader.fail(
                parsed.fields["parallel_group"],
                f"parallel group {group!r} is split: its stages must be adjacent, but {between} comes between",
            )
        members.setdefault(group, []).append(i)
    for group, indices in members.items():
        if len(indices) == 1:
            only = stages[indices[0]]
            reader.fail(only.fields["parallel_group"], f"parallel group {group!r} has only one stage")


def _check_gate_points(reader: Reader, stages: Sequence[ParsedStage]) -> None:
    for parsed in stages:
        definition = parsed.definition
        for point, key, gates in (
            (GatePoint.ENTRY, "entry_gates", definition.entry_gates),
            (GatePoint.EXIT, "exit_gates", definition.exit_gates),
        ):
            for i, gate in enumerate(gates):
                earliest_stage, earliest_point = GATE_EARLIEST[gate.kind]
                here = (position(definition.stage), _POINT_ORDER[point])
                if here < (position(earliest_stage), _POINT_ORDER[earliest_point]):
                    reader.fail(
                        parsed.fields[key].value[i],
                        f"gate {gate.kind.value} cannot be checked at {point.value.lower()} of "
                        f"{definition.stage.value}: it holds at the earliest on "
                        f"{earliest_point.value.lower()} of {earliest_stage.value}",
                    )
