"""The one factory module of the tests: demo users, acting as them, declaring projects and driving them
through the real flows to any step; counting what an action wrote."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from domain import clock
from domain.accounts.models import Organisation, User
from domain.accounts.passwords import HashParameters, Passwords
from domain.actions.acting import Acting
from domain.audit.models import AuditRecord
from domain.audit.service import Origin
from domain.catalogue.models import DataResource, SharingClass
from domain.events.models import Event
from domain.projects import flows as projects
from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage
from domain.projects.models import Project
from domain.reviews.models import Panel, PanelSeat
from domain.scoring.models import ScoreEntry
from domain.workflow import flows
from domain.workflow.models import Decision, IdempotencyKey, StepRun, StepStatus, Task, TaskKind, TaskStatus

_keys = itertools.count(1)
RESOURCE = projects.ResourceInput(
    name="人口基础信息",
    provider="市公安局",
    fields=("身份证号", "姓名", "住址"),
    update_frequency="DAILY",
    sharing_class=SharingClass.CONDITIONAL,
)


def key() -> str:
    return f"test-key-{next(_keys)}"


async def user_id(username: str) -> int:
    return (await User.get(username=username)).id


async def acting(username: str) -> Acting:
    return Acting(user_id=await user_id(username), origin=Origin(ip="127.0.0.1", device="pytest"), key=key())


async def declare(
    username: str = "builder",
    amount: str = "3000000",
    type_: ProjectType = ProjectType.MIXED,
    category: ProjectCategory = ProjectCategory.NEW,
    parent_code: str | None = None,
    resources: int = 1,
) -> Project:
    result = await projects.declare(
        acting=await acting(username),
        declaration=projects.Declaration(
            name="城市运行数据驾驶舱",
            category=category,
            type=type_,
            requested_amount=amount,  # type: ignore[arg-type]  # bad input reaches the flow as typed
            resources=(RESOURCE,) * resources,
            parent_code=parent_code,
        ),
    )
    return await Project.get(id=result.state.project_id)


async def open_tasks(project: Project) -> list[Task]:
    return await Task.filter(project_id=project.id, status=TaskStatus.OPEN).order_by("id")


async def approve(task: Task, as_user: int | None = None) -> dict:
    step = await StepRun.get(id=task.step_run_id)
    who = Acting(user_id=as_user or task.assignee_id, origin=Origin(), key=key())
    return await flows.decide(acting=who, task_id=task.id, verdict=flows.Verdict.APPROVE, expected_version=step.version)


async def facts_for(project: Project) -> None:
    """What the people of a stage record before they can finish it."""
    project = await Project.get(id=project.id)
    stages = {s.stage for s in await StepRun.filter(project_id=project.id, status="ACTIVE")}
    if Stage.FINANCE_REVIEW in stages and project.approved_budget is None:
        await projects.set_approved_budget(
            acting=await acting("finance"), project_id=project.id, value=project.requested_amount * Decimal("0.9")
        )
    if Stage.PROCUREMENT in stages and project.contract_amount is None:
        vendor = await Organisation.get(name="杭州云栖数智科技有限公司")
        supervisor = await Organisation.get(name="杭州正信信息工程监理有限公司")
        await projects.record_contract(
            acting=await acting("builder"),
            project_id=project.id,
            vendor_id=vendor.id,
            value=project.approved_budget * Decimal("0.95"),
            supervisor_id=supervisor.id,
        )
    if Stage.ACCEPTANCE in stages:
        for resource in await DataResource.filter(project_id=project.id, verified_at__isnull=True):
            await projects.verify_data_resource(acting=await acting("data"), resource_id=resource.id)


PASSWORDS = Passwords(HashParameters(time_cost=1, memory_cost_kib=1024, parallelism=1))
PIN = "246810"


async def run_panel(project: Project, *, opinion: str = "PASS", share: str = "0.8", seed: int = 7) -> Panel:
    """The data bureau draws three experts; each accepts and submits a sheet scoring `share` of every maximum."""
    from domain.calendar import china_today
    from domain.reviews import flows as reviews
    from domain.reviews.rules.rubric import rubric_for

    step = await StepRun.get(project_id=project.id, status="ACTIVE", action="SCORE")
    await reviews.request_panel(
        acting=await acting("data"),
        project_id=project.id,
        request=reviews.PanelRequest(
            stage=step.stage, quotas=((None, 3),), review_date=china_today(clock.now()), seed=seed
        ),
    )
    panel = await Panel.filter(project_id=project.id).order_by("-id").first()
    rubric = rubric_for(step.stage)
    for seat in await PanelSeat.filter(panel_id=panel.id).prefetch_related("expert"):
        who = Acting(user_id=seat.expert.user_id, origin=Origin(), key=key())
        await reviews.respond(acting=who, seat_id=seat.id, accept=True, no_conflict=True)
    for seat in await PanelSeat.filter(panel_id=panel.id).prefetch_related("expert"):
        scores = {c.key: str((c.max_points * Decimal(share)).quantize(Decimal("0.1"))) for c in rubric.criteria}
        who = Acting(user_id=seat.expert.user_id, origin=Origin(), key=key())
        await reviews.submit_sheet(
            acting=who,
            passwords=PASSWORDS,
            seat_id=seat.id,
            scores=scores,
            comment="同意",
            opinion=opinion,
            second_factor=PIN,
            expected_version=None,
        )
    return await Panel.get(id=panel.id)


async def drive(project: Project, *, until: Stage | None = None, max_actions: int = 200) -> Project:
    """Approve open tasks in order (running expert panels) until the project reaches `until` or ends."""
    for _ in range(max_actions):
        project = await Project.get(id=project.id)
        if project.status is not ProjectStatus.ACTIVE or (until is not None and project.stage is until):
            return project
        await facts_for(project)
        tasks = await open_tasks(project)
        assert tasks, f"no open task at {project.stage}"
        if tasks[0].kind is TaskKind.ORGANISE:
            await run_panel(project)
        else:
            await approve(tasks[0])
    raise AssertionError("the process did not end")


async def advance(project: Project, actions: int) -> Project:
    """Approve the first open task `actions` times (a panel counts as one)."""
    for _ in range(actions):
        await facts_for(project)
        first = (await open_tasks(project))[0]
        if first.kind is TaskKind.ORGANISE:
            await run_panel(project)
        else:
            await approve(first)
    return await Project.get(id=project.id)


async def counts() -> tuple[int, ...]:
    """How many decisions, audit records, events, tasks, idempotency keys and score entries exist."""
    return (
        await Decision.all().count(),
        await AuditRecord.all().count(),
        await Event.all().count(),
        await Task.all().count(),
        await IdempotencyKey.all().count(),
        await ScoreEntry.all().count(),
    )


async def at_step(step_key: str, **kw: Any) -> tuple[Project, StepRun, list[Task]]:
    """A newly declared project driven until `step_key` is active, with its open to-dos."""
    project = await declare(**kw)
    for _ in range(50):
        step = await StepRun.get_or_none(project_id=project.id, step_key=step_key, status=StepStatus.ACTIVE)
        if step is not None:
            return await Project.get(id=project.id), step, await open_tasks(project)
        await advance(project, 1)
    raise AssertionError(f"never reached {step_key}")


def declaration_variables(name: str = "12345政务热线智能化改造", amount: str = "1500000") -> dict[str, Any]:
    """`declareProject` variables as a client sends them: a new software project with one data resource."""
    return {
        "input": {
            "idempotencyKey": key(),
            "name": name,
            "category": "NEW",
            "type": "SOFTWARE",
            "requestedAmount": amount,
            "dataResources": [
                {
                    "name": "热线工单",
                    "provider": "市政务服务中心",
                    "fields": ["工单号", "诉求"],
                    "updateFrequency": "DAILY",
                    "sharingClass": "CONDITIONAL",
                }
            ],
        }
    }
