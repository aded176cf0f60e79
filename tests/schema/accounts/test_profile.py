"""管理评价 and the user's own profile over GraphQL."""

from __future__ import annotations

from domain.accounts.models import Organisation, User

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


async def test_audit_keeps_its_own_profile_but_changes_no_organisation(as_user, demo, gql) -> None:
    # given the auditor (audit reads everything and changes nothing but its findings and its own profile)
    token = (await as_user("audit")).token
    before = await Organisation.get(id=(await User.get(username="audit")).organisation_id)
    # when it tries to change its organisation's contact data
    refused = await gql(ORGANISATION, {"input": {"contactPerson": "刘洋"}}, token=token)
    # then it is refused, and nothing changed
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    after = await Organisation.get(id=before.id)
    assert (after.contact_person, after.contact_phone, after.address) == (
        before.contact_person,
        before.contact_phone,
        before.address,
    )
    # while its own profile is its own
    done = await gql(PROFILE, {"input": {"displayName": "刘洋（审计）", "locale": "zh-CN"}}, token=token)
    assert done["data"]["updateMyProfile"]["__typename"] == "User"
