"""Project actions end to end: declare, amounts, parties, payments, each in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from domain import clock
from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.accounts.models import CenterMembership, Organisation
from domain.accounts.policies import DECLARING_CENTER
from domain.actions.acting import Acting, locked_project, log, moment, result
from domain.actions.idempotency import run_once
from domain.actions.results import ProcessState
from domain.calendar import china_today
from domain.catalogue.models import DataResource, SharingClass
from domain.projects.errors import ProjectError
from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage
from domain.projects.models import Payment, Project
from domain.projects.results import Declared, PaymentRecorded, ResourceVerified
from domain.projects.rules import om_code
from domain.projects.service import DEFAULT_REGION, next_in_sequence, next_project_code
from domain.workflow import engine
from domain.workflow.models import StageRun, StageStatus
from domain.workflow.process import adopt_template

MAX_AMOUNT = Decimal("100000000000")  # 1000亿: anything above is a typing error


@dataclass(frozen=True, slots=True)
class ResourceInput:
    """A data resource the project declares it will produce (数据资源归集申报)."""

    name: str
    provider: str
    fields: tuple[str, ...]
    update_frequency: str
    sharing_class: str


@dataclass(frozen=True, slots=True)
class Declaration:
    name: str
    category: ProjectCategory
    type: ProjectType
    requested_amount: Decimal
    resources: tuple[ResourceInput, ...] = field(default_factory=tuple)
    parent_code: str | None = None


def amount(value: Decimal | str | int, *, field: str) -> Decimal:
    """A positive amount in yuan with at most two decimals, or a typed error naming the field."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ProjectError("INVALID_INPUT", field=field) from None
    if not number.is_finite() or number <= 0 or number > MAX_AMOUNT or number != number.quantize(Decimal("0.01")):
        raise ProjectError("INVALID_INPUT", field=field)
    return number


async def _membership(user_id: int, center: CenterKind) -> CenterMembership:
    held = await CenterMembership.get_or_none(user_id=user_id, center=center)
    if held is None:
        raise ProjectError("FORBIDDEN", center=center.value)
    return held


async def _stage_active(project: Project, *stages: Stage) -> None:
    active = await StageRun.filter(project_id=project.id, stage__in=list(stages), status=StageStatus.ACTIVE).exists()
    if not active:
        raise ProjectError("WRONG_STAGE", stage=project.stage.value, expected=[s.value for s in stages])


async def declare(*, acting: Acting, declaration: Declaration) -> Declared:
    """A builder unit applies: the project gets its code for life and its process starts."""
    request = {"declaration": declaration}

    async def perform() -> Declared:
        held = await _membership(acting.user_id, DECLARING_CENTER)
        name = declaration.name.strip()
        if not 2 <= len(name) <= 200:
            raise ProjectError("INVALID_INPUT", field="name")
        requested = amount(declaration.requested_amount, field="requested_amount")
        for index, resource in enumerate(declaration.resources):
            if not resource.name.strip() or not resource.provider.strip() or not resource.fields:
                raise ProjectError("INVALID_INPUT", field=f"resources.{index}")
            if resource.sharing_class not in {c.value for c in SharingClass}:
                raise ProjectError("INVALID_INPUT", field=f"resources.{index}.sharing_class")
        at = await moment()
        parent = None
        if declaration.category is ProjectCategory.OM:
            parent = await _om_parent(declaration.parent_code, held.organisation_id)
            n = await next_in_sequence(f"om:{parent.code}")
            code = om_code(parent.code, n)
        elif declaration.parent_code:
            raise ProjectError("INVALID_INPUT", field="parent_code")
        else:
            code = await next_project_code(region=DEFAULT_REGION, year=china_today(at.now).year)
        project = Project(
            code=code,
            name=name,
            builder_id=held.organisation_id,
            declared_by_id=acting.user_id,
            category=declaration.category,
            type=declaration.type,
            requested_amount=requested,
            stage=Stage.PRE_REVIEW,
            status=ProjectStatus.ACTIVE,
            parent_id=parent.id if parent else None,
            applied_on=at.today,
        )
        await adopt_template(project)
        await project.save()
        for resource in declaration.resources:
            await DataResource.create(
                project=project,
                name=resource.name.strip(),
                provider=resource.provider.strip(),
                fields_list=list(resource.fields),
                update_frequency=resource.update_frequency,
                sharing_class=SharingClass(resource.sharing_class),
                declared_at=at.now,
            )
        await engine.start(project, at)
        await project.save(update_fields=["stage", "status"])
        await log(
            project=project,
            acting=acting,
            action="DECLARE",
            detail={"code": code, "template": f"{project.template_key}.v{project.template_version}"},
        )
        return Declared(state=result(project), code=code)

    return await run_once(user_id=acting.user_id, key=acting.key, action="declare", request=request, perform=perform)


