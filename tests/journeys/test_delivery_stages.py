"""The journey, stages 6 to 10: procurement, construction, acceptance, evaluation and O&M, with their gates."""

from __future__ import annotations

from decimal import Decimal

from tests.journeys.journey import ASSIGN_SUPERVISOR, DECLARE, EXPERT_NAMES, RECORD_CONTRACT, RECORD_PAYMENT, Journey
from tests.journeys.stages import (
    STAGES,
    acceptance,
    construction,
    declare,
    evaluation,
    impl_review,
    procurement,
    through,
    verify_resources,
)

PANELS = """query($id: ID!) { node(id: $id) { ... on Project { panels { seats { expertName } } } } }"""
HISTORY = """query($id: ID!) { projectHistory(projectId: $id) { action actorName stage } }"""
SCORES = """query { center(kind: BUILDER) { evaluations { projects { code total stages { stage score } } } } }"""
CATALOGUE = """query { center(kind: DATA) { catalogue(first: 100) { edges { node { id verified projectCode } } } } }"""
VERIFY = """mutation($input: VerifyResourceInput!) { verifyDataResource(input: $input) { __typename } }"""
DIRECTORY = """query($kind: OrganisationKind!, $after: String, $search: String) {
  organisations(kind: $kind, first: 1, after: $after, search: $search) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name kind } } } }"""


async def test_the_builder_pages_through_the_directory_it_picks_from(journey: Journey) -> None:
    # when the builder pages one organisation at a time through each kind it must name
    for kind, expected in (
        ("VENDOR", {"杭州云栖数智科技有限公司", "浙江政通软件股份有限公司"}),
        ("SUPERVISOR", {"杭州正信信息工程监理有限公司"}),
        ("THIRD_PARTY", {"浙江求是工程咨询有限公司", "浙江信息工程大学"}),
    ):
        names, after = [], None
        while True:
            page = (await journey.call("builder", DIRECTORY, kind=kind, after=after))["organisations"]
            assert page["totalCount"] == len(expected) and len(page["edges"]) == 1
            names += [e["node"]["name"] for e in page["edges"] if e["node"]["kind"] == kind]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        # then it finds each of that kind once, and only those
        assert sorted(names) == sorted(expected)
    # and a search narrows it
    found = (await journey.call("builder", DIRECTORY, kind="VENDOR", search="政通"))["organisations"]
    assert [e["node"]["name"] for e in found["edges"]] == ["浙江政通软件股份有限公司"]


async def test_a_contract_above_the_approved_budget_is_refused(journey: Journey) -> None:
    # given procurement of a project with an approved budget of 2,300,000
    await through(journey, impl_review)
    await journey.approve("builder", "record_tender_result")
    vendor = await journey.organisation("VENDOR", "杭州云栖数智科技有限公司")
    # when the builder records a contract one yuan above it
    refused = await journey.act(
        "builder", RECORD_CONTRACT, projectId=journey.project_id, vendorId=vendor, value="2300000.01"
    )
    # then CONTRACT_ABOVE_BUDGET on the amount, and no contract
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ProjectError",
        "CONTRACT_ABOVE_BUDGET",
        "value",
    )
    assert (await journey.project("builder"))["contractAmount"] is None
    # and the vendor does not see the project (it is not contracted yet)
    assert await journey.project("vendor") is None


