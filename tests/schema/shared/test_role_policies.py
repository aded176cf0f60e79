"""Role policies: the audit center reads, it does not act (no delegations, either way); only experts set the
PIN that confirms score sheets. Refusals are FORBIDDEN with a stable code and write nothing."""

from __future__ import annotations

import itertools
from datetime import timedelta

from domain import clock
from domain.accounts.models import User
from domain.workflow.models import Delegation
from schema.shared import ids
from tests.factories import user_id

_keys = itertools.count(1)
DELEGATE = """mutation($input: DelegateInput!) { delegate(input: $input) {
  __typename ... on ActionError { code field } } }"""
PIN = """mutation($input: ExpertPinInput!) { setExpertPin(input: $input) {
  __typename ... on ActionError { code field } } }"""


def _pin(pin: str) -> dict:
    return {"input": {"idempotencyKey": f"pin-{next(_keys)}", "pin": pin}}


async def _delegation_to(username: str) -> dict:
    now = clock.now()
    return {
        "input": {
            "idempotencyKey": f"policy-{next(_keys)}",
            "delegateUserId": ids.encode("User", await user_id(username)),
            "startsAt": now.isoformat(),
            "endsAt": (now + timedelta(days=3)).isoformat(),
        }
    }


def _forbidden(body: dict) -> bool:
    return body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_audit_center_cannot_delegate_nor_be_delegated_to(as_user, demo, gql) -> None:
    # given the auditor and a data bureau official
    audit = (await as_user("audit")).token
    data = (await as_user("data")).token

    # when the auditor names a delegate, then FORBIDDEN, nothing written
    assert _forbidden(await gql(DELEGATE, await _delegation_to("data2"), token=audit))
    # when an official names the auditor as delegate, then refused on that field
    refused = (await gql(DELEGATE, await _delegation_to("audit"), token=data))["data"]["delegate"]
    assert refused == {"__typename": "WorkflowError", "code": "DELEGATION_INVALID", "field": "delegateUserId"}
    assert await Delegation.all().count() == 0

    # while an official may still delegate to a colleague
    done = await gql(DELEGATE, await _delegation_to("data2"), token=data)
    assert done["data"]["delegate"]["__typename"] == "DelegationCreated"


async def test_only_experts_set_a_pin(as_user, demo, gql) -> None:
    for username in ("audit", "builder", "data"):
        token = (await as_user(username)).token
        assert _forbidden(await gql(PIN, _pin("357913"), token=token)), username
        assert (await User.get(username=username)).pin_hash in (None, "")
    expert = (await as_user("expert5")).token  # finance and expert: holds the expert center
    assert (await gql(PIN, _pin("357913"), token=expert))["data"]["setExpertPin"]["__typename"] == "Done"