OM_PARENT_STAGES = (Stage.EVALUATION, Stage.OPERATIONS)


async def _om_parent(parent_code: str | None, builder_id: int) -> Project:
    if not parent_code:
        raise ProjectError("INVALID_INPUT", field="parent_code")
    parent = await Project.filter(code=parent_code, builder_id=builder_id, parent_id__isnull=True).first()
    if parent is None:
        raise ProjectError("INVALID_INPUT", field="parent_code")
    if parent.status is not ProjectStatus.COMPLETED and parent.stage not in OM_PARENT_STAGES:
        # 运维 follows a system that passed acceptance: not a project still under review or construction.
        raise ProjectError(
            "WRONG_STAGE", field="parent_code", stage=parent.stage.value, expected=[s.value for s in OM_PARENT_STAGES]
        )
    await Project.filter(id=parent.id).select_for_update().first()
    return parent


async def _change(acting: Acting, project: Project, action: str, fields: list[str], detail: dict[str, str]) -> None:
    project.version += 1
    await project.save(update_fields=[*fields, "version"])
    await log(project=project, acting=acting, action=action, detail=detail)


async def set_control_price(*, acting: Acting, project_id: int, part: str, value: Decimal) -> ProcessState:
    """控制价: the data bureau prices the software part, the finance review centre the hardware part."""
    request = {"project": project_id, "part": part, "value": str(value)}

    async def perform() -> ProcessState:
        project = await locked_project(project_id, field="project_id")
        if part == "SOFTWARE":
            await _membership(acting.user_id, CenterKind.DATA)
            field_name = "control_price_software"
        elif part == "HARDWARE":
            held = await _membership(acting.user_id, CenterKind.FINANCE)
            org = await Organisation.get(id=held.organisation_id)
            if org.kind is not OrganisationKind.FINANCE_REVIEW_CENTER:
                raise ProjectError("FORBIDDEN", field="part")
            field_name = "control_price_hardware"
        else:
            raise ProjectError("INVALID_INPUT", field="part")
        await _stage_active(project, Stage.FINANCE_REVIEW)
        setattr(project, field_name, amount(value, field="value"))
        await _change(acting, project, "SET_CONTROL_PRICE", [field_name], {"part": part, "value": str(value)})
        return result(project)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="control_price", request=request, perform=perform
    )


async def set_approved_budget(*, acting: Acting, project_id: int, value: Decimal) -> ProcessState:
    """Finance sets the approved budget during its review."""

    async def perform() -> ProcessState:
        project = await locked_project(project_id, field="project_id")
        await _membership(acting.user_id, CenterKind.FINANCE)
        await _stage_active(project, Stage.FINANCE_REVIEW)
        project.approved_budget = amount(value, field="value")
        await _change(acting, project, "SET_BUDGET", ["approved_budget"], {"value": str(value)})
        return result(project)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="budget",
        request={"project": project_id, "value": str(value)},
        perform=perform,
    )


async def record_contract(
    *, acting: Acting, project_id: int, vendor_id: int, value: Decimal, supervisor_id: int | None = None
) -> ProcessState:
    """The builder records the tender result: vendor, contract amount (never above budget), supervisor."""
    request = {"project": project_id, "vendor": vendor_id, "value": str(value), "supervisor": supervisor_id}

    async def perform() -> ProcessState:
        project = await locked_project(project_id, field="project_id")
        await _builder_of(acting, project)
        await _stage_active(project, Stage.PROCUREMENT)
        contract = amount(value, field="value")
        if project.approved_budget is None or contract > project.approved_budget:
            raise ProjectError("CONTRACT_ABOVE_BUDGET", field="value", budget=str(project.approved_budget))
        await _organisation(vendor_id, OrganisationKind.VENDOR, field="vendor_id")
        project.vendor_id = vendor_id
        project.contract_amount = contract
        fields = ["vendor_id", "contract_amount"]
        if supervisor_id is not None:
            await _organisation(supervisor_id, OrganisationKind.SUPERVISOR, field="supervisor_id")
            project.supervisor_id = supervisor_id
            fields.append("supervisor_id")
        await _change(acting, project, "RECORD_CONTRACT", fields, {"value": str(contract), "vendor": str(vendor_id)})
        return result(project)

    return await run_once(user_id=acting.user_id, key=acting.key, action="contract", request=request, perform=perform)


