"""The journey, stages 3 to 5: 财政审核 and 立项审批 side by side, the control price, the data officers' review."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.journeys.journey import RETURN, SET_BUDGET, SUBMIT_PLAN, Journey, new_key
from tests.journeys.stages import PLAN_ITEMS, approval, declare, plan_review, pre_review, through

TAKE_BACK = """mutation($taskId: ID!, $key: String!) { takeBack(input: {taskId: $taskId, idempotencyKey: $key}) {
  __typename ... on ActionError { code field message } } }"""
HISTORY = """query($id: ID!) { projectHistory(projectId: $id) { action actorName stage } }"""


async def test_finance_review_and_project_approval_run_side_by_side(journey: Journey) -> None:
    # given the plan review concluded
    await declare(journey)
    await pre_review(journey)
    await plan_review(journey)
    # then finance review and project approval are both in hand (并联审批)
    project = await journey.project("builder")
    stages = {t["stage"]: t["status"] for t in project["timeline"]}
    assert (stages["FINANCE_REVIEW"], stages["PROJECT_APPROVAL"]) == ("ACTIVE", "ACTIVE")
    holders = await journey.holders("builder")
    assert set(holders) == {"control_price_software", "project_approval"}
    assert (holders["project_approval"]["center"], holders["project_approval"]["names"]) == ("DRC", ["张伟"])
    assert (holders["project_approval"]["day"], holders["project_approval"]["of"]) == (1, 7)
    assert await journey.holders_of("control_price_software", ("data", "data2", "finance")) == {"data", "data2"}


async def test_each_part_of_the_control_price_is_set_by_its_own_department_once(journey: Journey) -> None:
    # given the software project in finance review
    await declare(journey)
    await pre_review(journey)
    await plan_review(journey)
    # when finance prices the software part, or the data bureau the hardware part
    for user, part in (("finance", "SOFTWARE"), ("data", "HARDWARE"), ("builder", "SOFTWARE")):
        refused = await journey.control_price(user, part, "2250000")
        # then each is refused with a typed error
        assert (refused["__typename"], refused["code"]) == ("ProjectError", "FORBIDDEN"), (user, part, refused)
    # when the data bureau prices the software part, and its phone retries under the same key
    first = await journey.control_price("data", "SOFTWARE", "2250000", key="software-price")
    again = await journey.control_price("data", "SOFTWARE", "2250000", key="software-price")
    # then one change, answered twice the same
    assert first["__typename"] == "ActionDone" and again == first
    history = (await journey.call("data", HISTORY, id=journey.project_id))["projectHistory"]
    assert [h["action"] for h in history].count("SET_CONTROL_PRICE") == 1
    # and a price that is not an amount is refused, naming the field
    bad = await journey.control_price("data", "SOFTWARE", "-1")
    assert (bad["__typename"], bad["code"], bad["field"]) == ("ProjectError", "INVALID_INPUT", "amount")


async def test_a_budget_set_too_early_is_told_which_stage_the_project_is_in(journey: Journey) -> None:
    # given a project in pre-review
    await declare(journey)
    # when finance sets its budget
    early = await journey.act("finance", SET_BUDGET, projectId=journey.project_id, value="2300000")
    # then WRONG_STAGE naming the stage it is in and the one the action belongs to; no budget
    assert (early["__typename"], early["code"]) == ("ProjectError", "WRONG_STAGE"), early
    assert (early["currentStage"], early["expectedStages"]) == ("PRE_REVIEW", ["FINANCE_REVIEW"])
    assert (await journey.project())["approvedBudget"] is None


async def test_the_budget_is_issued_after_approval_and_review(journey: Journey) -> None:
    # given finance review and approval in hand
    await declare(journey)
    await pre_review(journey)
    await plan_review(journey)
    # when the DRC approves first, then finance sets the budget and decides
    await journey.approve("drc", "project_approval")
    assert (await journey.project())["stage"] == "FINANCE_REVIEW"
    budget = await journey.act("finance", SET_BUDGET, projectId=journey.project_id, value="2300000")
    assert budget["__typename"] == "ActionDone", budget
    priced = await journey.control_price("data", "SOFTWARE", "2250000")
    assert priced["__typename"] == "ActionDone", priced
    await journey.approve("data2", "control_price_software")
    await journey.approve("finance2", "budget_review")
    # then finance issues the budget, and the implementation plan is the builder's
    assert await journey.holders_of("budget_issuance", ("finance", "finance2", "drc")) == {"finance", "finance2"}
    await journey.approve("finance", "budget_issuance")
    project = await journey.project("builder")
    assert (project["stage"], Decimal(project["approvedBudget"])) == ("IMPL_REVIEW", Decimal(2300000))
    holders = await journey.holders("builder")
    assert list(holders) == ["submit_impl_plan"] and holders["submit_impl_plan"]["names"] == ["陈静"]


async def test_both_data_officers_must_sign_and_a_signature_may_be_taken_back(journey: Journey) -> None:
    # given the implementation plan's items recorded, then the plan submitted (SUBMIT after submitPlan works)
    await through(journey, approval)
    planned = await journey.act(
        "builder", SUBMIT_PLAN, projectId=journey.project_id, kind="IMPLEMENTATION", items=PLAN_ITEMS
    )
    assert planned["__typename"] == "ActionDone", planned
    submitted = await journey.decide("builder", "submit_impl_plan")
    assert submitted["__typename"] == "ActionDone", submitted
    # then both data officers hold the 会签
    assert await journey.holders_of("data_officer_review", ("data", "data2", "finance")) == {"data", "data2"}
    assert sorted((await journey.holders("builder"))["data_officer_review"]["names"]) == ["李明", "王建国"]
    # when 王建国 signs (and his phone retries)
    todo = await journey.todo("data", "data_officer_review")
    fields = {
        "idempotencyKey": "officer-once",
        "taskId": todo["id"],
        "verdict": "APPROVE",
        "expectedVersion": todo["stepVersion"],
    }
    decide = "mutation($input: DecideInput!) { decide(input: $input) { __typename } }"
    assert (await journey.call("data", decide, input=fields))["decide"]["__typename"] == "ActionDone"
    assert (await journey.call("data", decide, input=fields))["decide"]["__typename"] == "ActionDone"
    # then one signature is not enough: the project waits for 李明
    assert (await journey.project())["stage"] == "IMPL_REVIEW"
    assert await journey.holders_of("data_officer_review", ("data", "data2")) == {"data2"}
    # when 王建国 takes his signature back before 李明 acted (取回)
    taken = (await journey.call("data", TAKE_BACK, taskId=todo["id"], key=new_key()))["takeBack"]
    assert taken["__typename"] != "WorkflowError", taken
    # then he holds the review again
    assert await journey.holders_of("data_officer_review", ("data", "data2")) == {"data", "data2"}
    # when both sign
    await journey.approve("data", "data_officer_review")
    second = await journey.todo("data2", "data_officer_review")
    await journey.approve("data2", "data_officer_review")
    # then procurement opens
    assert (await journey.project())["stage"] == "PROCUREMENT"
    assert await journey.todos("data") == [] and await journey.todos("data2") == []
    # and once the builder acted on the next step, 李明 can no longer take his signature back
    await journey.approve("builder", "record_tender_result")
    late = (await journey.call("data2", TAKE_BACK, taskId=second["id"], key=new_key()))["takeBack"]
    assert late["__typename"] == "WorkflowError", late
    assert (await journey.project())["stage"] == "PROCUREMENT"


@pytest.mark.parametrize("hours", [0, 1], ids=["clock-fixed", "an-hour-between-acts"])
async def test_a_countersign_step_may_send_the_plan_back_and_both_sign_again(journey: Journey, hours: int) -> None:
    # given 王建国 signed the data officers' review of the submitted implementation plan
    # (with the clock pinned, as `python -m api clock set` leaves it, every act has the same instant)
    await through(journey, approval)
    await journey.approve("builder", "submit_impl_plan")
    await journey.approve("data", "data_officer_review")
    journey.later(hours=hours)
    # when 李明 returns it to the builder's submission step, from inside the countersign
    todo = await journey.todo("data2", "data_officer_review")
    returned = await journey.act(
        "data2",
        RETURN,
        taskId=todo["id"],
        comment="招标方案与批复方案不一致",
        expectedVersion=todo["stepVersion"],
        toStep="submit_impl_plan",
    )
    assert returned["__typename"] == "ActionDone", returned
    # then the builder holds the submission again and no officer holds the review
    assert await journey.holders_of("submit_impl_plan", ("builder",)) == {"builder"}
    assert await journey.holders_of("data_officer_review", ("data", "data2")) == set()
    # when it is submitted again, both must sign again: the earlier signature does not count
    journey.later(hours=hours)
    await journey.approve("builder", "submit_impl_plan")
    assert await journey.holders_of("data_officer_review", ("data", "data2")) == {"data", "data2"}
    await journey.approve("data2", "data_officer_review")
    assert (await journey.project())["stage"] == "IMPL_REVIEW"
    await journey.approve("data", "data_officer_review")
    assert (await journey.project())["stage"] == "PROCUREMENT"


async def test_a_parallel_branch_returns_to_its_own_earlier_step_while_the_other_goes_on(journey: Journey) -> None:
    # given finance review at the budget, the control price set, approval still with the DRC
    await declare(journey)
    await pre_review(journey)
    await plan_review(journey)
    priced = await journey.control_price("data", "SOFTWARE", "2250000")
    assert priced["__typename"] == "ActionDone", priced
    await journey.approve("data", "control_price_software")
    # when finance sends the budget review back to the control price
    todo = await journey.todo("finance", "budget_review")
    returned = await journey.act(
        "finance",
        RETURN,
        taskId=todo["id"],
        comment="软件部分控制价偏高，请复核",
        expectedVersion=todo["stepVersion"],
        toStep="control_price_software",
    )
    assert returned["__typename"] == "ActionDone", returned
    # then the data bureau holds the control price again, and the DRC still holds its approval
    holders = await journey.holders("builder")
    assert set(holders) == {"control_price_software", "project_approval"}
    assert await journey.holders_of("control_price_software", ("data", "data2")) == {"data", "data2"}
    assert await journey.holders_of("project_approval", ("drc",)) == {"drc"}
    # and the way on is the same as before
    await journey.approve("data", "control_price_software")
    assert await journey.holders_of("budget_review", ("finance", "finance2")) == {"finance", "finance2"}
