"""Process actions over GraphQL (decide, return, resubmit, withdraw, take back, transfer, add a signer, urge,
comment): each calls its flow and answers the new process state; refusals become `WorkflowError`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.workflow import flows, takeback
from schema.shared.actions import acting, action, object_key, object_keys
from schema.shared.results import ActionDone, WorkflowRefusal, state
from schema.workflow.inputs import (
    AddSignerInput,
    CommentInput,
    DecideInput,
    ResubmitInput,
    ReturnForRevisionInput,
    TakeBackInput,
    TransferInput,
    UrgeInput,
    WithdrawInput,
)

DecideResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("DecideResult")]
ReturnForRevisionResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("ReturnForRevisionResult")]
ResubmitResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("ResubmitResult")]
WithdrawResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("WithdrawResult")]
TakeBackResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("TakeBackResult")]
TransferResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("TransferResult")]
AddSignerResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("AddSignerResult")]
UrgeResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("UrgeResult")]
CommentResult = Annotated[ActionDone | WorkflowRefusal, strawberry.union("CommentResult")]

ATTACHMENTS = {"attachments": "attachmentIds"}


@strawberry.type
class WorkflowMutations:
    @action("Approve or reject an open to-do.", renames=ATTACHMENTS)
    async def decide(self, info: strawberry.Info, input: DecideInput) -> DecideResult:
        return ActionDone(
            state=state(
                await flows.decide(
                    acting=acting(info, input.idempotency_key),
                    task_id=object_key(input.task_id, "Task", "taskId"),
                    verdict=flows.Verdict(input.verdict.value),
                    expected_version=input.expected_version,
                    comment=input.comment,
                    attachments=object_keys(input.attachment_ids, "Material", "attachmentIds"),
                )
            )
        )

    @action("Return for revision, to the applicant or a step.")
    async def return_for_revision(
        self, info: strawberry.Info, input: ReturnForRevisionInput
    ) -> ReturnForRevisionResult:
        return ActionDone(
            state=state(
                await flows.return_for_revision(
                    acting=acting(info, input.idempotency_key),
                    task_id=object_key(input.task_id, "Task", "taskId"),
                    expected_version=input.expected_version,
                    comment=input.comment,
                    to_step=input.to_step,
                )
            )
        )

    @action("The applicant sends revised work back.", renames=ATTACHMENTS)
    async def resubmit(self, info: strawberry.Info, input: ResubmitInput) -> ResubmitResult:
        return ActionDone(
            state=state(
                await flows.resubmit(
                    acting=acting(info, input.idempotency_key),
                    task_id=object_key(input.task_id, "Task", "taskId"),
                    comment=input.comment,
                    attachments=object_keys(input.attachment_ids, "Material", "attachmentIds"),
                    expected_version=input.expected_version,
                )
            )
        )

    @action("Take a submission back before anyone acts on it.")
    async def withdraw(self, info: strawberry.Info, input: WithdrawInput) -> WithdrawResult:
        return ActionDone(
            state=state(
                await flows.withdraw(
                    acting=acting(info, input.idempotency_key),
                    project_id=object_key(input.project_id, "Project", "projectId"),
                )
            )
        )

    @action("取回: take your approval back before the next person acted; the to-do is yours again.")
    async def take_back(self, info: strawberry.Info, input: TakeBackInput) -> TakeBackResult:
        return ActionDone(
            state=state(
                await takeback.take_back(
                    acting=acting(info, input.idempotency_key), task_id=object_key(input.task_id, "Task", "taskId")
                )
            )
        )

    @action("Hand a to-do to a colleague.")
    async def transfer(self, info: strawberry.Info, input: TransferInput) -> TransferResult:
        return ActionDone(
            state=state(
                await flows.transfer(
                    acting=acting(info, input.idempotency_key),
                    task_id=object_key(input.task_id, "Task", "taskId"),
                    to_user_id=object_key(input.to_user_id, "User", "toUserId"),
                    expected_version=input.expected_version,
                    comment=input.comment,
                )
            )
        )

    @action("加签: before, after or alongside the actor.")
    async def add_signer(self, info: strawberry.Info, input: AddSignerInput) -> AddSignerResult:
        return ActionDone(
            state=state(
                await flows.add_signer(
                    acting=acting(info, input.idempotency_key),
                    task_id=object_key(input.task_id, "Task", "taskId"),
                    user_id=object_key(input.user_id, "User", "userId"),
                    position=flows.SignerPosition(input.position.value),
                    expected_version=input.expected_version,
                )
            )
        )

    @action("催办: remind the holder of an open to-do.")
    async def urge(self, info: strawberry.Info, input: UrgeInput) -> UrgeResult:
        urged = await flows.urge(
            acting=acting(info, input.idempotency_key), task_id=object_key(input.task_id, "Task", "taskId")
        )
        return ActionDone(state=state(urged.state))

    @action("A comment, with attachments, on a project.", renames=ATTACHMENTS)
    async def comment(self, info: strawberry.Info, input: CommentInput) -> CommentResult:
        commented = await flows.comment(
            acting=acting(info, input.idempotency_key),
            project_id=object_key(input.project_id, "Project", "projectId"),
            text=input.text,
            attachments=object_keys(input.attachment_ids, "Material", "attachmentIds"),
        )
        return ActionDone(state=state(commented.state))
