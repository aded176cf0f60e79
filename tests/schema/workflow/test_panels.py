"""Expert panels over GraphQL: who may see the members, the draw and the result."""

from __future__ import annotations

from schema import ids
from tests.domain.reviews.test_flows import _accept_all, _at_plan_review, _request

HOLDERS = """query($id: ID!) { node(id: $id) { ... on Project {
  holders { stepKey names organisations { name } } } } }"""


async def _token(sign_in, username: str) -> str:
    return (await sign_in(username))["accessToken"]


async def test_the_panel_is_named_to_oversight_only_while_scoring_runs(demo, gql, sign_in) -> None:
    # given a panel whose three experts accepted and now score
    project = await _at_plan_review()
    await _accept_all(await _request(project))
    project_id = ids.encode("Project", project.id)
    # when the data bureau and the applicant look at who holds the project
    seen = {}
    for username in ("data", "builder"):
        body = await gql(HOLDERS, {"id": project_id}, token=await _token(sign_in, username))
        seen[username] = {h["stepKey"]: h for h in body["data"]["node"]["holders"]}
    # then the data bureau sees the experts, the applicant only that the panel scores
    experts = set(seen["data"]["expert_scoring"]["names"]) - set(seen["builder"]["expert_scoring"]["names"])
    assert len(experts) == 3
    assert seen["builder"]["expert_scoring"]["names"] == ["李明", "王建国"]  # the organisers, not the panel
    assert {o["name"] for o in seen["builder"]["expert_scoring"]["organisations"]} == {"市数据资源管理局"}
