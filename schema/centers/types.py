"""GraphQL types of the centers (八个中心): to-dos, projects and figures, scoped to the role."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Any

import strawberry

from domain.accounts.kinds import CenterKind as CenterKindValue
from domain.accounts.models import CenterMembership as MembershipRow
from domain.calendar import WarningLight as WarningLightValue
from domain.calendar import WorkingCalendar
from domain.projects.kinds import ProjectStatus as ProjectStatusValue
from domain.projects.kinds import Stage as StageValue
from domain.projects.models import Project as ProjectRow
from domain.projects.queries import Figure, ProjectFilter, center_figures, project_page
from domain.projects.queries import Library as LibraryValue
from domain.scoring.service import organisation_ranking
from domain.workflow.forms import StepForm as StepFormValue
from domain.workflow.forms import batch_allowed, form_for, opinion_required, step_name
from domain.workflow.models import TaskKind as TaskKindValue
from domain.workflow.queries import Clocked, TodoFilter, actions_for, expects, task_clock_of, todo_page
from domain.workflow.route import route_ahead
from schema.accounts.types import CenterKind, Organisation, load_organisation
from schema.audit.types import FindingView, findings_for
from schema.catalogue.types import CatalogueEntry, catalogue_page
from schema.experts.types import ExpertEntry, expert_page
from schema.inbox.settings import DeadLetter, dead_letter_page
from schema.projects.escalation import EscalationStep
from schema.projects.types import Project, ProjectStatus, Stage, WarningLight
from schema.scoring.types import Evaluations, evaluations_for
from schema.shared import ids
from schema.shared.context import Context
from schema.shared.errors import PublicError
from schema.shared.pagination import Connection, Edge, PageInfo, after_key, asked_fields, cursor, page_size

TaskKind = TaskKindValue
strawberry.enum(TaskKind, name="TaskKind")


@strawberry.enum(description="What the to-do expects of its holder.")
class ExpectedAction(Enum):
    SUBMIT = "SUBMIT"
    REVIEW = "REVIEW"
    APPROVE = "APPROVE"
    RECORD = "RECORD"
    SCORE = "SCORE"
    RESUBMIT = "RESUBMIT"
    SUPERVISE = "SUPERVISE"
    ORGANISE_PANEL = "ORGANISE_PANEL"
    RESPOND_INVITATION = "RESPOND_INVITATION"
    ANSWER_FINDING = "ANSWER_FINDING"
    CLOSE_FINDING = "CLOSE_FINDING"


StepForm = StepFormValue
strawberry.enum(
    StepForm,
    name="StepForm",
    description="What a to-do's holder records with the step, beside the decision (the form a client shows).",
)


@strawberry.enum(description="What a to-do lets its holder do (decided by the server; clients keep no list).")
class TodoAction(Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    RETURN = "RETURN"
    RESUBMIT = "RESUBMIT"
    RECORD = "RECORD"
    TRANSFER = "TRANSFER"
    ADD_SIGNER = "ADD_SIGNER"
    COMMENT = "COMMENT"
    URGE = "URGE"


@strawberry.type(description="A step on the route ahead of a submission.")
class RouteStep:
    step_key: str
    step_name: str
    stage: Stage
    centers: list[CenterKind] = strawberry.field(description="Who acts on the step.")
    limit_days: int
    expected_by: date = strawberry.field(description="Expected done by, if every step before takes its limit.")
    estimated: bool = strawberry.field(description="The date counts days of a year without an official calendar.")


@strawberry.type(description="A to-do (待办) of the signed-in user in one center.")
class Todo:
    """A to-do with its step, its project and the calendar already in hand (`todo_of`), so its scalar fields
    are plain functions: a page of 20 to-dos is resolved without an await per field."""

    row: strawberry.Private[dict[str, Any]]
    step: strawberry.Private[dict[str, Any] | None]
    project_row: strawberry.Private[dict[str, Any] | None]
    calendar: strawberry.Private[WorkingCalendar]
    today: strawberry.Private[date]
    locale: strawberry.Private[str]
    seat: strawberry.Private[int | None]

    @cached_property
    def _clock(self) -> Clocked | None:
        return task_clock_of(self.row, self.step, self.calendar, self.today)

    @cached_property
    def _expects(self) -> str:
        return expects(self.row, self.step)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Task", self.row["id"]))

    @strawberry.field
    def kind(self) -> TaskKind:
        return TaskKindValue(self.row["kind"])

    @strawberry.field
    def title(self) -> str:
        return self.row["title"]

    @strawberry.field
    def due_at(self) -> datetime | None:
        return self.row["due_at"]

    @strawberry.field
    def urge_count(self) -> int:
        return self.row["urge_count"]

    @strawberry.field
    def project(self) -> Project | None:
        return Project(row=self.project_row) if self.project_row else None

    @strawberry.field(description="For invitations and score sheets: the panel seat to answer or fill in.")
    def seat_id(self) -> strawberry.ID | None:
        return strawberry.ID(ids.encode("Seat", self.seat)) if self.seat else None

    @strawberry.field(description="The step version a decision must name (optimistic concurrency).")
    def step_version(self) -> int | None:
        return self.step["version"] if self.step else None

    @strawberry.field
    def step_key(self) -> str | None:
        return self.step["step_key"] if self.step else None

    @strawberry.field(
        description="批量办理: the step's template lets this to-do be approved together with others of its kind "
        "(each still its own decision, idempotency key and version)."
    )
    def batchable(self) -> bool:
        step, project = self.step, self.project_row
        if step is None or project is None or TaskKindValue(self.row["kind"]) is not TaskKindValue.ACTION:
            return False
        return batch_allowed(project["template_key"], project["template_version"], step["step_key"])

    @strawberry.field(
        description="Whether approving or recording this step needs a written opinion (conclusions give reasons, "
        "records say what was recorded); refusing and returning always do."
    )
    def opinion_required(self) -> bool:
        if TaskKindValue(self.row["kind"]) is not TaskKindValue.ACTION:
            return False
        return opinion_required(self.step)

    @strawberry.field(description="The step's name in the caller's language (Accept-Language).")
    def step_name(self) -> str | None:
        return step_name(self.step["step_key"], self.locale) if self.step else None

    @strawberry.field(
        description="What is recorded with the step beside the decision (amounts, vendor, plan); null if nothing."
    )
    def form(self) -> StepForm | None:
        if TaskKindValue(self.row["kind"]) is not TaskKindValue.ACTION:
            return None
        return form_for(self.step, self.row["center"])

    @strawberry.field(
        description="For the applicant's submission and resubmission: the steps that follow, who acts and "
        "when each is expected done (working-day limits added from today; a detail-view field)."
    )
    async def route_ahead(self, info: strawberry.Info) -> list[RouteStep]:
        step = self.step
        if step is None or self._expects not in ("SUBMIT", "RESUBMIT") or self.row["project_id"] is None:
            return []
        context: Context = info.context
        project = await ProjectRow.get(id=self.row["project_id"])
        route = await route_ahead(project, step["step_key"], self.calendar, self.today)
        return [
            RouteStep(
                step_key=r.step_key,
                step_name=step_name(r.step_key, context.locale),
                stage=StageValue(r.stage),
                centers=[CenterKindValue(c) for c in r.centers],
                limit_days=r.limit_days,
                expected_by=r.expected_by,
                estimated=r.estimated,
            )
            for r in route
        ]

    @strawberry.field
    def stage(self) -> Stage | None:
        return StageValue(self.step["stage"]) if self.step else None

    @strawberry.field
    def expects(self) -> ExpectedAction:
        return ExpectedAction(self._expects)

    @strawberry.field(description="What you may do with this to-do, the expected action first.")
    def actions(self) -> list[TodoAction]:
        return [TodoAction(name) for name in actions_for(self._expects)]

    @strawberry.field(description="Working days used on the step so far (paused days excluded).")
    def days_used(self) -> int | None:
        return self._clock.days_used if self._clock else None

    @strawberry.field(description="Working days left (negative when overdue).")
    def days_left(self) -> int | None:
        return self._clock.days_left if self._clock else None

    @strawberry.field
    def limit_days(self) -> int | None:
        return self._clock.limit_days if self._clock else None

    @strawberry.field
    def due_estimated(self) -> bool:
        return bool(self._clock and self._clock.estimated)

    @strawberry.field
    def light(self) -> WarningLight:
        return self._clock.light if self._clock else WarningLightValue.GREEN

    @strawberry.field(description="OPEN while it waits for you; DONE, CANCELLED once decided, withdrawn or moved.")
    def status(self) -> str:
        return str(self.row["status"])

    @strawberry.field(description="For a 督办 (or a redo): the to-do it is about, e.g. to urge its holder.")
    def subject_task_id(self) -> strawberry.ID | None:
        subject = self.row.get("subject_task_id")
        return strawberry.ID(ids.encode("Task", subject)) if subject else None

    @strawberry.field(
        description="The escalation ladder of the overdue to-do (for a 督办: of the to-do it supervises): "
        "each step, its channel and whether it was read."
    )
    async def escalation(self, info: strawberry.Info) -> list[EscalationStep]:
        subject = self.row.get("subject_task_id") if self.row["kind"] == TaskKindValue.SUPERVISION else None
        return await info.context.loaders.escalations_by_task_id.load(subject or self.row["id"])


async def todo_of(context: Context, row: dict[str, Any]) -> Todo:
    """A to-do with what its fields read: the step and project (from the row when it came with them, else
    through the request's loaders), an invitation's or sheet's panel seat, and the request's calendar."""
    step = row.get("step")
    if step is None and row["step_run_id"] is not None:
        step = await context.loaders.step_by_id.load(row["step_run_id"])
    project = row.get("project")
    if project is None and row["project_id"] is not None:
        project = await context.loaders.project_by_id.load(row["project_id"])
    seat = None
    if TaskKindValue(row["kind"]) in (TaskKindValue.INVITATION, TaskKindValue.SCORE):
        seat = await context.loaders.seat_by_user_and_project.load((row["assignee_id"], row["project_id"]))
    return Todo(
        row=row,
        step=step,
        project_row=project,
        calendar=await context.calendar(),
        today=context.today,
        locale=context.locale,
        seat=seat,
    )


@strawberry.input
class TodoFilterInput:
    kinds: list[TaskKind] | None = None
    stages: list[Stage] | None = None
    lights: list[WarningLight] | None = None
    due_before: date | None = None


Library = LibraryValue
strawberry.enum(Library, name="Library")


@strawberry.input
class ProjectFilterInput:
    stages: list[Stage] | None = None
    statuses: list[ProjectStatus] | None = None
    search: str | None = strawberry.field(
        default=None, description="In names, codes, material titles, opinions; ranked: name, code, then the rest."
    )
    library: Library | None = None
    parent_code: str | None = strawberry.field(default=None, description="O&M projects of one construction project.")


@strawberry.type
class StageCount:
    stage: Stage
    count: int


@strawberry.type
class StatusCount:
    status: ProjectStatus
    count: int


@strawberry.type(description="预算执行进度: approved, contracted and paid over the projects the center sees.")
class BudgetExecution:
    approved: Decimal
    contracted: Decimal
    paid: Decimal
    rate: Decimal | None


@strawberry.type
class RankedOrganisation:
    rank: int
    average: Decimal
    projects: int
    organisation_id: strawberry.Private[int]

    @strawberry.field
    async def organisation(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.organisation_id)


@strawberry.type
class LightCount:
    light: WarningLight
    count: int


@strawberry.type(description="How long a step takes from opening to decision, over completed runs.")
class StepHandling:
    step_key: str
    completed: int
    average_hours: Decimal


@strawberry.type
class CenterStats:
    projects: int
    by_stage: list[StageCount]
    by_status: list[StatusCount]
    by_light: list[LightCount] = strawberry.field(description="Steps in hand by warning light.")
    handling: list[StepHandling]
    budget: BudgetExecution | None = strawberry.field(description="For the finance and data-bureau centers.")
    ranking: list[RankedOrganisation] | None = strawberry.field(description="For the data bureau: builder units.")


# Which fields of CenterStats each part of the figures answers (a part not asked for is not read).
FIGURE_FIELDS = {
    Figure.TOTALS: {"projects", "byStage", "byStatus", "budget"},
    Figure.LIGHTS: {"byLight"},
    Figure.HANDLING: {"handling"},
}


def _keys(values: list[Any] | None, kind: type) -> tuple[Any, ...]:
    return tuple(kind(v) for v in values or [])


@strawberry.type(description="A personal space of the signed-in user, scoped to one role.")
class Center:
    membership: strawberry.Private[MembershipRow]

    @strawberry.field
    def kind(self) -> CenterKind:
        return self.membership.center

    @strawberry.field
    async def organisation(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.membership.organisation_id)

    @strawberry.field(description="Open to-dos, oldest first; `first` is 1 to 100.")
    async def todos(
        self,
        info: strawberry.Info,
        first: int | None = 20,
        after: str | None = None,
        filter: TodoFilterInput | None = None,
    ) -> Connection[Todo]:
        context: Context = info.context
        limit = page_size(first, context.locale)
        chosen = filter or TodoFilterInput()
        rows, total = await todo_page(
            user_id=self.membership.user_id,
            center=CenterKindValue(self.membership.center),
            filters=TodoFilter(
                kinds=_keys(chosen.kinds, TaskKindValue),
                stages=_keys(chosen.stages, StageValue),
                lights=_keys(chosen.lights, WarningLightValue),
                due_before=chosen.due_before,
            ),
            after_id=after_key(after, context.locale),
            limit=limit + 1,
            calendar=await context.calendar(),
            today=context.today,
        )
        for row in rows:  # the step and the project came with the row
            if row["step"] is not None:
                context.loaders.step_by_id.prime(row["step_run_id"], row["step"])
            if row["project"] is not None:
                context.loaders.project_by_id.prime(row["project_id"], row["project"])
        todos = await asyncio.gather(*(todo_of(context, row) for row in rows[:limit]))  # seats read in one batch
        return _connection(todos, [r["id"] for r in rows], limit, total)

    @strawberry.field(
        description="The projects this center may see, by id (by relevance when searching); `first` is 1 to 100."
    )
    async def projects(
        self,
        info: strawberry.Info,
        first: int | None = 20,
        after: str | None = None,
        filter: ProjectFilterInput | None = None,
    ) -> Connection[Project]:
        context: Context = info.context
        limit = page_size(first, context.locale)
        chosen = filter or ProjectFilterInput()
        found, total = await project_page(
            membership=self.membership,
            filters=ProjectFilter(
                stages=_keys(chosen.stages, StageValue),
                statuses=_keys(chosen.statuses, ProjectStatusValue),
                search=chosen.search,
                library=LibraryValue(chosen.library) if chosen.library else None,
                parent_code=chosen.parent_code,
            ),
            after_id=after_key(after, context.locale),
            limit=limit + 1,
        )
        context.loaders.project_by_id.prime_many({row["id"]: row for row in found})
        return _connection([Project(row=row) for row in found[:limit]], [r["id"] for r in found], limit, total)

    @strawberry.field(description="专家库, with each expert's performance (data bureau and audit).")
    async def experts(
        self, info: strawberry.Info, first: int | None = 20, after: str | None = None, specialty: str | None = None
    ) -> Connection[ExpertEntry]:
        return await expert_page(info, CenterKindValue(self.membership.center), first, after, specialty)

    @strawberry.field(description="数据资源目录库: resources declared by the projects this center sees.")
    async def catalogue(
        self,
        info: strawberry.Info,
        first: int | None = 20,
        after: str | None = None,
        sharing_class: str | None = None,
    ) -> Connection[CatalogueEntry]:
        return await catalogue_page(info, self.membership, first, after, sharing_class)

    @strawberry.field(description="审计意见: audit's findings (audit: all; builders: their projects').")
    async def findings(self) -> list[FindingView]:
        return await findings_for(self.membership)

    @strawberry.field(description="Deliveries given up on (dead letters), newest first: data bureau only.")
    async def dead_letters(
        self, info: strawberry.Info, first: int | None = 20, after: str | None = None
    ) -> Connection[DeadLetter]:
        if self.membership.center != CenterKindValue.DATA:
            raise PublicError("FORBIDDEN", info.context.locale)
        return await dead_letter_page(info, first, after)

    @strawberry.field(description="管理评价: scores and 互评 of this center's organisation.")
    async def evaluations(self) -> Evaluations:
        return await evaluations_for(self.membership.organisation_id)

    @strawberry.field
    async def stats(self, info: strawberry.Info) -> CenterStats:
        context: Context = info.context
        center = CenterKindValue(self.membership.center)
        asked = asked_fields(info)
        figures = await center_figures(
            membership=self.membership,
            calendar=await context.calendar(),
            today=context.today,
            wanted=frozenset(part for part, fields in FIGURE_FIELDS.items() if asked & fields),
        )
        money = center in (CenterKindValue.FINANCE, CenterKindValue.DATA, CenterKindValue.AUDIT)
        ranked = await organisation_ranking() if center is CenterKindValue.DATA and "ranking" in asked else None
        return CenterStats(
            projects=figures.projects,
            by_stage=[StageCount(stage=s, count=n) for s, n in figures.by_stage.items()],
            by_status=[StatusCount(status=s, count=n) for s, n in figures.by_status.items()],
            by_light=[LightCount(light=light, count=n) for light, n in figures.by_light.items()],
            handling=[StepHandling(step_key=k, completed=n, average_hours=h) for k, (n, h) in figures.handling.items()],
            budget=BudgetExecution(
                approved=figures.budget.approved,
                contracted=figures.budget.contracted,
                paid=figures.budget.paid,
                rate=figures.budget.rate,
            )
            if money
            else None,
            ranking=[
                RankedOrganisation(
                    rank=r.rank, average=r.average, projects=r.projects, organisation_id=r.organisation_id
                )
                for r in ranked
            ]
            if ranked
            else None,
        )


def _connection(nodes: list[Any], keys: list[int], limit: int, total: int) -> Connection[Any]:
    edges = [Edge(cursor=cursor(key), node=node) for key, node in zip(keys, nodes, strict=False)]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(keys) > limit, end_cursor=edges[-1].cursor if edges else None),
        total_count=total,
    )
