"""GraphQL types of projects: summary, ten-stage timeline, who holds it now, warning light."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from domain import clock
from domain.calendar import WarningLight as WarningLightValue
from domain.calendar import worst
from domain.catalogue.models import DataResource
from domain.projects import kinds
from domain.projects.models import Material
from domain.projects.visibility import PANEL_TASKS, SEE_ALL
from domain.reviews.queries import panels_for
from domain.workflow.models import StageStatus as StageStatusValue
from domain.workflow.queries import clock_of
from domain.workflow.submissions import changes_since_last_submission
from schema.accounts.types import CenterKind, Organisation, load_organisation
from schema.catalogue.types import CatalogueEntry
from schema.projects.escalation import EscalationStep, escalation_of
from schema.shared import ids
from schema.shared.context import Context

if TYPE_CHECKING:
    from schema.reviews.types import Panel

Stage = kinds.Stage
strawberry.enum(Stage, name="Stage")
ProjectStatus = kinds.ProjectStatus
strawberry.enum(ProjectStatus, name="ProjectStatus")
ProjectCategory = kinds.ProjectCategory
strawberry.enum(ProjectCategory, name="ProjectCategory")
ProjectType = kinds.ProjectType
strawberry.enum(ProjectType, name="ProjectType")
WarningLight = WarningLightValue
strawberry.enum(WarningLight, name="WarningLight")
StageStatus = StageStatusValue
strawberry.enum(StageStatus, name="StageStatus")


@strawberry.type(description="One of the ten stages of a project, as far as it has gone.")
class StageEntry:
    stage: Stage
    status: StageStatus
    opened_at: datetime | None
    closed_at: datetime | None


@strawberry.type(description="Who holds the project now: day X of Y working days, expected decision date.")
class Holder:
    step_key: str
    stage: Stage
    center: CenterKind
    names: list[str]
    day: int
    of: int
    expected_decision_on: date | None
    estimated: bool = strawberry.field(description="The date counts days of a year without an official calendar.")
    light: WarningLight
    organisation_ids: strawberry.Private[list[int]]

    @strawberry.field
    async def organisations(self, info: strawberry.Info) -> list[Organisation]:
        return [await load_organisation(info, org) for org in dict.fromkeys(self.organisation_ids)]


@strawberry.type
class MaterialView:
    id: strawberry.ID
    stage: Stage
    title: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    key: strawberry.Private[int]

    @strawberry.field(
        description="Where the signed-in reader opens the file (a relative URL, no Authorization header needed). "
        "Its token lives a few minutes: ask again rather than keep it."
    )
    def preview_url(self, info: strawberry.Info) -> str:
        context: Context = info.context
        if context.previews is None or context.principal is None:
            raise RuntimeError("preview links need the signing key and a signed-in reader")
        token = context.previews.mint(material_id=self.key, user_id=context.principal.user.id, now=clock.now())
        return f"/files/{token}"


@strawberry.type(description="A project, as the signed-in user's center may see it.")
class Project:
    row: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Project", self.row["id"]))

    @strawberry.field(description="项目编码: unique for the project's whole life.")
    def code(self) -> str:
        return self.row["code"]

    @strawberry.field
    def name(self) -> str:
        return self.row["name"]

    @strawberry.field
    def stage(self) -> Stage:
        return kinds.Stage(self.row["stage"])

    @strawberry.field
    def status(self) -> ProjectStatus:
        return kinds.ProjectStatus(self.row["status"])

    @strawberry.field
    def category(self) -> ProjectCategory:
        return kinds.ProjectCategory(self.row["category"])

    @strawberry.field
    def type(self) -> ProjectType:
        return kinds.ProjectType(self.row["type"])

    @strawberry.field
    def requested_amount(self) -> Decimal:
        return self.row["requested_amount"]

    @strawberry.field
    def approved_budget(self) -> Decimal | None:
        return self.row["approved_budget"]

    @strawberry.field(description="控制价, software part (set by the data bureau).")
    def control_price_software(self) -> Decimal | None:
        return self.row["control_price_software"]

    @strawberry.field(description="控制价, hardware part (set by the finance review centre).")
    def control_price_hardware(self) -> Decimal | None:
        return self.row["control_price_hardware"]

    @strawberry.field
    def contract_amount(self) -> Decimal | None:
        return self.row["contract_amount"]

    @strawberry.field(description="The vendor (开发商) under contract, once recorded.")
    async def vendor(self, info: strawberry.Info) -> Organisation | None:
        return await load_organisation(info, self.row["vendor_id"]) if self.row["vendor_id"] else None

    @strawberry.field(description="The supervision company (监理), once named.")
    async def supervisor(self, info: strawberry.Info) -> Organisation | None:
        return await load_organisation(info, self.row["supervisor_id"]) if self.row["supervisor_id"] else None

    @strawberry.field
    def paid_amount(self) -> Decimal:
        return self.row["paid_amount"]

    @strawberry.field
    def applied_on(self) -> date:
        return self.row["applied_on"]

    @strawberry.field
    async def builder(self, info: strawberry.Info) -> Organisation:
        return await load_organisation(info, self.row["builder_id"])

    @strawberry.field(description="The ten stages in order, with how far each has gone.")
    async def timeline(self, info: strawberry.Info) -> list[StageEntry]:
        runs = {row["stage"]: row for row in await info.context.loaders.stage_runs_by_project_id.load(self.row["id"])}
        return [
            StageEntry(
                stage=stage,
                status=StageStatusValue(runs[stage]["status"]) if stage in runs else StageStatusValue.WAITING,
                opened_at=runs.get(stage, {}).get("opened_at"),
                closed_at=runs.get(stage, {}).get("closed_at"),
            )
            for stage in kinds.Stage
        ]

    async def _oversees(self, info: strawberry.Info) -> bool:
        principal = info.context.principal
        if principal is None:
            return False
        memberships = await info.context.loaders.memberships_by_user_id.load(principal.user.id)
        return any(m.center in SEE_ALL for m in memberships)

    @strawberry.field(
        description="Expert panels of the project's review gates, newest first: the draw, seats and progress for "
        "oversight; for the applicant and the experts only the status, and the result once closed."
    )
    async def panels(self, info: strawberry.Info) -> list[Annotated[Panel, strawberry.lazy("schema.reviews.types")]]:
        from schema.reviews.types import Panel

        principal = info.context.principal
        if principal is None:
            return []
        return [Panel(view=v) for v in await panels_for(user_id=principal.user.id, project_id=self.row["id"])]

    @strawberry.field(description="Steps in hand now (several while parallel stages run).")
    async def holders(self, info: strawberry.Info) -> list[Holder]:
        context: Context = info.context
        steps = await context.loaders.active_steps_by_project_id.load(self.row["id"])
        calendar = await context.calendar()
        holders = []
        for step in steps:
            clocked = clock_of(step, calendar, context.today)
            if clocked is None:
                continue
            tasks = await context.loaders.holders_by_step_id.load(step["id"])
            if any(t["kind"] in PANEL_TASKS for t in tasks) and not await self._oversees(info):
                # The panel is secret to applicants, vendors and other experts: who holds it, not who they are.
                tasks = [
                    {**t, "assignee__display_name": None, "assignee__organisation_id": None}
                    if t["kind"] in PANEL_TASKS
                    else t
                    for t in tasks
                ]
            holders.append(
                Holder(
                    step_key=step["step_key"],
                    stage=kinds.Stage(step["stage"]),
                    center=CenterKind(tasks[0]["center"] if tasks else "BUILDER"),
                    names=sorted({t["assignee__display_name"] for t in tasks if t["assignee__display_name"]}),
                    day=clocked.days_used + 1,
                    of=clocked.limit_days,
                    expected_decision_on=clocked.due_on,
                    estimated=clocked.estimated,
                    light=clocked.light,
                    organisation_ids=[t["assignee__organisation_id"] for t in tasks if t["assignee__organisation_id"]],
                )
            )
        return holders

    @strawberry.field(
        description="电子档案: the project's materials, for the internal centers and its experts (a detail-view field)."
    )
    async def materials(self, info: strawberry.Info) -> list[MaterialView]:
        principal = info.context.principal
        if principal is None or not await info.context.loaders.reads_materials.load(
            (principal.user.id, self.row["id"])
        ):
            return []
        rows = (
            await Material.filter(project_id=self.row["id"])
            .order_by("id")
            .values("id", "stage", "title", "content_type", "size", "sha256", "uploaded_at")
        )
        return [_material(r) for r in rows]

    @strawberry.field(
        description="数据资源: the data resources the project declared, verified or not (a detail-view field)."
    )
    async def data_resources(self, info: strawberry.Info) -> list[CatalogueEntry]:
        if not await self._reads_deliberation(info):
            return []
        rows = (
            await DataResource.filter(project_id=self.row["id"])
            .order_by("id")
            .values("id", "name", "provider", "fields_list", "update_frequency", "sharing_class", "verified_at")
        )
        return [CatalogueEntry(row={**r, "project__code": self.row["code"]}) for r in rows]

    @strawberry.field(
        description="What changed between the two latest submissions (amounts, scope items, materials added); "
        "null before a resubmission. For readers who see the deliberation (a detail-view field)."
    )
    async def changes_since_last_submission(self, info: strawberry.Info) -> SubmissionChanges | None:
        if not await self._reads_deliberation(info):
            return None
        changes = await changes_since_last_submission(self.row["id"])
        if changes is None:
            return None
        added = {
            r["id"]: r
            for r in await Material.filter(id__in=changes.materials_added or [0]).values(
                "id", "stage", "title", "content_type", "size", "sha256", "uploaded_at"
            )
        }
        return SubmissionChanges(
            previous_submitted_at=changes.previous_at,
            last_submitted_at=changes.last_at,
            fields=[FieldChange(field=c.field, before=c.before, after=c.after) for c in changes.fields],
            materials_added=[_material(added[m]) for m in changes.materials_added if m in added],
        )

    @strawberry.field(
        description="The escalation ladder of this project's urgent items: evidence behind its warning light "
        "(internal readers; a detail-view field)."
    )
    async def escalations(self, info: strawberry.Info) -> list[EscalationStep]:
        if not await self._reads_deliberation(info):
            return []
        return await escalation_of({"project_id": self.row["id"]})

    async def _reads_deliberation(self, info: strawberry.Info) -> bool:
        """Whether the reader sees this project's deliberation; asked once per request and project."""
        principal = info.context.principal
        if principal is None:
            return False
        return await info.context.loaders.reads_deliberation.load((principal.user.id, self.row["id"]))

    @strawberry.field(description="The worst light of the steps in hand (green when none).")
    async def light(self, info: strawberry.Info) -> WarningLight:
        # From the steps alone: a list of projects need not read who holds each step.
        context: Context = info.context
        steps = await context.loaders.active_steps_by_project_id.load(self.row["id"])
        calendar = await context.calendar()
        clocks = (clock_of(step, calendar, context.today) for step in steps)
        return worst(clocked.light for clocked in clocks if clocked is not None)


def _material(r: dict[str, Any]) -> MaterialView:
    return MaterialView(
        id=strawberry.ID(ids.encode("Material", r["id"])),
        stage=r["stage"],
        title=r["title"],
        content_type=r["content_type"],
        size=r["size"],
        sha256=r["sha256"],
        uploaded_at=r["uploaded_at"],
        key=r["id"],
    )


@strawberry.type(description="One field of a submission, before and after (amounts in yuan as text).")
class FieldChange:
    field: str
    before: str | None
    after: str | None


@strawberry.type(description="What changed since the previous submission.")
class SubmissionChanges:
    previous_submitted_at: datetime
    last_submitted_at: datetime
    fields: list[FieldChange]
    materials_added: list[MaterialView]
