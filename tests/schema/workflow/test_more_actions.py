"""The remaining actions over GraphQL each map their typed errors and carry out the flow."""

from __future__ import annotations

import itertools

from domain.projects.kinds import Stage
from domain.scoring.models import ScoreEntry
from schema.shared import ids
from tests.domain.workflow.helpers import declare

_keys = itertools.count(1)
DEDUCT = """mutation($input: DeductionInput!) { deductScore(input: $input) {
  __typename ... on ActionError { code field message } } }"""
PIN = """mutation($input: ExpertPinInput!) { setExpertPin(input: $input) {
  __typename ... on ActionError { code field } } }"""


def key() -> str:
    return f"more-key-{next(_keys)}"


async def test_deduct_score_by_the_bureau_only(demo, sign_in, gql) -> None:
    project = await declare()
    variables = {
        "input": {
            "idempotencyKey": key(),
            "projectId": ids.encode("Project", project.id),
            "stage": "PRE_REVIEW",
            "points": "5",
            "reason": "材料多次补正",
        }
    }
    refused = await gql(DEDUCT, variables, token=(await sign_in("finance"))["accessToken"])
    assert refused["data"]["deductScore"]["code"] == "FORBIDDEN"
    done = await gql(DEDUCT, variables, token=(await sign_in("data"))["accessToken"])
    assert done["data"]["deductScore"]["__typename"] == "ActionDone"
    assert await ScoreEntry.filter(project_id=project.id, stage=Stage.PRE_REVIEW, rule="MANUAL").count() == 1
    bad = {"input": {**variables["input"], "idempotencyKey": key(), "reason": " "}}
    assert (await gql(DEDUCT, bad, token=(await sign_in("data"))["accessToken"]))["data"]["deductScore"][
        "field"
    ] == "reason"


async def test_expert_pin_policy(demo, sign_in, gql) -> None:
    token = (await sign_in("expert"))["accessToken"]
    assert (await gql(PIN, {"input": {"idempotencyKey": key(), "pin": "1234"}}, token=token))["data"]["setExpertPin"][
        "code"
    ] == "INVALID_INPUT"
    assert (await gql(PIN, {"input": {"idempotencyKey": key(), "pin": "357913"}}, token=token))["data"]["setExpertPin"][
        "__typename"
    ] == "Done"
