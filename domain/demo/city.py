"""The living demo city: projects made by the real flows, on a fixed seed and a moved clock.

Every action is the flow a person would take (declare, decide, return, panels, sheets, contracts,
payments, findings, ratings, delegation), each at an instant fixed by `clock.travel`: a project's
stages happen on working days counted back from the city's day (`today`), so the step each project
waits at has been open for a chosen number of working days and its light is the one planned.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from domain import clock
from domain.accounts.models import Organisation, User
from domain.accounts.passwords import Passwords
from domain.actions.acting import Acting
from domain.audit import findings
from domain.audit.service import Origin
from domain.calendar.rules import WorkingCalendar
from domain.calendar.service import current_calendar
from domain.catalogue.models import DataResource, SharingClass
from domain.demo.data import (
    _NAMES,
    BUILDER_ORG,
    CITY_STOPS,
    DEMO_EXPERT_PIN,
    OM_NAME,
    RESOURCES,
    SUPERVISION_THRESHOLD,
    ResourcePlan,
)
from domain.projects import flows as projects
from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage
from domain.projects.models import Project
from domain.reviews import flows as reviews
from domain.reviews.models import Panel, PanelSeat
from domain.reviews.rules.rubric import rubric_for
from domain.scoring import flows as scoring
from domain.workflow import delegation, scanner
from domain.workflow import flows as workflow
from domain.workflow.models import StageRun, StepRun, Task, TaskKind, TaskStatus

CHINA = timedelta(hours=8)
DAYS_PER_STAGE = 3  # working days between one stage and the next in a project's history
ORIGIN = Origin(ip="127.0.0.1", device="demo-city")
ORDER = list(Stage)


class CityError(RuntimeError):
    """A flow did not lead where the city's plan expected: the plan and the flows disagree."""


@dataclass(frozen=True, slots=True)
class Plan:
    """One project of the city: who declares it, where it stops, how long its current step has waited."""

    builder: str  # username of the declaring builder
    name: str
    type: ProjectType
    category: ProjectCategory
    requested: Decimal
    stop: str  # a stop name from STOPS
    waited: int  # working days the step it waits at has been open
    vendor: str = "vendor"  # organisation key of the contracted vendor


