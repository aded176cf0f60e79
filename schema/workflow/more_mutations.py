"""The remaining actions over GraphQL: scores and ratings, supervision, data resources, assessments, plans, PIN."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.file_uploads import Upload

from domain.audit import findings
from domain.projects import flows as projects
from domain.projects.kinds import Stage as StageValue
from domain.projects.materials import add_material
from domain.reviews import flows as reviews
from domain.scoring import flows as scoring
from domain.workflow import delegation
from domain.workflow.acting import Acting
from domain.workflow.errors import WorkflowError
from schema import ids
from schema.context import Context
from schema.permissions import IsExpert, IsFullySignedIn, signed_in
from schema.projects.types import Stage
from schema.workflow.mutations import object_key, run_action
from schema.workflow.types import ActionDone, ActionError, action_error

GUARD = [IsFullySignedIn]
MoreResult = Annotated[ActionDone | ActionError, strawberry.union("MoreActionResult")]


@strawberry.type
class Done:
    ok: bool


DoneResult = Annotated[Done | ActionError, strawberry.union("DoneResult")]


@strawberry.input
class SupervisorInput:
    idempotency_key: str
    project_id: strawberry.ID
    supervisor_id: strawberry.ID


@strawberry.input
class VerifyResourceInput:
    idempotency_key: str
    resource_id: strawberry.ID


@strawberry.input
class PriceAssessmentInput:
    idempotency_key: str
    project_id: strawberry.ID
    institution_id: strawberry.ID
    assessed_amount: Decimal
    note: str = ""


@strawberry.input
class PlanItemInput:
    name: str
    amount: Decimal


@strawberry.input
class PlanInput:
    idempotency_key: str
    project_id: strawberry.ID
    kind: str = strawberry.field(description="APPROVED or IMPLEMENTATION")
    items: list[PlanItemInput]


@strawberry.input
class DeductionInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage  # type: ignore[valid-type]
    points: Decimal
    reason: str


@strawberry.input
class CorrectionInput:
    idempotency_key: str
    entry_id: strawberry.ID
    reason: str


@strawberry.input
class MutualRatingInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage  # type: ignore[valid-type]
    ratee_organisation_id: strawberry.ID
    rating: int
    comment: str = ""


@strawberry.input
class SatisfactionInput:
    idempotency_key: str
    task_id: strawberry.ID
    rating: int
    comment: str = ""
    redo: bool = False


@strawberry.input
class RevokeDelegationInput:
    idempotency_key: str
    delegation_id: strawberry.ID


async def _done(info: strawberry.Info, work: Callable[[], Awaitable[Any]]) -> Any:
    try:
        await work()
    except WorkflowError as error:
        return action_error(error, info.context.locale)
    return Done(ok=True)


@strawberry.type
class MoreMutations:
    @strawberry.mutation(permission_classes=GUARD, description="The builder names the supervision company (监理).")
    async def assign_supervisor(self, info: strawberry.Info, input: SupervisorInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: projects.assign_supervisor(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                supervisor_id=object_key(input.supervisor_id, "Organisation", "supervisorId"),
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The data bureau verifies a declared data resource.")
    async def verify_data_resource(self, info: strawberry.Info, input: VerifyResourceInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: projects.verify_data_resource(
                acting=acting, resource_id=object_key(input.resource_id, "DataResource", "resourceId")
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="A third party's assessment of the quoted price.")
    async def record_price_assessment(self, info: strawberry.Info, input: PriceAssessmentInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: reviews.record_price_assessment(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                institution_id=object_key(input.institution_id, "Organisation", "institutionId"),
                assessed_amount=input.assessed_amount,
                note=input.note,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The approved or the implementation plan's items.")
    async def submit_plan(self, info: strawberry.Info, input: PlanInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: reviews.submit_plan(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                kind=input.kind,
                items=[(item.name, item.amount) for item in input.items],
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The data bureau deducts points, with a reason.")
    async def deduct_score(self, info: strawberry.Info, input: DeductionInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: scoring.manual_deduction(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                stage=StageValue(input.stage),
                points=input.points,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Correct a score entry with a new, opposite one.")
    async def correct_score(self, info: strawberry.Info, input: CorrectionInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: scoring.correct_entry(
                acting=acting, entry_id=object_key(input.entry_id, "ScoreEntry", "entryId"), reason=input.reason
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="互评 after a stage (sealed until both sides rated).")
    async def rate_mutually(self, info: strawberry.Info, input: MutualRatingInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: scoring.rate_mutually(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                stage=StageValue(input.stage),
                ratee_org_id=object_key(input.ratee_organisation_id, "Organisation", "rateeOrganisationId"),
                rating=input.rating,
                comment=input.comment,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="满意度 on a closed to-do; unsatisfied may redo.")
    async def rate_satisfaction(self, info: strawberry.Info, input: SatisfactionInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: scoring.rate_satisfaction(
                acting=acting,
                task_id=object_key(input.task_id, "Task", "taskId"),
                rating=input.rating,
                comment=input.comment,
                redo=input.redo,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="End a delegation before its period is over.")
    async def revoke_delegation(self, info: strawberry.Info, input: RevokeDelegationInput) -> DoneResult:
        context: Context = info.context
        acting = Acting(user_id=signed_in(info).user.id, origin=context.origin, key=input.idempotency_key)
        return await _done(
            info,
            lambda: delegation.revoke(
                acting=acting, delegation_id=object_key(input.delegation_id, "Delegation", "delegationId")
            ),
        )

    @strawberry.mutation(
        permission_classes=[IsExpert], description="An expert sets the PIN confirming final sheets (experts only)."
    )
    async def set_expert_pin(self, info: strawberry.Info, pin: str) -> DoneResult:
        context: Context = info.context
        acting = Acting(user_id=signed_in(info).user.id, origin=context.origin, key="pin")
        return await _done(info, lambda: reviews.set_pin(acting=acting, passwords=context.auth.passwords, pin=pin))


@strawberry.type
class MaterialUploaded:
    material_id: strawberry.ID
    sha256: str
    content_type: str
    size: int


UploadMaterialResult = Annotated[MaterialUploaded | ActionError, strawberry.union("UploadMaterialResult")]


@strawberry.input
class UploadMaterialInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage  # type: ignore[valid-type]
    title: str
    file: Upload


@strawberry.type
class MaterialMutations:
    @strawberry.mutation(
        permission_classes=GUARD,
        description="Attach a file (multipart request spec). Its type is read from its content: PDF, PNG, JPEG, "
        "DOCX, XLSX or OFD.",
    )
    async def upload_material(self, info: strawberry.Info, input: UploadMaterialInput) -> UploadMaterialResult:
        context: Context = info.context
        acting = Acting(user_id=signed_in(info).user.id, origin=context.origin, key=input.idempotency_key)
        data = await input.file.read(context.max_upload_bytes + 1)
        try:
            done = await add_material(
                acting=acting,
                store=context.materials,
                project_id=object_key(input.project_id, "Project", "projectId"),
                stage=StageValue(input.stage),
                title=input.title,
                data=data,
                max_bytes=context.max_upload_bytes,
            )
        except WorkflowError as error:
            return action_error(error, context.locale)
        return MaterialUploaded(
            material_id=strawberry.ID(ids.encode("Material", done["materialId"])),
            sha256=done["sha256"],
            content_type=done["contentType"],
            size=done["size"],
        )


@strawberry.input
class FindingInput:
    idempotency_key: str
    project_id: strawberry.ID
    text: str


@strawberry.input
class FindingReplyInput:
    idempotency_key: str
    finding_id: strawberry.ID
    text: str


@strawberry.type
class FindingMutations:
    @strawberry.mutation(permission_classes=GUARD, description="Audit records a finding the builder must answer.")
    async def raise_audit_finding(self, info: strawberry.Info, input: FindingInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: findings.raise_finding(
                acting=acting, project_id=object_key(input.project_id, "Project", "projectId"), text=input.text
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The builder unit answers an audit finding.")
    async def answer_audit_finding(self, info: strawberry.Info, input: FindingReplyInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: findings.answer_finding(
                acting=acting, finding_id=object_key(input.finding_id, "AuditFinding", "findingId"), text=input.text
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Audit closes an answered finding.")
    async def close_audit_finding(self, info: strawberry.Info, input: FindingReplyInput) -> MoreResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: findings.close_finding(
                acting=acting, finding_id=object_key(input.finding_id, "AuditFinding", "findingId"), text=input.text
            ),
        )
