"""The inputs of audit finding actions."""

from __future__ import annotations

import strawberry


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
