"""An expert's path over GraphQL: invitation, acceptance, draft, final sheet with the PIN; blind throughout."""

from __future__ import annotations

import itertools

from domain.projects.models import Project
from domain.reviews.models import PanelSeat
from domain.workflow.models import StepRun
from schema.shared import ids
from tests.factories import advance, declare

_keys = itertools.count(1)
TODOS = """query($kind: CenterKind!) { center(kind: $kind) { todos(first: 50) {
  edges { node { id kind expects seatId project { name } } } } } }"""
REQUEST = """mutation($input: RequestPanelInput!) { requestPanel(input: $input) {
  __typename ... on ActionError { code field } } }"""
RESPOND = """mutation($input: RespondInvitationInput!) { respondInvitation(input: $input) {
  __typename ... on ActionError { code field } } }"""
SHEET = """query($seat: ID!) { scoreSheet(seatId: $seat) { status version runningTotal scores
  criteria { key maxPoints guidance } project { name materials { title } } } }"""
DRAFT = """mutation($input: ScoreSheetInput!) { saveScoreDraft(input: $input) {
  __typename ... on ScoreDraftSaved { sheetVersion runningTotal } ... on ActionError { code field } } }"""
SUBMIT = """mutation($input: ScoreSheetInput!) { submitScoreSheet(input: $input) {
  __typename ... on ActionError { code field } } }"""


from tests.schema.projects.test_upload import PDF, _upload  # noqa: E402


def key() -> str:
    return f"review-key-{next(_keys)}"


async def _panel_ready(as_user, gql) -> tuple[Project, dict]:  # type: ignore[no-untyped-def]
    project = await advance(await declare(), 6)
    assert await StepRun.filter(project_id=project.id, step_key="expert_scoring", status="ACTIVE").exists()
    data = (await as_user("data")).token
    organise = (await gql(TODOS, {"kind": "DATA"}, token=data))["data"]["center"]["todos"]["edges"]
    assert any(e["node"]["expects"] == "ORGANISE_PANEL" for e in organise)
    body = await gql(
        REQUEST,
        {
            "input": {
                "idempotencyKey": key(),
                "projectId": ids.encode("Project", project.id),
                "stage": "PLAN_REVIEW",
                "quotas": [{"count": 3}],
                "reviewDate": "2026-11-20",
            }
        },
        token=data,
    )
    assert body["data"]["requestPanel"]["__typename"] == "PanelDrawn", body
    seats = await PanelSeat.filter(panel__project_id=project.id).prefetch_related("expert__user")
    tokens = {s.id: (await as_user(s.expert.user.username)).token for s in seats}
    return project, tokens


async def test_an_expert_accepts_drafts_and_submits(as_user, demo, gql, client) -> None:
    project, tokens = await _panel_ready(as_user, gql)
    # the builder's plan, attached to the project
    uploaded = await _upload(client, (await as_user("builder")).token, project.id, "plan.pdf", PDF, "application/pdf")
    assert uploaded.json()["data"]["uploadMaterial"]["__typename"] == "MaterialUploaded", uploaded.text
    seat_id, token = next(iter(tokens.items()))
    todo = (await gql(TODOS, {"kind": "EXPERT"}, token=token))["data"]["center"]["todos"]["edges"][0]["node"]
    assert (todo["expects"], todo["seatId"]) == ("RESPOND_INVITATION", ids.encode("Seat", seat_id))
    refused = await gql(
        RESPOND, {"input": {"idempotencyKey": key(), "seatId": todo["seatId"], "accept": True}}, token=token
    )
    assert refused["data"]["respondInvitation"] == {
        "__typename": "ReviewError",
        "code": "INVALID_INPUT",
        "field": "noConflict",
    }
    for seat, expert_token in tokens.items():
        answer = await gql(
            RESPOND,
            {
                "input": {
                    "idempotencyKey": key(),
                    "seatId": ids.encode("Seat", seat),
                    "accept": True,
                    "noConflict": True,
                }
            },
            token=expert_token,
        )
        assert answer["data"]["respondInvitation"]["__typename"] == "ActionDone"
    sheet = (await gql(SHEET, {"seat": todo["seatId"]}, token=token))["data"]["scoreSheet"]
    # the sheet opens the project being scored, whose materials an accepted expert reads
    assert sheet["project"]["name"] == project.name
    assert [m["title"] for m in sheet["project"]["materials"]] == ["可行性研究报告"]
    assert sheet["status"] == "DRAFT" and sum(float(c["maxPoints"]) for c in sheet["criteria"]) == 100
    first = sheet["criteria"][0]
    draft = await gql(
        DRAFT,
        {
            "input": {
                "idempotencyKey": key(),
                "seatId": todo["seatId"],
                "scores": {first["key"]: "5"},
                "expectedVersion": sheet["version"],
            }
        },
        token=token,
    )
    saved = draft["data"]["saveScoreDraft"]
    assert saved["__typename"] == "ScoreDraftSaved"
    assert saved["sheetVersion"] == sheet["version"] + 1 and saved["runningTotal"] == "5.0"
    assert (await gql(SHEET, {"seat": todo["seatId"]}, token=token))["data"]["scoreSheet"]["runningTotal"] == "5.0"
    full = {c["key"]: str(float(c["maxPoints"]) * 0.8) for c in sheet["criteria"]}
    wrong = await gql(
        SUBMIT,
        {
            "input": {
                "idempotencyKey": key(),
                "seatId": todo["seatId"],
                "scores": full,
                "opinion": "PASS",
                "secondFactor": "000000",
            }
        },
        token=token,
    )
    assert wrong["data"]["submitScoreSheet"]["code"] == "SECOND_FACTOR_INVALID"
    done = await gql(
        SUBMIT,
        {
            "input": {
                "idempotencyKey": key(),
                "seatId": todo["seatId"],
                "scores": full,
                "opinion": "PASS",
                "secondFactor": "246810",
            }
        },
        token=token,
    )
    assert done["data"]["submitScoreSheet"]["__typename"] == "ActionDone"


async def test_another_experts_sheet_is_unreachable(as_user, demo, gql) -> None:
    _, tokens = await _panel_ready(as_user, gql)
    (mine, my_token), (theirs, _) = list(tokens.items())[:2]
    assert (await gql(SHEET, {"seat": ids.encode("Seat", theirs)}, token=my_token))["data"]["scoreSheet"] is None
    assert (await gql(SHEET, {"seat": ids.encode("Seat", mine)}, token=my_token))["data"]["scoreSheet"] is not None
    forged = await gql(
        RESPOND,
        {"input": {"idempotencyKey": key(), "seatId": ids.encode("Seat", theirs), "accept": False}},
        token=my_token,
    )
    assert forged["data"]["respondInvitation"]["code"] == "NOT_FOUND"
