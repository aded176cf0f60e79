"""管理评价 and the user's own profile over GraphQL."""

from __future__ import annotations

from decimal import Decimal

from domain.accounts.models import User
from domain.projects.kinds import Stage
from domain.scoring import flows as scoring
from tests.factories import acting, declare, drive

EVALUATIONS = """query($kind: CenterKind!) { center(kind: $kind) { evaluations {
  average rank projects { code total stages { stage score } }
  given { rating ratee { name } } received { rating rater { name } } } } }"""
PROFILE = """mutation($input: ProfileInput!) { updateMyProfile(input: $input) {
  __typename ... on User { displayName locale } ... on AuthError { code field } } }"""


async def test_builder_sees_scores_rank_and_revealed_ratings(as_user, demo, gql) -> None:
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
    token = (await as_user("builder")).token
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
