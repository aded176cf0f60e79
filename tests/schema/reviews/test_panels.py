"""Expert panels over GraphQL: who may see the members, the draw and the result."""

from __future__ import annotations

from schema.shared import ids
from tests.domain.reviews.test_flows import _accept_all, _at_plan_review, _request, _submit

HOLDERS = """query($id: ID!) { node(id: $id) { ... on Project {
  holders { stepKey names organisations { name } } } } }"""


async def test_the_panel_is_named_to_oversight_only_while_scoring_runs(as_user, demo, gql) -> None:
    # given a panel whose three experts accepted and now score
    project = await _at_plan_review()
    await _accept_all(await _request(project))
    project_id = ids.encode("Project", project.id)
    # when the data bureau and the applicant look at who holds the project
    seen = {}
    for username in ("data", "builder"):
        body = await gql(HOLDERS, {"id": project_id}, token=(await as_user(username)).token)
        seen[username] = {h["stepKey"]: h for h in body["data"]["node"]["holders"]}
    # then the data bureau sees the experts, the applicant only that the panel scores
    experts = set(seen["data"]["expert_scoring"]["names"]) - set(seen["builder"]["expert_scoring"]["names"])
    assert len(experts) == 3
    assert seen["builder"]["expert_scoring"]["names"] == ["李明", "王建国"]  # the organisers, not the panel
    assert {o["name"] for o in seen["builder"]["expert_scoring"]["organisations"]} == {"市数据资源管理局"}


REQUEST_PANEL = """mutation($input: RequestPanelInput!) { requestPanel(input: $input) {
  __typename ... on PanelDrawn { state { projectStage } panel { id status seed
      seats { id expertName status } exclusions { expertName reasons } reserves progress { invited accepted } } }
  ... on ActionError { code field message currentStage expectedStages } } }"""
PANELS = """query($id: ID!) { node(id: $id) { ... on Project { panels { id status seed seats { expertName }
  exclusions { expertName } reserves progress { accepted submitted }
  result { panelScore opinion chairSummary sheets outliers } } } } }"""
PANEL = """query($id: ID!) { node(id: $id) { __typename ... on Panel { id stage status result { opinion } } } }"""
CLOSE = """mutation($input: ClosePanelInput!) { closePanel(input: $input) {
  __typename ... on ActionError { code } } }"""


async def test_request_panel_returns_the_panel_it_drew(as_user, demo, gql) -> None:
    # given a project waiting for its plan review panel
    project = await _at_plan_review()
    token = (await as_user("data")).token
    variables = {
        "input": {
            "idempotencyKey": "draw-1",
            "projectId": ids.encode("Project", project.id),
            "stage": "PLAN_REVIEW",
            "quotas": [{"count": 3}],
            "reviewDate": "2026-11-20",
        }
    }
    # when the data bureau draws it
    body = await gql(REQUEST_PANEL, variables, token=token)
    drawn = body["data"]["requestPanel"]
    # then the answer carries the seats, the exclusions with their reasons and the reserves
    assert drawn["__typename"] == "PanelDrawn", drawn
    panel = drawn["panel"]
    assert panel["status"] == "INVITING" and panel["seed"]
    assert len(panel["seats"]) == 3 and all(s["expertName"] and s["status"] == "INVITED" for s in panel["seats"])
    assert panel["progress"] == {"invited": 3, "accepted": 0}
    assert all(e["reasons"] for e in panel["exclusions"])
    # when the same request is sent again, the same panel comes back (no second draw)
    again = (await gql(REQUEST_PANEL, variables, token=token))["data"]["requestPanel"]
    assert again["panel"]["id"] == panel["id"]


async def test_the_applicant_sees_no_member_and_the_result_only_once_closed(as_user, demo, gql) -> None:
    # given a panel where two of three experts submitted their sheets
    project = await _at_plan_review()
    panel = await _request(project)
    seats = await _accept_all(panel)
    for seat in seats[:2]:
        await _submit(seat, "0.8", "PASS")
    project_id = ids.encode("Project", project.id)
    builder = (await as_user("builder")).token
    # then, while it is open, the applicant sees a panel with no one in it and no result
    (seen,) = (await gql(PANELS, {"id": project_id}, token=builder))["data"]["node"]["panels"]
    assert seen["seats"] == [] and seen["exclusions"] == [] and seen["reserves"] == []
    assert seen["seed"] is None and seen["progress"] is None and seen["result"] is None
    # when the last sheet is in and the data bureau closes the panel with its summary (its id from the query)
    data = (await as_user("data")).token
    (organised,) = (await gql(PANELS, {"id": project_id}, token=data))["data"]["node"]["panels"]
    assert organised["progress"] == {"accepted": 3, "submitted": 2}
    await _submit(seats[2], "0.8", "PASS")
    closed = await gql(
        CLOSE,
        {"input": {"idempotencyKey": "close-1", "panelId": organised["id"], "chairSummary": "方案可行"}},
        token=data,
    )
    assert closed["data"]["closePanel"]["__typename"] == "ActionDone"
    # then the applicant sees the result, still without names or single scores
    (seen,) = (await gql(PANELS, {"id": project_id}, token=builder))["data"]["node"]["panels"]
    assert seen["result"]["opinion"] == "PASS" and seen["result"]["sheets"] == 3
    assert seen["result"]["chairSummary"] == "方案可行"
    assert seen["seats"] == []
    # and the panel opens by its id for the applicant, not for a vendor
    by_id = (await gql(PANEL, {"id": organised["id"]}, token=builder))["data"]["node"]
    assert by_id["status"] == "CLOSED" and by_id["result"]["opinion"] == "PASS"
    assert (await gql(PANEL, {"id": organised["id"]}, token=(await as_user("vendor")).token))["data"]["node"] is None


async def test_a_panel_for_a_stage_the_project_is_not_in_says_where_it_is(as_user, demo, gql) -> None:
    project = await _at_plan_review()
    variables = {
        "input": {
            "idempotencyKey": "draw-x",
            "projectId": ids.encode("Project", project.id),
            "stage": "IMPL_REVIEW",
            "quotas": [{"count": 3}],
            "reviewDate": "2026-11-20",
        }
    }
    refused = (await gql(REQUEST_PANEL, variables, token=(await as_user("data")).token))["data"]["requestPanel"]
    assert refused["code"] == "WRONG_STAGE"
    assert (refused["currentStage"], refused["expectedStages"]) == ("PLAN_REVIEW", ["IMPL_REVIEW"])
    assert "Plan review" in refused["message"] and "Implementation-plan review" in refused["message"]
