"""Audit findings: audit records, the builder answers, audit closes; each center sees its share."""

from __future__ import annotations

import itertools

from domain.audit.models import FindingAnswer
from domain.workflow.models import Task, TaskKind
from schema.shared import ids
from tests.factories import declare

_keys = itertools.count(1)
RAISE = """mutation($input: FindingInput!) { raiseAuditFinding(input: $input) {
  __typename ... on ActionError { code } } }"""
ANSWER = """mutation($input: FindingReplyInput!) { answerAuditFinding(input: $input) {
  __typename ... on ActionError { code } } }"""
CLOSE = """mutation($input: FindingReplyInput!) { closeAuditFinding(input: $input) {
  __typename ... on ActionError { code } } }"""
FINDINGS = """query($kind: CenterKind!) { center(kind: $kind) { findings { id status conclusion
  answers { text } } todos { edges { node { expects } } } } }"""


def key() -> str:
    return f"finding-{next(_keys)}"


async def test_audit_raises_the_builder_answers_audit_closes(auditor, builder, as_user) -> None:
    project = await declare()
    pid = ids.encode("Project", project.id)
    raised = await auditor(
        RAISE, {"input": {"idempotencyKey": key(), "projectId": pid, "text": "招标文件缺少技术评分细则"}}
    )
    assert raised["data"]["raiseAuditFinding"]["__typename"] == "ActionDone"
    seen = (await builder(FINDINGS, {"kind": "BUILDER"}))["data"]["center"]
    assert [f["status"] for f in seen["findings"]] == ["OPEN"]
    assert "ANSWER_FINDING" in {e["node"]["expects"] for e in seen["todos"]["edges"]}
    finding = seen["findings"][0]["id"]
    # the builder cannot close its own finding; another builder cannot answer it
    assert (await builder(CLOSE, {"input": {"idempotencyKey": key(), "findingId": finding, "text": "已整改"}}))["data"][
        "closeAuditFinding"
    ]["code"] == "FORBIDDEN"
    other = await as_user("builder2")
    assert (await other(ANSWER, {"input": {"idempotencyKey": key(), "findingId": finding, "text": "x"}}))["data"][
        "answerAuditFinding"
    ]["code"] == "NOT_FOUND"
    assert (await other(FINDINGS, {"kind": "BUILDER"}))["data"]["center"]["findings"] == []
    answered = await builder(
        ANSWER, {"input": {"idempotencyKey": key(), "findingId": finding, "text": "已补充技术评分细则并重新公示"}}
    )
    assert answered["data"]["answerAuditFinding"]["__typename"] == "ActionDone"
    assert not await Task.filter(kind=TaskKind.FINDING, status="OPEN").exists()
    # the answer is the auditor's to-do now: read it and close the finding
    waiting = (await auditor(FINDINGS, {"kind": "AUDIT"}))["data"]["center"]["todos"]["edges"]
    assert [e["node"]["expects"] for e in waiting] == ["CLOSE_FINDING"]
    closed = await auditor(CLOSE, {"input": {"idempotencyKey": key(), "findingId": finding, "text": "整改到位"}})
    assert closed["data"]["closeAuditFinding"]["__typename"] == "ActionDone"
    view = (await auditor(FINDINGS, {"kind": "AUDIT"}))["data"]["center"]["findings"][0]
    assert (view["status"], view["conclusion"], len(view["answers"])) == ("CLOSED", "整改到位", 1)
    assert await FindingAnswer.all().count() == 1
    assert (await auditor(FINDINGS, {"kind": "AUDIT"}))["data"]["center"]["todos"]["edges"] == []


async def test_only_audit_raises_findings(data_bureau) -> None:
    project = await declare()
    body = await data_bureau(
        RAISE, {"input": {"idempotencyKey": key(), "projectId": ids.encode("Project", project.id), "text": "x"}}
    )
    assert body["data"]["raiseAuditFinding"]["code"] == "FORBIDDEN"
