"""The project record: everything for the bureaus and the builder, only facts of their work for a vendor."""

from __future__ import annotations

from domain.projects.kinds import Stage
from schema.shared import ids
from tests.factories import declare, drive

HISTORY = "query($id: ID!) { projectHistory(projectId: $id) { action comment actingFor } }"
MINE = "query { myDecisions(first: 3) { totalCount edges { node { action } } pageInfo { hasNextPage } } }"


async def test_vendor_reads_no_deliberation(as_user, demo, gql) -> None:
    project = await drive(await declare(), until=Stage.CONSTRUCTION)
    pid = ids.encode("Project", project.id)
    builder = [
        e["action"]
        for e in (await gql(HISTORY, {"id": pid}, token=(await as_user("builder")).token))["data"]["projectHistory"]
    ]
    assert "APPROVE" in builder and "DECLARE" in builder
    # the builder's own submission step reads as a submission, never as an approval
    assert builder[1] == "SUBMIT"
    vendor = (await gql(HISTORY, {"id": pid}, token=(await as_user("vendor")).token))["data"]["projectHistory"]
    assert {e["action"] for e in vendor} <= {
        "DECLARE",
        "RECORD_CONTRACT",
        "ASSIGN_SUPERVISOR",
        "RECORD_PAYMENT",
        "VERIFY_RESOURCE",
    }
    assert vendor and all(e["comment"] == "" for e in vendor)
    other = (await gql(HISTORY, {"id": pid}, token=(await as_user("builder2")).token))["data"]
    assert other["projectHistory"] == []


async def test_my_decisions_page(as_user, demo, gql) -> None:
    await drive(await declare(), until=Stage.PLAN_REVIEW)
    body = (await gql(MINE, token=(await as_user("data")).token))["data"]["myDecisions"]
    assert body["totalCount"] >= 1 and len(body["edges"]) <= 3


NAMED = "query($id: ID!) { projectHistory(projectId: $id) { action actorName stage } }"


async def test_who_acted_and_at_which_stage_with_expert_work_anonymous_to_the_applicant(as_user, demo, gql) -> None:
    # given: a project past its pre-review, where an expert of the third-party institution assessed the price
    project = await drive(await declare(), until=Stage.PLAN_REVIEW)
    pid = ids.encode("Project", project.id)

    async def history(username: str) -> list[tuple[str, str | None, str | None]]:
        token = (await as_user(username)).token
        rows = (await gql(NAMED, {"id": pid}, token=token))["data"]["projectHistory"]
        return [(row["action"], row["actorName"], row["stage"]) for row in rows]

    # when
    bureau, builder = await history("data"), await history("builder")
    # then: each act names who did it and the stage of its step (a declaration has none)
    assert bureau[:3] == [
        ("DECLARE", "陈静", None),
        ("SUBMIT", "陈静", "PRE_REVIEW"),
        ("APPROVE", "王建国", "PRE_REVIEW"),
    ]
    # oversight knows the expert; the applicant reads the same record without the expert's name
    assert ("APPROVE", "黄志强", "PRE_REVIEW") in bureau
    assert len(builder) == len(bureau)
    hidden = [mine for mine, theirs in zip(builder, bureau, strict=True) if mine != theirs]
    assert hidden == [("APPROVE", None, "PRE_REVIEW")]
    assert all(name for _, name, _ in bureau)
