"""Audit findings over GraphQL: audit raises and closes, the builder unit answers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.audit import findings
from schema.audit.inputs import FindingInput, FindingReplyInput
from schema.shared.actions import acting, action, object_key
from schema.shared.results import ActionDone, AuditRefusal, state

RaiseAuditFindingResult = Annotated[ActionDone | AuditRefusal, strawberry.union("RaiseAuditFindingResult")]
AnswerAuditFindingResult = Annotated[ActionDone | AuditRefusal, strawberry.union("AnswerAuditFindingResult")]
CloseAuditFindingResult = Annotated[ActionDone | AuditRefusal, strawberry.union("CloseAuditFindingResult")]


@strawberry.type
class AuditMutations:
    @action("Audit records a finding the builder must answer.")
    async def raise_audit_finding(self, info: strawberry.Info, input: FindingInput) -> RaiseAuditFindingResult:
        recorded = await findings.raise_finding(
            acting=acting(info, input.idempotency_key),
            project_id=object_key(input.project_id, "Project", "projectId"),
            text=input.text,
        )
        return ActionDone(state=state(recorded.state))

    @action("The builder unit answers an audit finding.")
    async def answer_audit_finding(self, info: strawberry.Info, input: FindingReplyInput) -> AnswerAuditFindingResult:
        recorded = await findings.answer_finding(
            acting=acting(info, input.idempotency_key),
            finding_id=object_key(input.finding_id, "AuditFinding", "findingId"),
            text=input.text,
        )
        return ActionDone(state=state(recorded.state))

    @action("Audit closes an answered finding.")
    async def close_audit_finding(self, info: strawberry.Info, input: FindingReplyInput) -> CloseAuditFindingResult:
        recorded = await findings.close_finding(
            acting=acting(info, input.idempotency_key),
            finding_id=object_key(input.finding_id, "AuditFinding", "findingId"),
            text=input.text,
        )
        return ActionDone(state=state(recorded.state))
