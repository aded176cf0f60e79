"""The project record: everything for the bureaus and the builder, only facts of their work for a vendor."""

from __future__ import annotations

from domain.projects.kinds import Stage
from schema import ids
from tests.domain.workflow.helpers import declare, drive

HISTORY = "query($id: ID!) { projectHistory(projectId: $id) { action comment actingFor } }"
MINE = "query { myDecisions(first: 3) { totalCount edges { node { action } } pageInfo { hasNextPage } } }"


async def test_vendor_reads_no_deliberation(demo, sign_in, gql) -> None:
    project = await drive(await declare(), until=Stage.CONSTRUCTION)
    pid = ids.encode("Project", project.id)
    builder = [
        e["action"]
        for e in (await gql(HISTORY, {"id": pid}, token=(await sign_in("builder"))["accessToken"]))["data"][
            "projectHistory"
        ]
    ]
    assert "APPROVE" in builder and "DECLARE" in builder
    vendor = (await gql(HISTORY, {"id": pid}, token=(await sign_in("vendor"))["accessToken"]))["data"]["projectHistory"]
    assert {e["action"] for e in vendor} <= {
        "DECLARE",
        "RECORD_CONTRACT",
        "ASSIGN_SUPERVISOR",
        "RECORD_PAYMENT",
        "VERIFY_RESOURCE",
    }
    assert vendor and all(e["comment"] == "" for e in vendor)
    other = (await gql(HISTORY, {"id": pid}, token=(await sign_in("builder2"))["accessToken"]))["data"]
    assert other["projectHistory"] == []


async def test_my_decisions_page(demo, sign_in, gql) -> None:
    await drive(await declare(), until=Stage.PLAN_REVIEW)
    body = (await gql(MINE, token=(await sign_in("data"))["accessToken"]))["data"]["myDecisions"]
    assert body["totalCount"] >= 1 and len(body["edges"]) <= 3