class _OncePasswords(Passwords):
    """The seeding's passwords: the one demo PIN is checked once, not at every sheet (argon2 is slow)."""

    def __init__(self, inner: Passwords) -> None:
        self._inner = inner
        self._known: dict[tuple[str | None, str], bool] = {}

    async def hash(self, password: str) -> str:
        return await self._inner.hash(password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        key = (password_hash, password)
        if key not in self._known:
            self._known[key] = await self._inner.verify(password_hash, password)
        return self._known[key]


class City:
    """Drives the city's projects; keys and instants are counted, so two loads give the same city."""

    def __init__(self, *, passwords: Passwords, today: date, calendar: WorkingCalendar, seed: int) -> None:
        self.passwords = _OncePasswords(passwords)
        self.today = today
        self.calendar = calendar
        self.rng = random.Random(seed)
        self._keys = itertools.count(1)
        self._minutes = itertools.count()
        self.users: dict[str, int] = {}
        self.orgs: dict[str, int] = {}

    async def load_people(self, org_keys: dict[str, str]) -> None:
        self.users = dict(await User.filter(is_demo=True).values_list("username", "id"))
        by_name = dict(await Organisation.all().values_list("name", "id"))
        self.orgs = {key: by_name[name] for key, name in org_keys.items()}

    # --- time -------------------------------------------------------------------------------------
    def working_day(self, back: int) -> date:
        """The working day `back` working days before the city's day."""
        day = self.today
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        for _ in range(back):
            day -= timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= timedelta(days=1)
        return day

    def at(self, back: int) -> datetime:
        """An instant on that working day: 09:00 China time plus a minute per action taken so far today."""
        minutes = next(self._minutes) % 480
        local = datetime.combine(self.working_day(back), time(9, 0)) + timedelta(minutes=minutes)
        return (local - CHINA).replace(tzinfo=UTC)

    def acting(self, username_or_id: str | int | None) -> Acting:
        if username_or_id is None:
            raise ValueError("the demo city acts only as users with an account")
        user_id = self.users[username_or_id] if isinstance(username_or_id, str) else username_or_id
        return Acting(user_id=user_id, origin=ORIGIN, key=f"demo-city-{next(self._keys)}")

    # --- one project --------------------------------------------------------------------------------
    async def declare(self, plan: Plan, resources: tuple[ResourcePlan, ...], parent_code: str | None = None) -> int:
        declaration = projects.Declaration(
            name=plan.name,
            category=plan.category,
            type=plan.type,
            requested_amount=plan.requested,
            resources=tuple(
                projects.ResourceInput(
                    name=r[0], provider=r[1], fields=r[2], update_frequency=r[3], sharing_class=SharingClass(r[4])
                )
                for r in resources
            ),
            parent_code=parent_code,
        )
        result = await projects.declare(acting=self.acting(plan.builder), declaration=declaration)
        return result.state.project_id

    async def open_tasks(self, project_id: int) -> list[Task]:
        return await Task.filter(project_id=project_id, status=TaskStatus.OPEN).order_by("id")

    async def approve(self, task: Task, comment: str | None = None) -> None:
        step = await StepRun.get(id=task.step_run_id)
        await workflow.decide(
            acting=self.acting(task.assignee_id),
            task_id=task.id,
            verdict=workflow.Verdict.APPROVE,
            expected_version=step.version,
            comment=comment if comment is not None else OPINIONS.get(step.action, "同意"),
        )

    async def facts(self, project: Project, plan: Plan) -> None:
        """What the people of the active stages record before they can finish them."""
        active = {s.stage for s in await StageRun.filter(project_id=project.id, status="ACTIVE")}
        if Stage.FINANCE_REVIEW in active and project.approved_budget is None:
            budget = (project.requested_amount * Decimal("0.92")).quantize(Decimal(1))
            await projects.set_approved_budget(acting=self.acting("finance"), project_id=project.id, value=budget)
        if Stage.PROCUREMENT in active and project.contract_amount is None and project.approved_budget:
            contract = (project.approved_budget * Decimal("0.95")).quantize(Decimal(1))
            supervised = contract >= SUPERVISION_THRESHOLD
            await projects.record_contract(
                acting=self.acting(plan.builder),
                project_id=project.id,
                vendor_id=self.orgs[plan.vendor],
                value=contract,
                supervisor_id=self.orgs["supervisor"] if supervised else None,
            )
        if Stage.CONSTRUCTION in active and project.contract_amount and project.paid_amount == 0:
            first = (project.contract_amount * Decimal("0.3")).quantize(Decimal(1))
            await projects.record_payment(
                acting=self.acting("finance"), project_id=project.id, value=first, milestone="合同签订首付款"
            )
        if Stage.ACCEPTANCE in active:
            steps = await StepRun.filter(project_id=project.id, status="ACTIVE").values_list("step_key", flat=True)
            if "acceptance_review" in steps:
                for resource in await DataResource.filter(project_id=project.id, verified_at__isnull=True):
                    await projects.verify_data_resource(acting=self.acting("data"), resource_id=resource.id)
            if "final_payment" in steps and project.contract_amount:
                rest = project.contract_amount - project.paid_amount
                if rest > 0:
                    await projects.record_payment(
                        acting=self.acting("finance"), project_id=project.id, value=rest, milestone="验收合格尾款"
                    )

    async def request_panel(self, project_id: int, size: int = 3) -> Panel:
        step = await StepRun.get(project_id=project_id, status="ACTIVE", action="SCORE")
        result = await reviews.request_panel(
            acting=self.acting("data"),
            project_id=project_id,
            request=reviews.PanelRequest(
                stage=step.stage,
                quotas=((None, size),),
                review_date=_china(clock.now()),
                seed=self.rng.randrange(1, 10_000),
            ),
        )
        return await Panel.get(id=result.panel_id)

    async def seats(self, panel: Panel) -> list[PanelSeat]:
        return await PanelSeat.filter(panel_id=panel.id).order_by("id").prefetch_related("expert")

    async def accept_all(self, panel: Panel) -> None:
        for seat in await self.seats(panel):
            await reviews.respond(
                acting=self.acting(seat.expert.user_id), seat_id=seat.id, accept=True, no_conflict=True
            )

    def sheet(self, stage: Stage, share: Decimal) -> dict[str, str]:
        """Scores near `share` of every maximum, each expert a little different."""
        scores = {}
        for criterion in rubric_for(stage).criteria:
            wobble = Decimal(self.rng.randrange(-5, 6)) / 100
            value = min(Decimal(1), max(Decimal(0), share + wobble)) * criterion.max_points
            scores[criterion.key] = str(value.quantize(Decimal("0.5")))
        return scores

    async def submit_sheet(self, seat: PanelSeat, stage: Stage, share: Decimal, opinion: str = "PASS") -> None:
        await reviews.submit_sheet(
            acting=self.acting(seat.expert.user_id),
            passwords=self.passwords,
            seat_id=seat.id,
            scores=self.sheet(stage, share),
            comment="方案总体可行，建议细化数据共享清单。",
            opinion=opinion,
            second_factor=DEMO_EXPERT_PIN,
            expected_version=None,
        )

    async def run_panel(self, project_id: int) -> None:
        """Draw, accept, score: the panel closes by itself once the last sheet is in."""
        panel = await self.request_panel(project_id)
        await self.accept_all(panel)
        stage = panel.stage
        share = Decimal("0.78") + Decimal(self.rng.randrange(0, 15)) / 100
        for seat in await self.seats(panel):
            await self.submit_sheet(seat, stage, share)

    async def act(self, project: Project, plan: Plan) -> None:
        """One action on the project: the first open task's, done the way its kind is done."""
        await self.facts(project, plan)
        project = await Project.get(id=project.id)
        held = STOPS[plan.stop].hold
        tasks = [
            t
            for t in await self.open_tasks(project.id)
            if t.kind is not TaskKind.SUPERVISION
            and not (held and t.step_run_id and (await StepRun.get(id=t.step_run_id)).step_key in held)
        ]
        if not tasks:
            raise CityError(f"{project.code} waits at {project.stage} with no open task")
        task = tasks[0]
        if task.kind is TaskKind.ORGANISE:
            await self.run_panel(project.id)
        elif task.kind is TaskKind.REVISION:
            await workflow.resubmit(acting=self.acting(task.assignee_id), task_id=task.id, comment="已按意见修改")
        elif task.kind is TaskKind.ACTION:
            await self.approve(task)
        else:
            raise CityError(f"{project.code}: the city does not drive a {task.kind} task")

    async def drive(self, project_id: int, plan: Plan, until: Iterator[bool] | None = None) -> Project:
        """Act until the plan's stop is reached, each stage on its own working day."""
        stop = STOPS[plan.stop]
        target = _stop_index(stop)
        for _ in range(400):
            project = await Project.get(id=project_id)
            if await _reached(project, stop):
                return project
            if project.status is not ProjectStatus.ACTIVE:
                raise CityError(f"{project.code} ended as {project.status} before {plan.stop}")
            current = ORDER.index(project.stage)
            with clock.travel(self.at(plan.waited + (target - current) * DAYS_PER_STAGE)):
                await self.act(project, plan)
        raise CityError(f"{plan.name} did not reach {plan.stop}")


# What people write when they carry a step out: an applicant submits, a 备案/登记 step records, others agree.
OPINIONS = {"SUBMIT": "申报材料已齐全，提交审核。", "RECORD": "已登记。"}


@dataclass(frozen=True, slots=True)
class Stop:
    """Where a project waits: the stage and the step key whose first task is open (None: process ended)."""

    stage: Stage | None
    step: str | None = None
    # Steps left untouched on the way, so that their work waits too (a parallel branch).
    hold: frozenset[str] = frozenset()


# The places a demo project stops, each named for the work it leaves waiting.
STOPS: dict[str, Stop] = {
    "draft": Stop(Stage.PRE_REVIEW, "submit_application"),  # builder: submit the application
    "intake": Stop(Stage.PRE_REVIEW, "intake"),  # data bureau: one-window intake
    "price": Stop(Stage.PRE_REVIEW, "price_assessment"),  # third-party experts: price assessment
    "pre_review": Stop(Stage.PRE_REVIEW, "pre_review_decision"),
    "submit_plan": Stop(Stage.PLAN_REVIEW, "submit_plan"),
    "organise": Stop(Stage.PLAN_REVIEW, "expert_scoring"),  # data bureau: a panel to organise
    "conclusion": Stop(Stage.PLAN_REVIEW, "plan_review_conclusion"),
    # Finance and DRC on the same project at once (并联审批): 财政审核 reached, 立项审批 left waiting.
    "parallel": Stop(Stage.FINANCE_REVIEW, "budget_review", hold=frozenset({"project_approval"})),
    "impl": Stop(Stage.IMPL_REVIEW, "data_officer_review"),
    "procurement": Stop(Stage.PROCUREMENT, "record_tender_result"),
    "milestone": Stop(Stage.CONSTRUCTION, "milestone_report"),  # vendor: a milestone report
    "supervision": Stop(Stage.CONSTRUCTION, "supervision_log"),  # supervisor: a construction log
    "payment": Stop(Stage.CONSTRUCTION, "milestone_payment"),
    "acceptance": Stop(Stage.ACCEPTANCE, "acceptance_review"),
    "evaluation": Stop(Stage.EVALUATION, "performance_evaluation"),
    "operations": Stop(Stage.OPERATIONS, "om_ledger"),
    "completed": Stop(None),
}


def _china(at: datetime) -> date:
    return (at + CHINA).date()


def _stop_index(stop: Stop) -> int:
    return len(ORDER) if stop.stage is None else ORDER.index(stop.stage)


async def _reached(project: Project, stop: Stop) -> bool:
    if stop.stage is None:
        return project.status is ProjectStatus.COMPLETED
    if stop.step is None:
        return await StageRun.filter(project_id=project.id, stage=stop.stage, status="ACTIVE").exists()
    return await StepRun.filter(project_id=project.id, step_key=stop.step, status="ACTIVE").exists()


# Stops that are a plain stop plus one more action, leaving the work the tour shows.
SPECIAL_STOPS = {"returned": "intake", "invite": "organise", "scoring": "organise"}


async def special(city: City, project_id: int, plan: Plan, kind: str) -> None:
    """The extra action of a special stop, on the day the project waits from."""
    with clock.travel(city.at(plan.waited)):
        if kind == "returned":
            task = (await city.open_tasks(project_id))[0]
            step = await StepRun.get(id=task.step_run_id)
            await workflow.return_for_revision(
                acting=city.acting(task.assignee_id),
                task_id=task.id,
                expected_version=step.version,
                comment="数据资源归集申报缺少字段清单，请补充后重新提交。",
            )
        elif kind == "invite":
            await city.request_panel(project_id, size=5)  # every expert of the pool is invited
        elif kind == "scoring":
            panel = await city.request_panel(project_id, size=5)
            await city.accept_all(panel)
            share = Decimal("0.85")
            for seat in await city.seats(panel):
                if seat.expert.user_id == city.users["expert"]:
                    # Half the criteria scored and saved: the expert's sheet waits, a draft.
                    criteria = rubric_for(panel.stage).criteria
                    scores = dict(list(city.sheet(panel.stage, share).items())[: len(criteria) // 2])
                    await reviews.save_draft(
                        acting=city.acting(seat.expert.user_id),
                        seat_id=seat.id,
                        scores=scores,
                        comment="待补充：技术路线部分",
                        expected_version=None,
                    )
                else:
                    await city.submit_sheet(seat, panel.stage, share)


def plans(count: int, rng: random.Random) -> list[tuple[Plan, str | None]]:
    """`count` projects in the city's shape: the thirty of the plan, then again as later phases (二期, ...)."""
    rows = [
        (builder, i, stop, waited)
        for i in range(10)
        for builder, stops in CITY_STOPS.items()
        for stop, waited in [stops[i]]
    ]
    made: list[tuple[Plan, str | None]] = []
    for n in range(count):
        builder, index, stop, waited = rows[n % len(rows)]
        phase = n // len(rows)
        kind = SPECIAL_STOPS.get(stop)
        if phase:
            kind = None  # the tour's special work exists once
        name = _NAMES[BUILDER_ORG[builder]][index] + (f"（{phase + 1}期）" if phase else "")
        plan = Plan(
            builder=builder,
            name=name,
            type=(ProjectType.SOFTWARE, ProjectType.MIXED, ProjectType.HARDWARE)[n % 3],
            category=ProjectCategory.UPGRADE if index % 3 == 1 else ProjectCategory.NEW,
            requested=Decimal(rng.randrange(30, 900) * 10_000),
            stop=SPECIAL_STOPS.get(stop, stop),
            waited=waited,
            vendor=("vendor", "vendor2")[index % 2 if index not in (2, 5) else 0],
        )
        made.append((plan, stop if kind else None))
    return made


async def build(city: City, count: int) -> None:
    """Every project of the plan through the flows, then the O&M project, ratings, findings, scan."""
    completed: dict[str, int] = {}
    for plan, kind in plans(count, city.rng):
        # Declared on the day its first step is taken (drive goes back as far), so its history reads in order.
        with clock.travel(city.at(plan.waited + _stop_index(STOPS[plan.stop]) * DAYS_PER_STAGE)):
            project_id = await city.declare(plan, RESOURCES[: 1 + len(plan.name) % 3])
        project = await city.drive(project_id, plan)
        if kind:
            await special(city, project_id, plan, kind)
        if plan.stop == "completed":
            completed.setdefault(plan.builder, project.id)
    police = await Project.get(id=completed["builder"])
    om = Plan(
        builder="builder",
        name=OM_NAME,
        type=ProjectType.SOFTWARE,
        category=ProjectCategory.OM,
        requested=Decimal(480_000),
        stop="intake",
        waited=0,
    )
    with clock.travel(city.at(0)):
        om_id = await city.declare(om, (), parent_code=police.code)
    await city.drive(om_id, om)
    await mutual_ratings(city, police)
    await audit_findings(city, police)
    await finish_city(city)


async def mutual_ratings(city: City, project: Project) -> None:
    """互评 of the completed project's last stage, by both sides: so the results are revealed."""
    with clock.travel(city.at(0)):
        data_org = (await User.get(id=city.users["data"])).organisation_id
        builder_org = project.builder_id
        for rater, ratee, rating, comment in (
            ("builder", data_org, 5, "运维评价及时，意见具体。"),
            ("data", builder_org, 4, "运维台账完整，个别记录滞后。"),
        ):
            await scoring.rate_mutually(
                acting=city.acting(rater),
                project_id=project.id,
                stage=Stage.OPERATIONS,
                ratee_org_id=ratee,
                rating=rating,
                comment=comment,
            )


async def audit_findings(city: City, project: Project) -> None:
    """Audit raises two findings on the completed project: one answered (audit to close), one to answer."""
    with clock.travel(city.at(3)):
        first = await findings.raise_finding(
            acting=city.acting("audit"), project_id=project.id, text="合同金额与中标通知书金额核对的佐证材料不全。"
        )
    with clock.travel(city.at(2)):
        await findings.answer_finding(
            acting=city.acting("builder"),
            finding_id=first.finding_id,
            text="已补充中标通知书及合同签订审批单，见附件。",
        )
    with clock.travel(city.at(1)):
        await findings.raise_finding(
            acting=city.acting("audit"), project_id=project.id, text="尾款支付早于数据资源归集核验记录，请说明。"
        )


async def finish_city(city: City) -> None:
    """What is not one project's path: a delegation, ratings, findings, the scan that lights 督办."""
    with clock.travel(city.at(2)):
        start = clock.now()
        # 钱芳 of finance stands in for 李秀英 while she travels: in force on the city's day and a month on.
        await delegation.delegate(
            acting=city.acting("finance"),
            delegate_id=city.users["finance2"],
            starts_at=start,
            ends_at=start + timedelta(days=30),
        )
    with clock.travel(city.at(0)):
        await scanner.scan()


async def current_working_calendar() -> WorkingCalendar:
    return await current_calendar()
