"""The stages of the standard process (standard.v1) along their happy path, as the demo city's people walk them.

Each test module checks one part of the journey closely and uses these to get there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from tests.journeys.journey import (
    ASSIGN_SUPERVISOR,
    CATALOGUE,
    DECLARE,
    EXPERTS,
    PIN,
    PRICE_ASSESSMENT,
    RECORD_CONTRACT,
    RECORD_PAYMENT,
    REQUEST_PANEL,
    REQUESTED,
    RESPOND,
    SET_BUDGET,
    SHEET,
    SUBMIT_PLAN,
    SUBMIT_SHEET,
    VERIFY_RESOURCE,
    Journey,
)


async def declare(j: Journey, amount: str = REQUESTED, resources: int = 1) -> dict[str, Any]:
    resource = {
        "name": "公共视频资源目录",
        "provider": "市公安局",
        "fields": ["点位编号", "位置", "类型"],
        "updateFrequency": "DAILY",
        "sharingClass": "CONDITIONAL",
    }
    resources_declared = [{**resource, "name": f"{resource['name']}{i}"} for i in range(resources)]
    declared = await j.act(
        "builder",
        DECLARE,
        name="城市视频资源共享平台",
        category="NEW",
        type="SOFTWARE",
        requestedAmount=amount,
        dataResources=resources_declared,
    )
    assert declared["__typename"] == "ActionDone", declared
    j.project_id = declared["state"]["projectId"]
    j.code = declared["state"]["project"]["code"]
    return declared


async def pre_review(j: Journey) -> None:
    await j.approve("builder", "submit_application")
    await j.approve("data", "intake")
    institution = await j.organisation("THIRD_PARTY", "浙江求是工程咨询有限公司")
    assessed = await j.act(
        "expert2",
        PRICE_ASSESSMENT,
        projectId=j.project_id,
        institutionId=institution,
        assessedAmount="2300000",
        note="报价基本合理",
    )
    assert assessed["__typename"] == "ActionDone", assessed
    await j.approve("expert2", "price_assessment")
    await j.approve("data", "pre_review_decision")
    await j.approve("data2", "pre_review_decision")


PLAN_ITEMS = [
    {"name": "视频资源汇聚", "amount": "1200000"},
    {"name": "共享服务门户", "amount": "800000"},
    {"name": "安全运维", "amount": "300000"},
]


async def draw_panel(j: Journey, stage: str = "PLAN_REVIEW", key: str | None = None) -> dict[str, Any]:
    """The data bureau draws three experts; returns the panel it drew."""
    todo = await j.todo("data", "expert_scoring", kind="ORGANISE")
    assert todo["expects"] == "ORGANISE_PANEL"
    drawn = await j.act(
        "data",
        REQUEST_PANEL,
        projectId=j.project_id,
        stage=stage,
        quotas=[{"count": 3}],
        reviewDate="2026-11-06",
        **({"idempotencyKey": key} if key else {}),
    )
    assert drawn["__typename"] == "PanelDrawn", drawn
    j.panel_experts = [u for u in EXPERTS if any(t["kind"] == "INVITATION" for t in await j.todos(u))]
    assert len(j.panel_experts) == 3, j.panel_experts
    return drawn["panel"]


async def accept_invitations(j: Journey) -> None:
    for expert in j.panel_experts:
        invitation = next(t for t in await j.todos(expert) if t["kind"] == "INVITATION")
        accepted = await j.act(expert, RESPOND, seatId=invitation["seatId"], accept=True, noConflict=True)
        assert accepted["__typename"] == "ActionDone", accepted


async def submit_sheet(j: Journey, expert: str, share: Decimal = Decimal("0.8"), opinion: str = "PASS") -> Decimal:
    """The expert's final sheet giving `share` of every criterion's maximum; returns its total."""
    sheet_todo = next(t for t in await j.todos(expert) if t["kind"] == "SCORE")
    sheet = (await j.call(expert, SHEET, seat=sheet_todo["seatId"]))["scoreSheet"]
    scores = {c["key"]: (Decimal(c["maxPoints"]) * share).quantize(Decimal("0.1")) for c in sheet["criteria"]}
    sent = await j.act(
        expert,
        SUBMIT_SHEET,
        seatId=sheet_todo["seatId"],
        scores={k: str(v) for k, v in scores.items()},
        opinion=opinion,
        comment="同意",
        secondFactor=PIN,
    )
    assert sent["__typename"] == "ActionDone", sent
    return sum(scores.values(), Decimal(0))


async def score(j: Journey) -> None:
    """Each invited expert accepts, then submits a sheet of 80 points."""
    await accept_invitations(j)
    for expert in j.panel_experts:
        await submit_sheet(j, expert)


async def plan_review(j: Journey) -> None:
    planned = await j.act("builder", SUBMIT_PLAN, projectId=j.project_id, kind="APPROVED", items=PLAN_ITEMS)
    assert planned["__typename"] == "ActionDone", planned
    await j.approve("builder", "submit_plan")
    await draw_panel(j)
    await score(j)
    await j.approve("data", "plan_review_conclusion")


async def approval(j: Journey, budget: str = "2300000") -> None:
    """财政审核 and 立项审批 in parallel: control price, budget, approval, budget issuance."""
    priced = await j.control_price("data", "SOFTWARE", "2250000")
    assert priced["__typename"] == "ActionDone", priced
    await j.approve("data", "control_price_software")
    await j.approve("drc", "project_approval")
    budgeted = await j.act("finance", SET_BUDGET, projectId=j.project_id, value=budget)
    assert budgeted["__typename"] == "ActionDone", budgeted
    await j.approve("finance", "budget_review")
    await j.approve("finance", "budget_issuance")


async def impl_review(j: Journey) -> None:
    planned = await j.act("builder", SUBMIT_PLAN, projectId=j.project_id, kind="IMPLEMENTATION", items=PLAN_ITEMS)
    assert planned["__typename"] == "ActionDone", planned
    await j.approve("builder", "submit_impl_plan")
    await j.approve("data", "data_officer_review")
    await j.approve("data2", "data_officer_review")


async def procurement(j: Journey, contract: str = "2200000") -> None:
    await j.approve("builder", "record_tender_result")
    vendor = await j.organisation("VENDOR", "杭州云栖数智科技有限公司")
    recorded = await j.act("builder", RECORD_CONTRACT, projectId=j.project_id, vendorId=vendor, value=contract)
    assert recorded["__typename"] == "ActionDone", recorded
    await j.approve("builder", "record_contract")
    supervisor = await j.organisation("SUPERVISOR", "杭州正信信息工程监理有限公司")
    assigned = await j.act("builder", ASSIGN_SUPERVISOR, projectId=j.project_id, supervisorId=supervisor)
    assert assigned["__typename"] == "ActionDone", assigned
    await j.approve("builder", "record_supervision_contract")


async def construction(j: Journey, payment: str = "1100000") -> None:
    await j.approve("vendor", "milestone_report")
    await j.approve("supervisor", "supervision_log")
    paid = await j.act("finance", RECORD_PAYMENT, projectId=j.project_id, value=payment, milestone="系统上线试运行")
    assert paid["__typename"] == "ActionDone", paid
    await j.approve("finance", "milestone_payment")


async def verify_resources(j: Journey) -> None:
    entries = (await j.call("data", CATALOGUE))["center"]["catalogue"]["edges"]
    for entry in [e["node"] for e in entries if e["node"]["projectCode"] == j.code and not e["node"]["verified"]]:
        verified = await j.act("data", VERIFY_RESOURCE, resourceId=entry["id"])
        assert verified["__typename"] == "ActionDone", verified


async def acceptance(j: Journey) -> None:
    await j.approve("builder", "submit_acceptance")
    await j.approve("supervisor", "supervisor_acceptance_opinion")
    await verify_resources(j)
    await j.approve("data", "acceptance_review")
    paid = await j.act("finance", RECORD_PAYMENT, projectId=j.project_id, value="1100000", milestone="终验尾款")
    assert paid["__typename"] == "ActionDone", paid
    await j.approve("finance", "final_payment")


async def evaluation(j: Journey) -> None:
    await j.approve("builder", "self_evaluation")
    await j.approve("finance", "performance_evaluation")
    await j.approve("data", "performance_evaluation")


async def operations(j: Journey) -> None:
    await j.approve("builder", "record_om_contract")
    await j.approve("vendor", "om_ledger")
    await j.approve("data", "om_evaluation")


STAGES = (pre_review, plan_review, approval, impl_review, procurement, construction, acceptance, evaluation, operations)


async def through(j: Journey, last: Callable[[Journey], Awaitable[None]]) -> None:
    """Declare, then walk every stage function up to and including `last`."""
    await declare(j)
    for stage in STAGES:
        await stage(j)
        if stage is last:
            return