async def test_construction_does_not_open_without_a_supervisor_from_one_million(journey: Journey) -> None:
    # given the contract recorded, no supervisor named
    await through(journey, impl_review)
    await journey.approve("builder", "record_tender_result")
    vendor = await journey.organisation("VENDOR", "杭州云栖数智科技有限公司")
    recorded = await journey.act(
        "builder", RECORD_CONTRACT, projectId=journey.project_id, vendorId=vendor, value="2200000"
    )
    assert recorded["__typename"] == "ActionDone", recorded
    await journey.approve("builder", "record_contract")
    # when the builder finishes procurement
    todo = await journey.todo("builder", "record_supervision_contract")
    refused = await journey.decide("builder", "record_supervision_contract")
    # then SUPERVISOR_REQUIRED, and nothing moved
    assert (refused["__typename"], refused["code"]) == ("WorkflowError", "SUPERVISOR_REQUIRED"), refused
    assert (await journey.project())["stage"] == "PROCUREMENT"
    assert (await journey.todo("builder", "record_supervision_contract"))["stepVersion"] == todo["stepVersion"]
    # when the supervisor is named from the directory, the same step goes through
    supervisor = await journey.organisation("SUPERVISOR", "杭州正信信息工程监理有限公司")
    assigned = await journey.act("builder", ASSIGN_SUPERVISOR, projectId=journey.project_id, supervisorId=supervisor)
    assert assigned["__typename"] == "ActionDone", assigned
    await journey.approve("builder", "record_supervision_contract")
    # then construction opens with the vendor's report, seen by the vendor and the supervisor
    assert (await journey.project())["stage"] == "CONSTRUCTION"
    assert await journey.holders_of("milestone_report", ("vendor", "vendor2", "supervisor")) == {"vendor"}
    assert (await journey.project("supervisor"))["stage"] == "CONSTRUCTION"
    assert await journey.project("vendor2") is None


async def test_payments_never_exceed_the_contract(journey: Journey) -> None:
    # given construction of a 2,200,000-yuan contract
    await through(journey, procurement)
    await journey.approve("vendor", "milestone_report")
    await journey.approve("supervisor", "supervision_log")
    # when finance records more than the contract
    refused = await journey.act(
        "finance", RECORD_PAYMENT, projectId=journey.project_id, value="2200000.01", milestone="系统上线试运行"
    )
    # then PAYMENT_ABOVE_CONTRACT, nothing paid
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ProjectError",
        "PAYMENT_ABOVE_CONTRACT",
        "value",
    )
    assert Decimal((await journey.project())["paidAmount"]) == 0
    # when it pays half, then the rest may not exceed what is left
    half = await journey.act(
        "finance", RECORD_PAYMENT, projectId=journey.project_id, value="1100000", milestone="系统上线试运行"
    )
    assert half["__typename"] == "ActionDone", half
    over = await journey.act(
        "finance", RECORD_PAYMENT, projectId=journey.project_id, value="1100000.01", milestone="终验尾款"
    )
    assert over["__typename"] == "ProjectError" and over["code"] == "PAYMENT_ABOVE_CONTRACT"
    assert Decimal(over["allowedAmount"]) == Decimal(1100000)  # the contract less what was paid
    assert Decimal((await journey.project("vendor"))["paidAmount"]) == Decimal(1100000)


async def test_unverified_data_resources_hold_acceptance(journey: Journey) -> None:
    # given acceptance of a project that declared two data resources, one verified
    await declare(journey, resources=2)
    for stage in STAGES[: STAGES.index(construction) + 1]:
        await stage(journey)
    await journey.approve("builder", "submit_acceptance")
    await journey.approve("supervisor", "supervisor_acceptance_opinion")
    entries = (await journey.call("data", CATALOGUE))["center"]["catalogue"]["edges"]
    mine = [e["node"]["id"] for e in entries if e["node"]["projectCode"] == journey.code]
    assert len(mine) == 2
    verified = await journey.call("data", VERIFY, input={"idempotencyKey": "verify-one", "resourceId": mine[0]})
    assert verified["verifyDataResource"]["__typename"] == "ActionDone"
    await journey.approve("data", "acceptance_review")
    paid = await journey.act(
        "finance", RECORD_PAYMENT, projectId=journey.project_id, value="1100000", milestone="终验尾款"
    )
    assert paid["__typename"] == "ActionDone", paid
    # when finance records the final payment step
    refused = await journey.decide("finance", "final_payment")
    # then DATA_RESOURCES_NOT_VERIFIED: 三同步 holds acceptance open
    assert (refused["__typename"], refused["code"]) == ("WorkflowError", "DATA_RESOURCES_NOT_VERIFIED"), refused
    assert (await journey.project())["stage"] == "ACCEPTANCE"
    # when the second resource is verified, the same step closes acceptance
    await verify_resources(journey)
    await journey.approve("finance", "final_payment")
    assert (await journey.project())["stage"] == "EVALUATION"


