"""管理评价 and the user's own profile over GraphQL."""

from __future__ import annotations

from decimal import Decimal

from domain.accounts.models import User
from domain.projects.kinds import Stage
from domain.scoring import flows as scoring
from tests.domain.workflow.helpers import acting, declare, drive

EVALUATIONS = """query($kind: CenterKind!) { center(kind: $kind) { evaluations {
  average rank projects { code total stages { stage score } }
  given { rating ratee { name } } received { rating rater { name } } } } }"""
PROFILE = """mutation($input: ProfileInput!) { updateMyProfile(input: $input) {
  __typename ... on User { displayName locale } ... on AuthError { code field } } }"""


async def test_builder_sees_scores_rank_and_revealed_ratings(demo, sign_in, gql) -> None:
    project = await drive(await declare(), until=Stage.PLAN_REVIEW)
    await scoring.manual_deduction(
        acting=await acting("data"),
        project_id=project.id,
        stage=Stage.PRE_REVIEW,
        points=Decimal(10),
        reason="逾期补正材料",
    )
    data_org = (await User.get(username="data")).organisation_id
    await scoring.rate_mutually(
        acting=await acting("data"),
        project_id=project.id,
        stage=Stage.PRE_REVIEW,
        ratee_org_id=project.builder_id,
        rating=4,
    )
    token = (await sign_in("builder"))["accessToken"]
    sealed = (await gql(EVALUATIONS, {"kind": "BUILDER"}, token=token))["data"]["center"]["evaluations"]
    assert sealed["received"] == []  # the builder has not rated the bureau yet
    mine = next(p for p in sealed["projects"] if p["code"] == project.code)
    assert float(mine["total"]) == 990 and sealed["rank"] == 3
    await scoring.rate_mutually(
        acting=await acting("builder"), project_id=project.id, stage=Stage.PRE_REVIEW, ratee_org_id=data_org, rating=5
    )
    open_ = (await gql(EVALUATIONS, {"kind": "BUILDER"}, token=token))["data"]["center"]["evaluations"]
    assert [r["rating"] for r in open_["received"]] == [4]
    assert [r["rating"] for r in open_["given"]] == [5]


async def test_users_keep_their_own_profile(demo, sign_in, gql) -> None:
    token = (await sign_in("vendor"))["accessToken"]
    done = await gql(PROFILE, {"input": {"displayName": "朱鹏（项目经理）", "locale": "en"}}, token=token)
    assert done["data"]["updateMyProfile"] == {"__typename": "User", "displayName": "朱鹏（项目经理）", "locale": "en"}
    bad = await gql(PROFILE, {"input": {"displayName": " ", "locale": "fr"}}, token=token)
    assert bad["data"]["updateMyProfile"]["code"] == "INVALID_INPUT"
    assert (await User.get(username="vendor")).display_name == "朱鹏（项目经理）"


ORGANISATION = """mutation($input: OrganisationInput!) { updateMyOrganisation(input: $input) {
  __typename ... on Organisation { name contactPerson contactPhone address } ... on AuthError { code field } } }"""


async def test_members_keep_their_organisations_contact_data(demo, sign_in, gql) -> None:
    token = (await sign_in("supervisor"))["accessToken"]
    done = await gql(
        ORGANISATION,
        {"input": {"contactPerson": "马俊", "contactPhone": "0571-88001234", "address": "杭州市西湖区文三路"}},
        token=token,
    )
    assert done["data"]["updateMyOrganisation"] == {
        "__typename": "Organisation",
        "name": "杭州正信信息工程监理有限公司",
        "contactPerson": "马俊",
        "contactPhone": "0571-88001234",
        "address": "杭州市西湖区文三路",
    }
    bad = await gql(ORGANISATION, {"input": {"contactPhone": "call me"}}, token=token)
    assert bad["data"]["updateMyOrganisation"]["field"] == "contactPhone"
