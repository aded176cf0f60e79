"""Keeping the expert library current over GraphQL."""

from __future__ import annotations

from domain.experts.models import Expert
from domain.reviews.models import ExpertUnavailability
from schema.shared import ids
from tests.factories import key

PROFILE = """mutation($input: ExpertProfileInput!) { updateExpertProfile(input: $input) {
  __typename ... on ActionError { code field } } }"""
AWAY = """mutation($input: UnavailabilityInput!) { addUnavailability(input: $input) {
  __typename ... on ActionError { code field } } }"""
REGISTER = """mutation($input: RegisterExpertInput!) { registerExpert(input: $input) {
  __typename ... on ActionError { code field } } }"""


async def test_an_expert_updates_profile_and_availability(as_user, demo, gql) -> None:
    token = (await as_user("expert3")).token
    done = await gql(
        PROFILE,
        {"input": {"idempotencyKey": key(), "title": "教授", "specialties": ["网络安全", "密码应用"]}},
        token=token,
    )
    assert done["data"]["updateExpertProfile"]["__typename"] == "Done"
    assert (await Expert.get(user__username="expert3")).specialties == ["网络安全", "密码应用"]
    away = await gql(
        AWAY,
        {"input": {"idempotencyKey": key(), "start": "2026-12-01", "end": "2026-12-05", "reason": "出差"}},
        token=token,
    )
    assert away["data"]["addUnavailability"]["__typename"] == "Done"
    backwards = await gql(
        AWAY, {"input": {"idempotencyKey": key(), "start": "2026-12-05", "end": "2026-12-01"}}, token=token
    )
    assert backwards["data"]["addUnavailability"]["field"] == "end"
    assert await ExpertUnavailability.all().count() == 1
    builder = await gql(
        PROFILE,
        {"input": {"idempotencyKey": key(), "title": "x", "specialties": ["y"]}},
        token=(await as_user("builder")).token,
    )
    assert builder["data"]["updateExpertProfile"]["code"] == "FORBIDDEN"


async def test_only_the_bureau_registers_experts(as_user, demo, gql) -> None:
    from domain.accounts.models import User

    drc = await User.get(username="drc")
    variables = {
        "input": {
            "idempotencyKey": key(),
            "userId": ids.encode("User", drc.id),
            "title": "高级经济师",
            "level": "市级专家",
            "specialties": ["投资"],
        }
    }
    refused = await gql(REGISTER, variables, token=(await as_user("finance")).token)
    assert refused["data"]["registerExpert"]["code"] == "FORBIDDEN"
    done = await gql(REGISTER, variables, token=(await as_user("data")).token)
    assert done["data"]["registerExpert"]["__typename"] == "Done"
