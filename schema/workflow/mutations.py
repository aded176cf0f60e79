"""Process actions over GraphQL: a few lines each, calling a flow; every one takes an idempotency key."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry

from domain.projects import flows as projects
from domain.projects.kinds import ProjectCategory as CategoryValue
from domain.projects.kinds import ProjectType as TypeValue
from domain.workflow import delegation, flows, takeback
from domain.workflow.acting import Acting
from domain.workflow.errors import WorkflowError
from schema import ids
from schema.context import Context
from schema.permissions import IsFullySignedIn, TakesPartInTheWorkflow, signed_in
from schema.projects.types import ProjectCategory, ProjectType, Stage
from schema.workflow.types import ActionDone, ActionError, action_error, state


def _result(name: str) -> Any:
    return Annotated[ActionDone | ActionError, strawberry.union(name)]


DeclareProjectResult = _result("DeclareProjectResult")
DecideResult = _result("DecideResult")
ReturnForRevisionResult = _result("ReturnForRevisionResult")
ResubmitResult = _result("ResubmitResult")
WithdrawResult = _result("WithdrawResult")
TakeBackResult = _result("TakeBackResult")
TransferResult = _result("TransferResult")
AddSignerResult = _result("AddSignerResult")
UrgeResult = _result("UrgeResult")
CommentResult = _result("CommentResult")


@strawberry.type
class DelegationCreated:
    delegation_id: strawberry.ID


DelegateResult = Annotated[DelegationCreated | ActionError, strawberry.union("DelegateResult")]


@strawberry.enum
class Verdict(Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"


@strawberry.enum
class SignerPosition(Enum):
    BEFORE = "BEFORE"
    AFTER = "AFTER"
    PARALLEL = "PARALLEL"


@strawberry.input
class DataResourceInput:
    name: str
    provider: str
    fields: list[str]
    update_frequency: str
    sharing_class: str


@strawberry.input
class DeclareProjectInput:
    idempotency_key: str
    name: str
    category: ProjectCategory  # type: ignore[valid-type]
    type: ProjectType  # type: ignore[valid-type]
    requested_amount: Decimal
    data_resources: list[DataResourceInput] = strawberry.field(default_factory=list)
    parent_code: str | None = None


@strawberry.input
class DecideInput:
    idempotency_key: str
    task_id: strawberry.ID
    verdict: Verdict
    expected_version: int | None = None
    comment: str = ""
    attachment_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class ReturnForRevisionInput:
    idempotency_key: str
    task_id: strawberry.ID
    comment: str
    expected_version: int | None = None
    to_step: str | None = None


@strawberry.input
class ResubmitInput:
    idempotency_key: str
    task_id: strawberry.ID
    comment: str = ""
    attachment_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    expected_version: int | None = strawberry.field(
        default=None, description="The step version the applicant saw (a resubmission sent later may be stale)."
    )


@strawberry.input(description="取回: the approver's own approved to-do, before the next person acted on it.")
class TakeBackInput:
    idempotency_key: str
    task_id: strawberry.ID


@strawberry.input
class WithdrawInput:
    idempotency_key: str
    project_id: strawberry.ID


@strawberry.input
class TransferInput:
    idempotency_key: str
    task_id: strawberry.ID
    to_user_id: strawberry.ID
    expected_version: int | None = None
    comment: str = ""


@strawberry.input
class AddSignerInput:
    idempotency_key: str
    task_id: strawberry.ID
    user_id: strawberry.ID
    position: SignerPosition
    expected_version: int | None = None


@strawberry.input
class UrgeInput:
    idempotency_key: str
    task_id: strawberry.ID


@strawberry.input
class CommentInput:
    idempotency_key: str
    project_id: strawberry.ID
    text: str
    attachment_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class DelegateInput:
    idempotency_key: str
    delegate_user_id: strawberry.ID
    starts_at: datetime
    ends_at: datetime
    stages: list[Stage] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
    max_amount: Decimal | None = None


def object_key(global_id: str, type_name: str, field: str) -> int:
    """The database key behind an opaque ID, or the typed error a stranger's or a forged ID gets."""
    key = ids.decode(global_id, type_name)
    if key is None:
        raise WorkflowError("NOT_FOUND", field=field)
    return key


def _keys(global_ids: list[strawberry.ID], type_name: str, field: str) -> list[int]:
    return [object_key(g, type_name, field) for g in global_ids]


async def run_action(info: strawberry.Info, key: str, action: Callable[[Acting], Awaitable[dict[str, Any]]]) -> Any:
    context: Context = info.context
    acting = Acting(user_id=signed_in(info).user.id, origin=context.origin, key=key)
    try:
        return ActionDone(state=state(await action(acting)))
    except WorkflowError as error:
        return action_error(error, context.locale)


GUARD = [IsFullySignedIn]


