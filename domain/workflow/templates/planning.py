"""Planning: which stages and steps a template gives one project, in waves that open together."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from domain.projects.kinds import Stage
from domain.workflow.templates.conditions import Condition, Field, ProjectFacts, truth, unknown_fields
from domain.workflow.templates.model import LIFECYCLE, Gate, GateKind, ProcessTemplate, StageDef, StepDef, position


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A step that applies; `stage` is where it is scored, which differs from its host when merged."""

    stage: Stage
    step: StepDef


@dataclass(frozen=True, slots=True)
class PlannedStage:
    """A stage that runs, with the stages merged into it and the gates that apply."""

    stage: Stage
    steps: tuple[PlannedStep, ...]
    merged: tuple[Stage, ...] = ()
    entry_gates: tuple[GateKind, ...] = ()
    exit_gates: tuple[GateKind, ...] = ()


@dataclass(frozen=True, slots=True)
class Wave:
    """Stages that open together; the next wave opens when all of them are done."""

    stages: tuple[PlannedStage, ...]
    parallel_group: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A project's path through one template version, for the facts known when planned."""

    template_key: str
    template_version: int
    waves: tuple[Wave, ...]
    skipped: tuple[Stage, ...]
    awaiting: frozenset[Field]

    @property
    def stages(self) -> tuple[PlannedStage, ...]:
        """The planned stages in lifecycle order."""
        return tuple(planned for wave in self.waves for planned in wave.stages)


def plan(template: ProcessTemplate, facts: ProjectFacts) -> Plan:
    """Plan a project; pure, so re-planning when an amount becomes known is just calling it again.

    A stage, step or gate is planned unless its condition is known to be false: a missing
    figure never waives a review or a rule. The fields still missing are listed in `awaiting`.
    """
    awaiting: set[Field] = set()

    def holds(condition: Condition | None) -> bool:
        awaiting.update(unknown_fields(condition, facts))
        return condition is None or truth(condition, facts) is not False

    def active(gates: tuple[Gate, ...]) -> tuple[GateKind, ...]:
        return tuple(gate.kind for gate in gates if holds(gate.when))

    planned: list[tuple[StageDef, PlannedStage]] = []
    for host in template.stages:
        if host.merged_into is not None or not holds(host.when):
            continue
        guests = [d for d in template.stages if d.merged_into is host.stage and holds(d.when)]
        parts = sorted([host, *guests], key=lambda definition: position(definition.stage))
        steps = tuple(PlannedStep(part.stage, step) for part in parts for step in part.steps if holds(step.when))
        merged = tuple(guest.stage for guest in guests)
        stage = PlannedStage(host.stage, steps, merged, active(host.entry_gates), active(host.exit_gates))
        planned.append((host, stage))
    run = {stage for _, planned_stage in planned for stage in (planned_stage.stage, *planned_stage.merged)}
    return Plan(
        template_key=template.key,
        template_version=template.version,
        waves=_waves(planned),
        skipped=tuple(stage for stage in LIFECYCLE if stage not in run),
        awaiting=frozenset(awaiting),
    )


def _waves(planned: list[tuple[StageDef, PlannedStage]]) -> tuple[Wave, ...]:
    waves: list[Wave] = []
    for definition, stage in planned:
        group = definition.parallel_group
        if waves and group is not None and waves[-1].parallel_group == group:
            waves[-1] = Wave((*waves[-1].stages, stage), group)
        else:
            waves.append(Wave((stage,), group))
    return tuple(waves)


def next_wave(plan: Plan, done: Set[Stage]) -> tuple[PlannedStage, ...]:
    """The stages open once `done` are done: the rest of the first unfinished wave; empty at the end.

    A merged stage is done with its host, so only host stages count in `done`.
    """
    for wave in plan.waves:
        open_stages = tuple(planned for planned in wave.stages if planned.stage not in done)
        if open_stages:
            return open_stages
    return ()
