"""Process templates: versioned YAML files describing stages, steps and rules; validated when loaded."""

from domain.workflow.templates.canonical import canonical_json, checksum
from domain.workflow.templates.conditions import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Field,
    Not,
    Op,
    ProjectFacts,
    evaluate,
    truth,
    unknown_fields,
)
from domain.workflow.templates.loader import load_file, load_template
from domain.workflow.templates.model import (
    Actor,
    AppliesTo,
    Gate,
    GateKind,
    GatePoint,
    ProcessTemplate,
    SignMode,
    StageDef,
    StepAction,
    StepDef,
)
from domain.workflow.templates.nodes import TemplateError
from domain.workflow.templates.planning import Plan, PlannedStage, PlannedStep, Wave, next_wave, plan
from domain.workflow.templates.shipped import latest, load_shipped, select

__all__ = [
    "Actor",
    "AllOf",
    "AnyOf",
    "AppliesTo",
    "Compare",
    "Condition",
    "Field",
    "Gate",
    "GateKind",
    "GatePoint",
    "Not",
    "Op",
    "Plan",
    "PlannedStage",
    "PlannedStep",
    "ProcessTemplate",
    "ProjectFacts",
    "SignMode",
    "StageDef",
    "StepAction",
    "StepDef",
    "TemplateError",
    "Wave",
    "canonical_json",
    "checksum",
    "evaluate",
    "latest",
    "load_file",
    "load_shipped",
    "load_template",
    "next_wave",
    "plan",
    "select",
    "truth",
    "unknown_fields",
]
