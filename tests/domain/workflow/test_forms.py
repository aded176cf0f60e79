"""Which form a step's to-do asks for, and step names in the caller's language."""

from __future__ import annotations

from domain.workflow.forms import StepForm, batch_allowed, form_for, opinion_required, step_name


def step(key: str, stage: str = "PRE_REVIEW") -> dict[str, str]:
    return {"step_key": key, "stage": stage}


def test_the_joint_control_price_step_asks_each_center_for_its_part() -> None:
    assert form_for(step("control_price", "FINANCE_REVIEW"), "DATA") is StepForm.CONTROL_PRICE_SOFTWARE
    assert form_for(step("control_price", "FINANCE_REVIEW"), "FINANCE") is StepForm.CONTROL_PRICE_HARDWARE


def test_a_contract_is_recorded_in_procurement_and_an_om_contract_later_is_a_report() -> None:
    assert form_for(step("record_om_contract", "PROCUREMENT"), "BUILDER") is StepForm.CONTRACT
    assert form_for(step("record_om_contract", "OPERATIONS"), "BUILDER") is StepForm.REPORT


def test_a_plain_decision_and_a_to_do_without_a_step_ask_for_no_form() -> None:
    assert form_for(step("intake"), "DATA") is None
    assert form_for(None, "DATA") is None


def test_step_names_follow_the_language_and_unknown_keys_stay_keys() -> None:
    assert step_name("intake", "zh-CN") != step_name("intake", "en")
    assert step_name("intake", "en").isascii()
    assert step_name("no_such_step", "en") == "no_such_step"


def test_batches_are_allowed_where_the_template_version_says_so() -> None:
    # standard.v3 lets the intake and the budget issuance go in batches; v2, released before, does not
    assert batch_allowed("standard", 3, "intake") and batch_allowed("standard", 3, "budget_issuance")
    assert not batch_allowed("standard", 3, "project_approval")
    assert not batch_allowed("standard", 2, "intake")
    assert not batch_allowed(None, None, "intake")


def test_conclusions_and_records_need_an_opinion_and_a_receipt_does_not() -> None:
    assert opinion_required({"step_key": "pre_review_decision", "action": "REVIEW"})
    assert opinion_required({"step_key": "budget_issuance", "action": "RECORD"})
    assert not opinion_required({"step_key": "intake", "action": "REVIEW"})
    assert not opinion_required(None)
