"""Money and gate rules: each refused with its typed error, writing nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.accounts.models import Organisation
from domain.actions.errors import ActionRefused
from domain.catalogue.models import DataResource
from domain.projects import flows as projects
from domain.projects.kinds import Stage
from domain.projects.models import Payment, Project
from domain.workflow.models import Decision, StepRun, StepStatus
from tests.factories import acting, approve, declare, drive, open_tasks


async def _org(name: str) -> int:
    return (await Organisation.get(name=name)).id


VENDOR = "杭州云栖数智科技有限公司"
SUPERVISOR = "杭州正信信息工程监理有限公司"


async def test_contract_never_above_the_approved_budget(demo) -> None:
    project = await drive(await declare(amount="2000000"), until=Stage.PROCUREMENT)
    assert project.approved_budget == Decimal("1800000.00")
    decisions = await Decision.all().count()
    with pytest.raises(ActionRefused) as above:
        await projects.record_contract(
            acting=await acting("builder"),
            project_id=project.id,
            vendor_id=await _org(VENDOR),
            value=Decimal("1800000.01"),
        )
    assert above.value.code == "CONTRACT_ABOVE_BUDGET"
    assert (await Project.get(id=project.id)).contract_amount is None
    assert await Decision.all().count() == decisions


async def test_payments_never_above_the_contract(demo) -> None:
    project = await drive(await declare(amount="2000000"), until=Stage.CONSTRUCTION)
    contract = project.contract_amount
    await projects.record_payment(
        acting=await acting("finance"), project_id=project.id, value=contract - 1, milestone="首付款"
    )
    with pytest.raises(ActionRefused) as above:
        await projects.record_payment(
            acting=await acting("finance"), project_id=project.id, value=Decimal(2), milestone="进度款"
        )
    assert above.value.code == "PAYMENT_ABOVE_CONTRACT"
    assert await Payment.filter(project_id=project.id).count() == 1
    assert (await Project.get(id=project.id)).paid_amount == contract - 1


async def test_no_construction_without_a_supervisor_from_one_million(demo) -> None:
    # given a 2,000,000-yuan project whose builder records the contract without a supervisor
    project = await drive(await declare(amount="2000000"), until=Stage.PROCUREMENT)
    await projects.record_contract(
        acting=await acting("builder"), project_id=project.id, vendor_id=await _org(VENDOR), value=Decimal("1700000")
    )
    for _ in range(10):
        tasks = await open_tasks(project)
        step = await StepRun.get(id=tasks[0].step_run_id)
        if step.step_key == "record_supervision_contract":
            break
        await approve(tasks[0])
    # when the last procurement step would open construction, then it is refused
    with pytest.raises(ActionRefused) as refused:
        await approve(tasks[0])
    assert refused.value.code == "SUPERVISOR_REQUIRED"
    assert (await StepRun.get(id=step.id)).status is StepStatus.ACTIVE
    # once a supervisor is named, construction opens
    await projects.assign_supervisor(
        acting=await acting("builder"), project_id=project.id, supervisor_id=await _org(SUPERVISOR)
    )
    await approve((await open_tasks(project))[0])
    assert (await Project.get(id=project.id)).stage is Stage.CONSTRUCTION


async def test_small_project_needs_no_supervisor(demo) -> None:
    project = await declare(amount="400000")
    assert project.template_key == "small"
    project = await drive(project, until=Stage.CONSTRUCTION)
    assert project.supervisor_id is not None  # the helper names one; the gate does not require it below 1M
    assert project.stage is Stage.CONSTRUCTION


async def test_no_acceptance_without_the_declared_data_resources_verified(demo) -> None:
    project = await drive(await declare(amount="2000000", resources=2), until=Stage.ACCEPTANCE)
    for _ in range(10):
        tasks = await open_tasks(project)
        step = await StepRun.get(id=tasks[0].step_run_id)
        if step.step_key == "final_payment":
            break
        await approve(tasks[0])
    with pytest.raises(ActionRefused) as refused:
        await approve(tasks[0])
    assert (refused.value.code, refused.value.params["unverified"]) == ("DATA_RESOURCES_NOT_VERIFIED", 2)
    for resource in await DataResource.filter(project_id=project.id):
        await projects.verify_data_resource(acting=await acting("data"), resource_id=resource.id)
    await approve(tasks[0])
    assert (await Project.get(id=project.id)).stage is Stage.EVALUATION


@pytest.mark.parametrize(
    ("who", "call", "code"),
    [
        ("builder", lambda p: projects.set_approved_budget, "FORBIDDEN"),
        ("finance", lambda p: projects.set_approved_budget, "WRONG_STAGE"),
        ("vendor", lambda p: projects.record_payment, "FORBIDDEN"),
    ],
)
async def test_wrong_actor_or_wrong_stage(demo, who, call, code) -> None:
    project = await declare()
    kwargs = {"value": Decimal(100)} | ({"milestone": "x"} if call(project) is projects.record_payment else {})
    with pytest.raises(ActionRefused) as refused:
        await call(project)(acting=await acting(who), project_id=project.id, **kwargs)
    assert refused.value.code == code


@pytest.mark.parametrize("bad", ["0", "-5", "12.345", "NaN", "1e20", "abc"])
async def test_bad_amounts_are_refused_naming_the_field(demo, bad) -> None:
    with pytest.raises(ActionRefused) as refused:
        await declare(amount=bad)
    assert (refused.value.code, refused.value.field) == ("INVALID_INPUT", "requested_amount")
    assert await Project.all().count() == 30  # the demo's, nothing more


async def test_unknown_project_is_not_found(demo) -> None:
    with pytest.raises(ActionRefused) as missing:
        await projects.record_payment(
            acting=await acting("finance"), project_id=999999, value=Decimal(1), milestone="x"
        )
    assert missing.value.code == "NOT_FOUND"
