"""What each center's home offers and what each to-do allows come from the server, and match what the
server then lets the user do: the clients keep no lists of roles."""

from __future__ import annotations

import pytest

from domain.accounts.kinds import CenterKind
from domain.accounts.policies import ABILITIES, CenterAbility
from tests.factories import at_step, declaration_variables

ME = "{ me { centers { kind abilities } } }"
DECLARE = """mutation($input: DeclareProjectInput!) { declareProject(input: $input) {
  __typename ... on ActionError { code } } }"""
TODOS = """query($kind: CenterKind!) { center(kind: $kind) { todos(first: 50) {
  edges { node { expects actions } } } } }"""
USERS = ["data", "finance", "drc", "audit", "builder", "expert", "supervisor", "vendor"]


@pytest.mark.parametrize("username", USERS)
async def test_a_center_offers_declaring_exactly_where_the_server_accepts_a_declaration(
    demo, as_user, username: str
) -> None:
    # given a demo user and what the server says their centers offer
    session = await as_user(username)
    centers = (await session(ME))["data"]["me"]["centers"]
    may_declare = any("DECLARE_PROJECTS" in c["abilities"] for c in centers)

    # when they declare a project
    answer = (await session(DECLARE, declaration_variables()))["data"]["declareProject"]

    # then the server accepts it exactly when a center offered it
    assert (answer["__typename"] == "ActionDone") is may_declare, (username, centers, answer)


async def test_abilities_per_center_are_the_policy_table(demo, as_user) -> None:
    seen: dict[str, set[str]] = {}
    for username in USERS:
        for center in (await (await as_user(username))(ME))["data"]["me"]["centers"]:
            seen[center["kind"]] = set(center["abilities"])
    assert seen["BUILDER"] == {"DECLARE_PROJECTS", "FOLLOW_PROJECTS"}
    assert seen["VENDOR"] == seen["SUPERVISOR"] == {"FOLLOW_PROJECTS"}
    assert seen["DATA"] == seen["FINANCE"] == {"SEE_CHARTS"}
    assert seen["DRC"] == seen["AUDIT"] == seen["EXPERT"] == set()
    assert {kind.value: {a.value for a in ABILITIES.get(kind, ())} for kind in CenterKind} == seen
    assert set(CenterAbility) == {a for abilities in ABILITIES.values() for a in abilities}


async def test_each_todo_says_what_its_holder_may_do(demo, as_user) -> None:
    # given the intake (an or-signed review) and, for the builder, a returned application
    await at_step("intake")
    data = await as_user("data")
    intake = (await data(TODOS, {"kind": "DATA"}))["data"]["center"]["todos"]["edges"]
    # then a review offers the decisions, hand-on, another signer and a comment
    reviews = [e["node"] for e in intake if e["node"]["expects"] in ("REVIEW", "APPROVE")]
    assert reviews, intake
    assert all(t["actions"] == ["APPROVE", "REJECT", "RETURN", "TRANSFER", "ADD_SIGNER", "COMMENT"] for t in reviews), (
        reviews
    )
    # and every to-do offers at least a comment, its expected action first where it has one
    for edge in intake:
        assert "COMMENT" in edge["node"]["actions"]
