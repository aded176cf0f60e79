"""Audit findings: audit records, the builder answers, audit closes; each center sees its share."""

from __future__ import annotations

import itertools

from domain.audit.models import FindingAnswer
from domain.workflow.models import Task, TaskKind
from schema.shared import ids
from tests.domain.workflow.helpers import declare

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


async def test_audit_raises_the_builder_answers_audit_closes(demo, sign_in, gql) -> None:
    project = await declare()
    audit = (await sign_in("audit"))["accessToken"]
    builder = (await sign_in("builder"))["accessToken"]
    pid = ids.encode("Project", project.id)
    raised = await gql(
        RAISE, {"input": {"idempotencyKey": key(), "projectId": pid, "text": "招标文件缺少技术评分细则"}}, token=audit
    )
    assert raised["data"]["raiseAuditFinding"]["__typename"] == "ActionDone"
    seen = (await gql(FINDINGS, {"kind": "BUILDER"}, token=builder))["data"]["center"]
    assert [f["status"] for f in seen["findings"]] == ["OPEN"]
    assert "ANSWER_FINDING" in {e["node"]["expects"] for e in seen["todos"]["edges"]}
    finding = seen["findings"][0]["id"]
    # the builder cannot close its own finding; another builder cannot answer it
    assert (
        await gql(CLOSE, {"input": {"idempotencyKey": key(), "findingId": finding, "text": "已整改"}}, token=builder)
    )["data"]["closeAuditFinding"]["code"] == "FORBIDDEN"
    other = (await sign_in("builder2"))["accessToken"]
    assert (await gql(ANSWER, {"input": {"idempotencyKey": key(), "findingId": finding, "text": "x"}}, token=other))[
        "data"
    ]["answerAuditFinding"]["code"] == "NOT_FOUND"
    assert (await gql(FINDINGS, {"kind": "BUILDER"}, token=other))["data"]["center"]["findings"] == []
    answered = await gql(
        ANSWER,
        {"input": {"idempotencyKey": key(), "findingId": finding, "text": "已补充技术评分细则并重新公示"}},
        token=builder,
    )
    assert answered["data"]["answerAuditFinding"]["__typename"] == "ActionDone"
    assert not await Task.filter(kind=TaskKind.FINDING, status="OPEN").exists()
    closed = await gql(
        CLOSE, {"input": {"idempotencyKey": key(), "findingId": finding, "text": "整改到位"}}, token=audit
    )
    assert closed["data"]["closeAuditFinding"]["__typename"] == "ActionDone"
    view = (await gql(FINDINGS, {"kind": "AUDIT"}, token=audit))["data"]["center"]["findings"][0]
    assert (view["status"], view["conclusion"], len(view["answers"])) == ("CLOSED", "整改到位", 1)
    assert await FindingAnswer.all().count() == 1


async def test_only_audit_raises_findings(demo, sign_in, gql) -> None:
    project = await declare()
    data = (await sign_in("data"))["accessToken"]
    body = await gql(
        RAISE,
        {"input": {"idempotencyKey": key(), "projectId": ids.encode("Project", project.id), "text": "x"}},
        token=data,
    )
    assert body["data"]["raiseAuditFinding"]["code"] == "FORBIDDEN"