@strawberry.type
class WorkflowMutations:
    @strawberry.mutation(permission_classes=GUARD, description="A builder unit applies for a project.")
    async def declare_project(self, info: strawberry.Info, input: DeclareProjectInput) -> DeclareProjectResult:
        def declaration() -> projects.Declaration:
            from domain.catalogue.models import SharingClass

            try:
                resources = tuple(
                    projects.ResourceInput(
                        name=r.name,
                        provider=r.provider,
                        fields=tuple(r.fields),
                        update_frequency=r.update_frequency,
                        sharing_class=SharingClass(r.sharing_class),
                    )
                    for r in input.data_resources
                )
            except ValueError:
                raise WorkflowError("INVALID_INPUT", field="dataResources") from None
            return projects.Declaration(
                name=input.name,
                category=CategoryValue(input.category),
                type=TypeValue(input.type),
                requested_amount=input.requested_amount,
                resources=resources,
                parent_code=input.parent_code,
            )

        async def act(acting: Acting) -> dict[str, Any]:
            return await projects.declare(acting=acting, declaration=declaration())

        return await run_action(info, input.idempotency_key, act)

    @strawberry.mutation(permission_classes=GUARD, description="Approve or reject an open to-do.")
    async def decide(self, info: strawberry.Info, input: DecideInput) -> DecideResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.decide(
                acting=acting,
                task_id=object_key(input.task_id, "Task", "taskId"),
                verdict=flows.Verdict(input.verdict.value),
                expected_version=input.expected_version,
                comment=input.comment,
                attachments=_keys(input.attachment_ids, "Material", "attachmentIds"),
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Return for revision, to the applicant or a step.")
    async def return_for_revision(
        self, info: strawberry.Info, input: ReturnForRevisionInput
    ) -> ReturnForRevisionResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.return_for_revision(
                acting=acting,
                task_id=object_key(input.task_id, "Task", "taskId"),
                expected_version=input.expected_version,
                comment=input.comment,
                to_step=input.to_step,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The applicant sends revised work back.")
    async def resubmit(self, info: strawberry.Info, input: ResubmitInput) -> ResubmitResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.resubmit(
                acting=acting,
                task_id=object_key(input.task_id, "Task", "taskId"),
                comment=input.comment,
                attachments=_keys(input.attachment_ids, "Material", "attachmentIds"),
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Take a submission back before anyone acts on it.")
    async def withdraw(self, info: strawberry.Info, input: WithdrawInput) -> WithdrawResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.withdraw(
                acting=acting, project_id=object_key(input.project_id, "Project", "projectId")
            ),
        )

    @strawberry.mutation(
        permission_classes=GUARD,
        description="取回: take your approval back before the next person acted; the to-do is yours again.",
    )
    async def take_back(self, info: strawberry.Info, input: TakeBackInput) -> TakeBackResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: takeback.take_back(acting=acting, task_id=object_key(input.task_id, "Task", "taskId")),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Hand a to-do to a colleague.")
    async def transfer(self, info: strawberry.Info, input: TransferInput) -> TransferResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.transfer(
                acting=acting,
                task_id=object_key(input.task_id, "Task", "taskId"),
                to_user_id=object_key(input.to_user_id, "User", "toUserId"),
                expected_version=input.expected_version,
                comment=input.comment,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="加签: before, after or alongside the actor.")
    async def add_signer(self, info: strawberry.Info, input: AddSignerInput) -> AddSignerResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.add_signer(
                acting=acting,
                task_id=object_key(input.task_id, "Task", "taskId"),
                user_id=object_key(input.user_id, "User", "userId"),
                position=flows.SignerPosition(input.position.value),
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="催办: remind the holder of an open to-do.")
    async def urge(self, info: strawberry.Info, input: UrgeInput) -> UrgeResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.urge(acting=acting, task_id=object_key(input.task_id, "Task", "taskId")),
        )

    @strawberry.mutation(permission_classes=GUARD, description="A comment, with attachments, on a project.")
    async def comment(self, info: strawberry.Info, input: CommentInput) -> CommentResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: flows.comment(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                text=input.text,
                attachments=_keys(input.attachment_ids, "Material", "attachmentIds"),
            ),
        )

    @strawberry.mutation(
        permission_classes=[TakesPartInTheWorkflow],
        description="期间代理: let a colleague act for you for a period (not the audit center, which only reads).",
    )
    async def delegate(self, info: strawberry.Info, input: DelegateInput) -> DelegateResult:
        context: Context = info.context
        acting = Acting(user_id=signed_in(info).user.id, origin=context.origin, key=input.idempotency_key)
        try:
            created = await delegation.delegate(
                acting=acting,
                delegate_id=object_key(input.delegate_user_id, "User", "delegateUserId"),
                starts_at=input.starts_at,
                ends_at=input.ends_at,
                stages=list(input.stages),
                max_amount=input.max_amount,
            )
        except WorkflowError as error:
            return action_error(error, context.locale)
        return DelegationCreated(delegation_id=strawberry.ID(ids.encode("Delegation", created["delegationId"])))
