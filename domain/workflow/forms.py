"""What a step's holder records with the step (the form a client shows), and the step's name.

Some steps are more than a decision: the price assessment carries the assessed amount, the contract step
the vendor and amount, the payment steps the payment. The server says which form a to-do needs, so the
clients keep no list of step keys of their own.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any

from domain.accounts.kinds import CenterKind
from domain.projects.kinds import Stage
from domain.workflow.templates import load_shipped


class StepForm(StrEnum):
    PRICE_ASSESSMENT = "PRICE_ASSESSMENT"  # the institution and the assessed amount (recordPriceAssessment)
    APPROVED_PLAN = "APPROVED_PLAN"  # the plan's scope items (submitPlan kind APPROVED)
    IMPLEMENTATION_PLAN = "IMPLEMENTATION_PLAN"  # the implementation plan's items (submitPlan IMPLEMENTATION)
    CONTROL_PRICE_SOFTWARE = "CONTROL_PRICE_SOFTWARE"  # the data bureau's software control price
    CONTROL_PRICE_HARDWARE = "CONTROL_PRICE_HARDWARE"  # the finance review centre's hardware control price
    APPROVED_BUDGET = "APPROVED_BUDGET"  # finance's approved budget (setApprovedBudget)
    CONTRACT = "CONTRACT"  # vendor, amount within the budget, optional supervisor (recordContract)
    SUPERVISOR = "SUPERVISOR"  # the supervision company (assignSupervisor)
    PAYMENT = "PAYMENT"  # a payment and its milestone (recordPayment)
    RESOURCE_VERIFICATION = "RESOURCE_VERIFICATION"  # the project's declared data resources (verifyDataResource)
    REPORT = "REPORT"  # a report with its materials: milestone report, supervision log, O&M ledger


_BY_STEP: dict[str, StepForm] = {
    "price_assessment": StepForm.PRICE_ASSESSMENT,
    "submit_plan": StepForm.APPROVED_PLAN,
    "submit_impl_plan": StepForm.IMPLEMENTATION_PLAN,
    "control_price_software": StepForm.CONTROL_PRICE_SOFTWARE,
    "control_price_hardware": StepForm.CONTROL_PRICE_HARDWARE,
    "budget_review": StepForm.APPROVED_BUDGET,
    "om_budget_review": StepForm.APPROVED_BUDGET,
    "record_supervision_contract": StepForm.SUPERVISOR,
    "milestone_payment": StepForm.PAYMENT,
    "final_payment": StepForm.PAYMENT,
    "acceptance_review": StepForm.RESOURCE_VERIFICATION,
    "milestone_report": StepForm.REPORT,
    "supervision_log": StepForm.REPORT,
    "om_ledger": StepForm.REPORT,
}


def form_for(step: dict[str, Any] | None, center: str) -> StepForm | None:
    """The form a to-do of this step needs, for a holder in `center`; None for a plain decision."""
    if step is None:
        return None
    key = step["step_key"]
    if key == "control_price":
        # 控制价会审: the data bureau prices the software part, the finance review centre the hardware part.
        return StepForm.CONTROL_PRICE_SOFTWARE if center == CenterKind.DATA else StepForm.CONTROL_PRICE_HARDWARE
    if key in ("record_contract", "record_om_contract"):
        # The contract is recorded during procurement; the standard process's O&M contract later is a record.
        return StepForm.CONTRACT if Stage(step["stage"]) is Stage.PROCUREMENT else StepForm.REPORT
    return _BY_STEP.get(key)


@cache
def _step_names() -> dict[str, tuple[str, str]]:
    """Every shipped step's names (Chinese, English) by key; a key names the same step in every template."""
    names: dict[str, tuple[str, str]] = {}
    for template in load_shipped().values():
        for stage in template.stages:
            for step in stage.steps:
                names.setdefault(step.key, (step.name, step.name_en))
    return names


def step_name(key: str, locale: str) -> str:
    """A step's name in the caller's language (Chinese unless English is asked); the key if unknown."""
    chinese, english = _step_names().get(key, (key, key))
    return english if locale == "en" else chinese


def batch_allowed(template_key: str | None, template_version: int | None, step_key: str) -> bool:
    """Whether the project's template version lets this step's to-dos be approved several at once (批量办理)."""
    template = load_shipped().get((template_key or "", template_version or 0))
    if template is None:
        return False
    return any(step.key == step_key and step.batch for stage in template.stages for step in stage.steps)


# Conclusions that must give their reasons: the pre-review decision, the plan review's conclusion, the
# acceptance review and the evaluations. A record says what was recorded. Refusals and returns always
# carry an opinion (the clients ask for it on those actions whatever the step).
CONCLUSIONS = frozenset(
    {"pre_review_decision", "plan_review_conclusion", "acceptance_review", "performance_evaluation", "om_evaluation"}
)


def opinion_required(step: dict[str, Any] | None) -> bool:
    """Whether approving (or recording) this step needs a written opinion."""
    if step is None:
        return False
    return step["action"] == "RECORD" or step["step_key"] in CONCLUSIONS