async def test_the_project_reaches_operations_and_an_om_project_follows(journey: Journey) -> None:
    # given the whole life walked, stage by stage
    await through(journey, evaluation)
    assert (await journey.project())["stage"] == "OPERATIONS"
    # when the O&M steps are done
    await journey.approve("builder", "record_om_contract")
    assert await journey.holders_of("om_ledger", ("vendor", "vendor2", "builder")) == {"vendor"}
    await journey.approve("vendor", "om_ledger")
    await journey.approve("data", "om_evaluation")
    # then the project is complete, every stage done, nobody holds it
    project = await journey.project("builder")
    assert project["status"] == "COMPLETED" and project["holders"] == []
    assert {t["status"] for t in project["timeline"]} == {"DONE"}
    # and its score is 1000: ten stages of 100, nothing deducted on the way
    scores = (await journey.call("builder", SCORES))["center"]["evaluations"]["projects"]
    mine = next(p for p in scores if p["code"] == journey.code)
    assert [Decimal(s["score"]) for s in mine["stages"]] == [Decimal(100)] * 10
    assert Decimal(mine["total"]) == sum(Decimal(s["score"]) for s in mine["stages"]) == 1000
    # and what the vendor reads of it names no expert and shows no seat of the panel
    vendor_history = (await journey.call("vendor", HISTORY, id=journey.project_id))["projectHistory"]
    assert vendor_history and not {h["actorName"] for h in vendor_history} & EXPERT_NAMES
    panels = (await journey.call("vendor", PANELS, id=journey.project_id))["node"]["panels"]
    assert [p["seats"] for p in panels] in ([], [[]])
    # when the builder derives an O&M project from it
    om = await journey.act(
        "builder",
        DECLARE,
        name="城市视频资源共享平台运维",
        category="OM",
        type="SOFTWARE",
        requestedAmount="180000",
        parentCode=journey.code,
    )
    # then it carries the construction project's code with the O&M suffix
    assert om["__typename"] == "ActionDone", om
    assert om["state"]["project"]["code"] == f"{journey.code}-YW01"
    # and every step that records something beside its decision told its holder which form (Todo.form)
    asked = {step: form for (step, _), form in journey.forms.items() if form}
    assert asked == {
        "price_assessment": "PRICE_ASSESSMENT",
        "submit_plan": "APPROVED_PLAN",
        "control_price_software": "CONTROL_PRICE_SOFTWARE",
        "budget_review": "APPROVED_BUDGET",
        "submit_impl_plan": "IMPLEMENTATION_PLAN",
        "record_contract": "CONTRACT",
        "record_supervision_contract": "SUPERVISOR",
        "milestone_report": "REPORT",
        "supervision_log": "REPORT",
        "milestone_payment": "PAYMENT",
        "acceptance_review": "RESOURCE_VERIFICATION",
        "final_payment": "PAYMENT",
        "record_om_contract": "REPORT",
        "om_ledger": "REPORT",
    }


async def test_an_om_project_cannot_come_from_a_project_in_pre_review(journey: Journey) -> None:
    # given a project just declared
    await declare(journey)
    # when the builder derives an O&M project from it
    om = await journey.act(
        "builder",
        DECLARE,
        name="城市视频资源共享平台运维",
        category="OM",
        type="SOFTWARE",
        requestedAmount="180000",
        parentCode=journey.code,
    )
    # then it is refused, naming the parent code
    assert om["__typename"] == "ProjectError" and om["field"] == "parentCode", om


async def test_acceptance_closes_with_the_contract_paid_in_full(journey: Journey) -> None:
    # given construction done; when acceptance is walked with every resource verified
    await through(journey, acceptance)
    # then evaluation is the builder's, paid in full
    project = await journey.project("builder")
    assert project["stage"] == "EVALUATION" and Decimal(project["paidAmount"]) == Decimal(project["contractAmount"])
