"""The journey, stages 1 and 2: declaration, 项目预审 and 建设方案评审, as each role sees them."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

from tests.journeys.journey import (
    CHINA,
    DECIDE,
    DECLARE,
    EXPERT_NAMES,
    EXPERTS,
    NAMES,
    PRICE_ASSESSMENT,
    REQUEST_PANEL,
    REQUESTED,
    RESUBMIT,
    RETURN,
    SHEET,
    SUBMIT_PLAN,
    Journey,
)
from tests.journeys.stages import PLAN_ITEMS, accept_invitations, declare, draw_panel, pre_review, submit_sheet

HISTORY = """query($id: ID!) { projectHistory(projectId: $id) { action actorName stage comment } }"""
PANELS = """query($id: ID!) { node(id: $id) { ... on Project { panels { id status seed reserves
  seats { expertName sheetSubmitted } exclusions { expertName } progress { invited accepted submitted }
  result { panelScore opinion sheets outliers } } } } }"""
SCORES = """query { center(kind: BUILDER) { evaluations { projects { code total stages { stage score } } } } }"""
PROJECTS = """query($kind: CenterKind!, $search: String) { center(kind: $kind) {
  projects(first: 20, filter: {search: $search}) { totalCount edges { node { id code } } } } }"""


def working_days_after(day: date, count: int) -> date:
    """The `count`-th working day after `day`, in weeks without holidays."""
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def due_day(todo: dict) -> date:
    return datetime.fromisoformat(todo["dueAt"]).astimezone(CHINA).date()


async def test_a_declaration_retried_with_its_key_is_one_project_held_by_the_applicant(journey: Journey) -> None:
    # given the builder declares a 2.4-million-yuan software project
    first = await declare(journey)
    # when the phone sends the same declaration again under the same key
    again = await journey.call(
        "builder",
        DECLARE,
        input={
            "idempotencyKey": "declare-once",
            "name": "城市视频资源共享平台",
            "category": "NEW",
            "type": "SOFTWARE",
            "requestedAmount": REQUESTED,
        },
    )
    retried = await journey.call(
        "builder",
        DECLARE,
        input={
            "idempotencyKey": "declare-once",
            "name": "城市视频资源共享平台",
            "category": "NEW",
            "type": "SOFTWARE",
            "requestedAmount": REQUESTED,
        },
    )
    # then the retry answers the first result: two projects in all, not three
    assert retried == again
    assert again["declareProject"]["state"]["projectId"] != first["state"]["projectId"]
    found = await journey.call("builder", PROJECTS, kind="BUILDER", search="城市视频资源共享平台")
    assert found["center"]["projects"]["totalCount"] == 2
    assert first["state"]["project"]["code"].startswith("330100-2026-")
    # and the applicant holds the first step: day 1 of 5, due Friday, green
    holder = (await journey.holders("data"))["submit_application"]
    assert (holder["center"], holder["names"], holder["day"], holder["of"], holder["light"]) == (
        "BUILDER",
        ["陈静"],
        1,
        5,
        "GREEN",
    )
    assert holder["expectedDecisionOn"] == "2026-11-09"  # five working days after the day it opened
    todo = await journey.todo("builder", "submit_application")
    assert (todo["expects"], todo["daysUsed"], todo["daysLeft"], todo["limitDays"]) == ("SUBMIT", 0, 5, 5)
    assert due_day(todo) == date(2026, 11, 9)
    assert await journey.holders_of("submit_application", ("builder2", "data", "finance")) == set()


async def test_intake_is_or_signed_returned_and_resubmitted_then_signed_in_order(journey: Journey) -> None:
    # given a submitted application
    await declare(journey)
    await journey.approve("builder", "submit_application")
    # then both data-bureau officials hold the intake (或签)
    assert await journey.holders_of("intake", ("data", "data2", "finance", "builder")) == {"data", "data2"}
    assert sorted((await journey.holders("builder"))["intake"]["names"]) == ["李明", "王建国"]
    # when 王建国 returns it for revision
    intake = await journey.todo("data", "intake")
    returned = await journey.act(
        "data", RETURN, taskId=intake["id"], comment="请补充数据资源字段说明", expectedVersion=intake["stepVersion"]
    )
    assert returned["__typename"] == "ActionDone", returned
    # then the applicant holds a revision whose due date is as many working days away as its limit says
    revision = next(t for t in await journey.todos("builder") if t["kind"] == "REVISION")
    assert (revision["expects"], revision["daysUsed"], revision["daysLeft"]) == ("RESUBMIT", 0, revision["limitDays"])
    assert due_day(revision) == working_days_after(date(2026, 11, 2), revision["limitDays"])
    assert await journey.holders_of("intake", ("data", "data2")) == set()
    # when the applicant resubmits (its retry under the same key changes nothing more)
    fields = {
        "idempotencyKey": "resubmit-once",
        "taskId": revision["id"],
        "comment": "已补充",
        "expectedVersion": revision["stepVersion"],
    }
    resubmitted = await journey.call("builder", RESUBMIT, input=fields)
    assert resubmitted["resubmit"]["__typename"] == "ActionDone", resubmitted
    assert await journey.call("builder", RESUBMIT, input=fields) == resubmitted
    # then the intake is back with both officials; 李明 decides, and 王建国's to-do goes
    assert await journey.holders_of("intake", ("data", "data2")) == {"data", "data2"}
    await journey.approve("data2", "intake")
    assert await journey.holders_of("intake", ("data", "data2")) == set()
    # the price assessment goes to the third-party institutions' experts, never to the finance review centre
    assert await journey.holders_of("price_assessment", EXPERTS) == {"expert", "expert2", "expert3", "expert4"}
    # and the return cost the applicant 5 of the stage's 100 points
    scores = (await journey.call("builder", SCORES))["center"]["evaluations"]["projects"]
    mine = next(p for p in scores if p["code"] == journey.code)
    stages = {s["stage"]: float(s["score"]) for s in mine["stages"]}
    assert stages["PRE_REVIEW"] == 95 and float(mine["total"]) == sum(stages.values()) == 995


async def test_a_stale_or_repeated_decision_decides_once(journey: Journey) -> None:
    # given the price assessment is in the hands of the third parties
    await declare(journey)
    await journey.approve("builder", "submit_application")
    await journey.approve("data", "intake")
    todo = await journey.todo("expert2", "price_assessment")
    institution = await journey.organisation("THIRD_PARTY", "浙江求是工程咨询有限公司")
    assessed = await journey.act(
        "expert2", PRICE_ASSESSMENT, projectId=journey.project_id, institutionId=institution, assessedAmount="2300000"
    )
    assert assessed["__typename"] == "ActionDone", assessed
    # when it is decided with a version seen before a change
    stale = await journey.act(
        "expert2", DECIDE, taskId=todo["id"], verdict="APPROVE", expectedVersion=todo["stepVersion"] - 1
    )
    # then VERSION_CONFLICT with the state as it is, nothing decided
    assert (stale["__typename"], stale["code"]) == ("WorkflowError", "VERSION_CONFLICT")
    assert stale["current"]["stepVersion"] == todo["stepVersion"] and stale["current"]["taskStatus"] == "OPEN"
    # when decided, then retried under the same key
    history = (await journey.call("data", HISTORY, id=journey.project_id))["projectHistory"]
    approvals = [h["action"] for h in history].count("APPROVE")
    fields = {
        "idempotencyKey": "assess-once",
        "taskId": todo["id"],
        "verdict": "APPROVE",
        "expectedVersion": todo["stepVersion"],
    }
    done = await journey.call("expert2", DECIDE, input=fields)
    again = await journey.call("expert2", DECIDE, input=fields)
    # then the same answer, one decision on record, and the next step opened once: 王建国 first, 李明 after him
    assert done == again and done["decide"]["__typename"] == "ActionDone"
    history = (await journey.call("data", HISTORY, id=journey.project_id))["projectHistory"]
    assert [h["action"] for h in history].count("APPROVE") == approvals + 1
    # (the first signature is any data-bureau official's, the second the 分管领导's)
    assert await journey.holders_of("pre_review_decision", ("data", "data2", "finance")) == {"data", "data2"}
    await journey.approve("data", "pre_review_decision")
    assert await journey.holders_of("pre_review_decision", ("data", "data2")) == {"data2"}
    await journey.approve("data2", "pre_review_decision")
    assert (await journey.project())["stage"] == "PLAN_REVIEW"


async def test_plan_items_then_submit_and_a_panel_secret_to_the_applicant(journey: Journey) -> None:
    # given the plan review, with the plan items recorded before the submission
    await declare(journey)
    await pre_review(journey)
    planned = await journey.act("builder", SUBMIT_PLAN, projectId=journey.project_id, kind="APPROVED", items=PLAN_ITEMS)
    assert planned["__typename"] == "ActionDone", planned
    # when the builder submits (this answered "Unexpected error." once plan items existed)
    submitted = await journey.decide("builder", "submit_plan")
    assert submitted["__typename"] == "ActionDone", submitted
    # and the data bureau draws the panel: three seats, the draw's exclusions and reserves with it
    panel = await draw_panel(journey, key="draw-once")
    assert panel["status"] == "INVITING" and len(panel["seats"]) == 3
    assert {s["expertName"] for s in panel["seats"]} == {NAMES[e] for e in journey.panel_experts}
    # (its phone retrying under the same key gets the same panel; a second draw is refused)
    retry = {
        "idempotencyKey": "draw-once",
        "projectId": journey.project_id,
        "stage": "PLAN_REVIEW",
        "quotas": [{"count": 3}],
        "reviewDate": "2026-11-06",
    }
    assert (await journey.call("data", REQUEST_PANEL, input=retry))["requestPanel"]["panel"] == panel
    second = await journey.act(
        "data",
        REQUEST_PANEL,
        projectId=journey.project_id,
        stage="PLAN_REVIEW",
        quotas=[{"count": 3}],
        reviewDate="2026-11-06",
    )
    assert (second["__typename"], second["code"]) == ("ReviewError", "PANEL_EXISTS")
    # then only the invited experts have an invitation
    for expert in sorted(set(EXPERTS) - set(journey.panel_experts)):
        assert await journey.todos(expert) == []
    # and while scoring runs the applicant never reads an expert's name, a seat or a score
    await score_first_sheet_only(journey)
    history = (await journey.call("builder", HISTORY, id=journey.project_id))["projectHistory"]
    (seen,) = await panels(journey, "builder")
    assert (seen["seats"], seen["exclusions"], seen["reserves"], seen["seed"]) == ([], [], [], None)
    assert (seen["status"], seen["progress"], seen["result"]) == ("SCORING", None, None)
    shown = json.dumps([history, await journey.project("builder"), seen], ensure_ascii=False)
    assert not [name for name in EXPERT_NAMES if name in shown], shown
    # and the vendor, not contracted yet, sees nothing of the project
    assert await journey.project("vendor") is None
    # while oversight follows the progress seat by seat
    (followed,) = await panels(journey, "audit")
    assert followed["progress"] == {"invited": 0, "accepted": 3, "submitted": 1}  # none left unanswered
    assert sorted(s["sheetSubmitted"] for s in followed["seats"]) == [False, False, True]


async def panels(journey: Journey, reader: str) -> list[dict]:
    data = await journey.call(reader, PANELS, id=journey.project_id)
    return data["node"]["panels"]


async def test_the_panel_result_adds_up_and_reaches_the_applicant_once_closed(journey: Journey) -> None:
    # given the panel drawn and accepted
    await declare(journey)
    await pre_review(journey)
    planned = await journey.act("builder", SUBMIT_PLAN, projectId=journey.project_id, kind="APPROVED", items=PLAN_ITEMS)
    assert planned["__typename"] == "ActionDone", planned
    await journey.approve("builder", "submit_plan")
    await draw_panel(journey)
    await accept_invitations(journey)
    seats = [next(t["seatId"] for t in await journey.todos(e) if t["kind"] == "SCORE") for e in journey.panel_experts]
    # when the three experts submit sheets of 90, 80 and 70 points out of 100
    totals = [
        await submit_sheet(journey, expert, Decimal(share))
        for expert, share in zip(journey.panel_experts, ("0.9", "0.8", "0.7"), strict=True)
    ]
    assert totals == [90, 80, 70]
    # then the panel closes by itself with their mean, and the applicant reads the result, still without names
    (seen,) = await panels(journey, "builder")
    assert seen["status"] == "CLOSED" and seen["seats"] == []
    result = seen["result"]
    assert (Decimal(result["panelScore"]), result["opinion"], result["sheets"]) == (Decimal(80), "PASS", 3)
    assert not [name for name in EXPERT_NAMES if name in json.dumps(seen, ensure_ascii=False)]
    # and no single score: an expert's sheet is no one else's to read, the applicant's least of all
    for reader in ("builder", journey.panel_experts[1]):
        assert (await journey.call(reader, SHEET, seat=seats[0]))["scoreSheet"] is None
    assert (await journey.call(journey.panel_experts[0], SHEET, seat=seats[0]))["scoreSheet"]["status"] == "SUBMITTED"
    # and the conclusion is the data bureau's; a passing panel costs the stage nothing
    assert await journey.holders_of("plan_review_conclusion", ("data", "data2", "builder")) == {"data", "data2"}
    await journey.approve("data", "plan_review_conclusion")
    scores = (await journey.call("builder", SCORES))["center"]["evaluations"]["projects"]
    mine = next(p for p in scores if p["code"] == journey.code)
    assert {s["stage"]: Decimal(s["score"]) for s in mine["stages"]}["PLAN_REVIEW"] == 100


async def score_first_sheet_only(journey: Journey) -> None:
    """Every invited expert accepts; the first submits a sheet, the panel is still scoring."""
    await accept_invitations(journey)
    assert await submit_sheet(journey, journey.panel_experts[0]) == 80
    assert (await journey.project("data"))["stage"] == "PLAN_REVIEW"
