"""An expert's PIN over GraphQL: a short one is refused on its field, a good one kept."""

from __future__ import annotations

from tests.factories import key

PIN = """mutation($input: ExpertPinInput!) { setExpertPin(input: $input) {
  __typename ... on ActionError { code field } } }"""


async def test_expert_pin_policy(expert) -> None:
    too_short = await expert(PIN, {"input": {"idempotencyKey": key(), "pin": "1234"}})
    assert too_short["data"]["setExpertPin"]["code"] == "INVALID_INPUT"
    kept = await expert(PIN, {"input": {"idempotencyKey": key(), "pin": "357913"}})
    assert kept["data"]["setExpertPin"]["__typename"] == "Done"
