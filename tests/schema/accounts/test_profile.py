"""管理评价 and the user's own profile over GraphQL."""

from __future__ import annotations

from domain.accounts.models import User

EVALUATIONS = """query($kind: CenterKind!) { center(kind: $kind) { evaluations {
  average rank projects { code total stages { stage score } }
  given { rating ratee { name } } received { rating rater { name } } } } }"""
PROFILE = """mutation($input: ProfileInput!) { updateMyProfile(input: $input) {
  __typename ... on User { displayName locale } ... on AuthError { code field } } }"""


async def test_users_keep_their_own_profile(as_user, demo, gql) -> None:
    token = (await as_user("vendor")).token
    done = await gql(PROFILE, {"input": {"displayName": "朱鹏（项目经理）", "locale": "en"}}, token=token)
    assert done["data"]["updateMyProfile"] == {"__typename": "User", "displayName": "朱鹏（项目经理）", "locale": "en"}
    bad = await gql(PROFILE, {"input": {"displayName": " ", "locale": "fr"}}, token=token)
    assert bad["data"]["updateMyProfile"]["code"] == "INVALID_INPUT"
    assert (await User.get(username="vendor")).display_name == "朱鹏（项目经理）"


ORGANISATION = """mutation($input: OrganisationInput!) { updateMyOrganisation(input: $input) {
  __typename ... on Organisation { name contactPerson contactPhone address } ... on AuthError { code field } } }"""


async def test_members_keep_their_organisations_contact_data(as_user, demo, gql) -> None:
    token = (await as_user("supervisor")).token
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