async def assign_supervisor(*, acting: Acting, project_id: int, supervisor_id: int) -> ProcessState:
    """The builder names the supervision company (监理), required before construction from 1,000,000 yuan."""

    async def perform() -> ProcessState:
        project = await locked_project(project_id, field="project_id")
        await _builder_of(acting, project)
        await _stage_active(project, Stage.PROCUREMENT, Stage.CONSTRUCTION)
        await _organisation(supervisor_id, OrganisationKind.SUPERVISOR, field="supervisor_id")
        project.supervisor_id = supervisor_id
        await _change(acting, project, "ASSIGN_SUPERVISOR", ["supervisor_id"], {"supervisor": str(supervisor_id)})
        return result(project)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="supervisor",
        request={"project": project_id, "supervisor": supervisor_id},
        perform=perform,
    )


async def record_payment(*, acting: Acting, project_id: int, value: Decimal, milestone: str) -> PaymentRecorded:
    """资金支付 by finance; all payments together never above the contract."""
    request = {"project": project_id, "value": str(value), "milestone": milestone}

    async def perform() -> PaymentRecorded:
        project = await locked_project(project_id, field="project_id")
        await _membership(acting.user_id, CenterKind.FINANCE)
        await _stage_active(project, Stage.CONSTRUCTION, Stage.ACCEPTANCE, Stage.OPERATIONS)
        paid = amount(value, field="value")
        if not milestone.strip():
            raise ProjectError("INVALID_INPUT", field="milestone")
        if project.contract_amount is None or project.paid_amount + paid > project.contract_amount:
            raise ProjectError(
                "PAYMENT_ABOVE_CONTRACT",
                field="value",
                contract=str(project.contract_amount),
                paid=str(project.paid_amount),
            )
        await Payment.create(
            project=project,
            amount=paid,
            milestone=milestone.strip(),
            recorded_by_id=acting.user_id,
            recorded_at=clock.now(),
        )
        project.paid_amount += paid
        await _change(acting, project, "RECORD_PAYMENT", ["paid_amount"], {"value": str(paid)})
        return PaymentRecorded(state=result(project), paid_amount=project.paid_amount)

    return await run_once(user_id=acting.user_id, key=acting.key, action="payment", request=request, perform=perform)


async def verify_data_resource(*, acting: Acting, resource_id: int) -> ResourceVerified:
    """At acceptance the data bureau confirms a declared resource is aggregated to the shared platform."""

    async def perform() -> ResourceVerified:
        resource = await DataResource.get_or_none(id=resource_id)
        if resource is None:
            raise ProjectError("NOT_FOUND", field="resource_id")
        project = await locked_project(resource.project_id)
        await _membership(acting.user_id, CenterKind.DATA)
        await _stage_active(project, Stage.ACCEPTANCE)
        if resource.verified_at is None:
            await DataResource.filter(id=resource.id).update(verified_at=clock.now(), verified_by_id=acting.user_id)
        await log(project=project, acting=acting, action="VERIFY_RESOURCE", detail={"resource": str(resource.id)})
        return ResourceVerified(state=result(project), resource_id=resource.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="verify_resource",
        request={"resource": resource_id},
        perform=perform,
    )


async def _builder_of(acting: Acting, project: Project) -> None:
    held = await _membership(acting.user_id, DECLARING_CENTER)
    if held.organisation_id != project.builder_id:
        raise ProjectError("NOT_FOUND", field="project_id")


async def _organisation(org_id: int, kind: OrganisationKind, *, field: str) -> None:
    if not await Organisation.filter(id=org_id, kind=kind).exists():
        raise ProjectError("INVALID_INPUT", field=field)
