"""Submissions as they stood, and what changed between the last two: amounts, scope and materials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain import clock
from domain.projects.models import Material, Project, Submission
from domain.reviews.models import PlanVersion

FACTS = (
    "name",
    "requested_amount",
    "control_price_software",
    "control_price_hardware",
    "approved_budget",
    "contract_amount",
)
FIELD_NAMES = {
    "name": "name",
    "requested_amount": "requestedAmount",
    "control_price_software": "controlPriceSoftware",
    "control_price_hardware": "controlPriceHardware",
    "approved_budget": "approvedBudget",
    "contract_amount": "contractAmount",
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class Changes:
    previous_at: datetime
    last_at: datetime
    fields: list[FieldChange]
    materials_added: list[int]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


async def record_submission(project: Project, step_run_id: int) -> None:
    """Keep the project as submitted (called in the submitting action's transaction)."""
    facts: dict[str, Any] = {name: _text(getattr(project, name)) for name in FACTS}
    for kind in ("APPROVED", "IMPLEMENTATION"):
        plan = await PlanVersion.filter(project_id=project.id, kind=kind).order_by("-id").first()
        if plan is not None:
            facts[f"plan:{kind}"] = {str(name): str(amount) for name, amount in plan.items}
    materials = await Material.filter(project_id=project.id).order_by("id").values_list("id", flat=True)
    await Submission.create(
        project_id=project.id,
        step_run_id=step_run_id,
        submitted_at=clock.now(),
        facts=facts,
        material_ids=list(materials),
    )


def _plan_changes(kind: str, before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    label = "plan" if kind == "APPROVED" else "implementationPlan"
    return [
        FieldChange(f"{label}.{name}", before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]


def compare(previous: dict[str, Any], last: dict[str, Any]) -> list[FieldChange]:
    """Field by field: facts first, then scope items of each plan (added, dropped or re-priced)."""
    changes = [
        FieldChange(FIELD_NAMES[n], previous.get(n), last.get(n)) for n in FACTS if previous.get(n) != last.get(n)
    ]
    for kind in ("APPROVED", "IMPLEMENTATION"):
        changes += _plan_changes(kind, previous.get(f"plan:{kind}", {}), last.get(f"plan:{kind}", {}))
    return changes


async def changes_since_last_submission(project_id: int) -> Changes | None:
    """The difference between the two latest submissions of the project; None before a second one."""
    rows = await Submission.filter(project_id=project_id).order_by("-id").limit(2)
    if len(rows) < 2:
        return None
    last, previous = rows
    added = [m for m in last.material_ids if m not in set(previous.material_ids)]
    return Changes(
        previous_at=previous.submitted_at,
        last_at=last.submitted_at,
        fields=compare(previous.facts, last.facts),
        materials_added=added,
    )
