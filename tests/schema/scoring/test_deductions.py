"""Manual deductions over GraphQL: only the data bureau deducts; a blank reason is refused on its field."""

from __future__ import annotations

from domain.projects.kinds import Stage
from domain.scoring.models import ScoreEntry
from schema.shared import ids
from tests.factories import declare, key

DEDUCT = """mutation($input: DeductionInput!) { deductScore(input: $input) {
  __typename ... on ActionError { code field message } } }"""


async def test_deduct_score_by_the_bureau_only(finance, data_bureau) -> None:
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
    refused = await finance(DEDUCT, variables)
    assert refused["data"]["deductScore"]["code"] == "FORBIDDEN"
    done = await data_bureau(DEDUCT, variables)
    assert done["data"]["deductScore"]["__typename"] == "ActionDone"
    assert await ScoreEntry.filter(project_id=project.id, stage=Stage.PRE_REVIEW, rule="MANUAL").count() == 1
    bad = {"input": {**variables["input"], "idempotencyKey": key(), "reason": " "}}
    assert (await data_bureau(DEDUCT, bad))["data"]["deductScore"]["field"] == "reason"
