"""The inputs of process actions: every one carries the client's idempotency key."""

from __future__ import annotations

from enum import Enum

import strawberry


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
