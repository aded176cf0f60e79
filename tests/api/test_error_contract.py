"""One error contract for everything a client can send: a typed error with a stable code and the field,
in the caller's language, and nothing written. A database outage is a typed, retryable answer."""

from __future__ import annotations

import base64
from dataclasses import replace
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from domain.audit.models import AuditRecord
from domain.scoring.models import ScoreEntry
from domain.workflow.models import Delegation
from schema.shared import ids
from tests.factories import declare

DEDUCT = """mutation($input: DeductionInput!) { deductScore(input: $input) {
  __typename ... on ActionError { code field } } }"""
DELEGATE = """mutation($input: DelegateInput!) { delegate(input: $input) {
  __typename ... on ActionError { code field } } }"""
REVOKE = """mutation($input: RevokeDelegationInput!) { revokeDelegation(input: $input) {
  __typename ... on ActionError { code field } } }"""
URGE = """mutation($input: UrgeInput!) { urge(input: $input) { __typename ... on ActionError { code field } } }"""
REGISTER = """mutation($input: PushSubscriptionInput!) { registerWebPush(input: $input) {
  __typename ... on ActionError { code field } } }"""
LOGIN = """mutation($input: LoginInput!) { login(input: $input) { __typename } }"""


async def _post(client: httpx.AsyncClient, body: Any, **headers: str) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"accept-language": "en", **headers})


async def _writes() -> tuple[int, int, int]:
    return (await AuditRecord.all().count(), await ScoreEntry.all().count(), await Delegation.all().count())


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("data") is None, body
    (error,) = body["errors"]
    assert error["message"] != "Unexpected error."
    return error


# -- the HTTP edge ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"null", b'"x"', b"5", b"true", b"[]"])
@pytest.mark.parametrize("mode", ["test", "production", "trusted"])
async def test_a_bare_json_value_is_a_typed_400(settings: Settings, app: Starlette, raw: bytes, mode: str) -> None:
    # given the server in each mode
    changes: dict[str, Any] = {"production": {"mode": "production"}, "trusted": {"trusted_documents_only": True}}
    server = create_app(replace(settings, **changes.get(mode, {})))
    # when the body is one JSON value that is not an object
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=server), base_url="http://t") as http:
        response = await http.post("/graphql", content=raw, headers={"content-type": "application/json"})
    # then a JSON error in the contract's shape
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"] == "请求格式不正确。"  # Simplified Chinese by default


async def test_malformed_json_is_a_typed_400(demo, client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json", "accept-language": "en"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "message": "The request body is not valid JSON.",
        "extensions": {"code": "MALFORMED_JSON"},
    }


async def test_an_outage_during_the_session_lookup_is_a_503(as_user, demo, client: httpx.AsyncClient, request) -> None:
    # given a signed-in user
    token = (await as_user("builder")).token
    # when the database goes away before GraphQL runs (the session is looked up first)
    request.getfixturevalue("database_down")
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"authorization": f"Bearer {token}"}
    )
    # then 503 JSON, retryable, with Retry-After; never a bare 500
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    assert response.json() == {
        "errors": [
            {
                "message": "服务暂时不可用，请稍后重试。",
                "extensions": {"code": "SERVICE_UNAVAILABLE", "retryable": True},
            }
        ]
    }


async def test_an_outage_inside_graphql_is_a_typed_retryable_error(demo, client, request) -> None:
    request.getfixturevalue("database_down")
    response = await _post(client, {"query": LOGIN, "variables": {"input": {"username": "x", "password": "y"}}})
    assert response.status_code == 200
    error = _only_error(response.json())
    assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
    assert error["message"] == "The service is briefly unavailable. Try again in a moment."


# -- variables a client can get wrong ---------------------------------------------------------------


async def _deduction(**changes: Any) -> dict[str, Any]:
    project = await declare()
    return {
        "input": {
            "idempotencyKey": "k-1",
            "projectId": ids.encode("Project", project.id),
            "stage": "PRE_REVIEW",
            "points": "5",
            "reason": "材料多次补正",
            **changes,
        }
    }


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"points": "abc"}, "INVALID_VALUE", "input.points"),
        ({"points": "NaN"}, "INVALID_VALUE", "input.points"),
        ({"points": "Infinity"}, "INVALID_VALUE", "input.points"),
        ({"points": "-inf"}, "INVALID_VALUE", "input.points"),
        ({"points": "1e999999"}, "INVALID_VALUE", "input.points"),
        ({"points": True}, "INVALID_VALUE", "input.points"),
        ({"stage": "NO_SUCH_STAGE"}, "INVALID_VALUE", "input.stage"),
        ({"stage": 3}, "INVALID_VALUE", "input.stage"),
        ({"reason": 5}, "INVALID_VALUE", "input.reason"),
        ({"reason": ["x"]}, "INVALID_VALUE", "input.reason"),
        ({"reason": "原因\x00"}, "INVALID_CHARACTER", "input.reason"),
        ({"reason": "长" * 300_000}, "TEXT_TOO_LONG", "input.reason"),  # 900 KB of UTF-8
        ({"idempotencyKey": "k\x00"}, "INVALID_CHARACTER", "input.idempotencyKey"),
        ({"idempotencyKey": "k" * 65}, "TEXT_TOO_LONG", "input.idempotencyKey"),  # the store keeps 64
    ],
)
async def test_bad_deduction_inputs_are_typed_and_write_nothing(
    as_user,
    demo,
    sign_in,
    client: httpx.AsyncClient,
    settings: Settings,
    changes: dict[str, Any],
    code: str,
    field: str,
) -> None:
    # given the data bureau signed in and a project
    token = (await as_user("data")).token
    variables = await _deduction(**changes)
    before = await _writes()
    # when a deduction arrives with one bad value
    response = await _post(client, {"query": DEDUCT, "variables": variables}, authorization=f"Bearer {token}")
    # then one typed error naming the field, and nothing written
    assert response.status_code == 200
    error = _only_error(response.json())
    assert error["extensions"] == {"code": code, "field": field}
    assert await _writes() == before


async def test_errors_are_in_the_callers_language(as_user, demo, client: httpx.AsyncClient) -> None:
    token = (await as_user("data")).token
    variables = await _deduction(points="NaN")
    chinese = await client.post(
        "/graphql", json={"query": DEDUCT, "variables": variables}, headers={"authorization": f"Bearer {token}"}
    )
    english = await _post(client, {"query": DEDUCT, "variables": variables}, authorization=f"Bearer {token}")
    assert _only_error(chinese.json())["message"] == "填写的内容类型或格式不正确。"
    assert _only_error(english.json())["message"] == "A value has the wrong type or format."


async def test_a_missing_required_variable_is_typed(demo, client: httpx.AsyncClient) -> None:
    error = _only_error((await _post(client, {"query": LOGIN, "variables": {}})).json())
    assert error["extensions"] == {"code": "INVALID_VALUE", "field": "input"}


async def test_literals_in_the_document_are_checked_too(as_user, demo, client: httpx.AsyncClient) -> None:
    token = (await as_user("data")).token
    project = ids.encode("Project", (await declare()).id)
    query = f"""mutation {{ deductScore(input: {{idempotencyKey: "k", projectId: "{project}", stage: PRE_REVIEW,
      points: "1", reason: "a\\u0000b"}}) {{ __typename }} }}"""
    error = _only_error((await _post(client, {"query": query}, authorization=f"Bearer {token}")).json())
    assert error["extensions"] == {"code": "INVALID_CHARACTER", "field": "input.reason"}
    assert await ScoreEntry.all().count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"endsAt": "9999-12-31T00:00:00+08:00"}, "input.endsAt"),
        ({"startsAt": "0001-01-01T00:00:00+08:00"}, "input.startsAt"),
        ({"endsAt": "2026-02-30T00:00:00+08:00"}, "input.endsAt"),
        ({"maxAmount": "NaN"}, "input.maxAmount"),
        ({"stages": ["NOPE"]}, "input.stages[0]"),
    ],
)
async def test_impossible_delegations_are_typed(
    as_user, demo, client: httpx.AsyncClient, changes: dict[str, Any], field: str
) -> None:
    token = (await as_user("data")).token
    variables = {
        "input": {
            "idempotencyKey": "d-1",
            "delegateUserId": ids.encode("User", 1),
            "startsAt": "2026-12-01T00:00:00+08:00",
            "endsAt": "2026-12-10T00:00:00+08:00",
            **changes,
        }
    }
    error = _only_error(
        (await _post(client, {"query": DELEGATE, "variables": variables}, authorization=f"Bearer {token}")).json()
    )
    assert error["extensions"] == {"code": "INVALID_VALUE", "field": field}
    assert await Delegation.all().count() == 0


# Each area answers its refusals with its own type (they share the ActionError interface).
REFUSED_AS = {
    "deductScore": "ScoringError",
    "delegate": "WorkflowError",
    "revokeDelegation": "WorkflowError",
    "urge": "WorkflowError",
}
HUGE_TASK = base64.urlsafe_b64encode(b"Task:100000000000000000000").decode()  # beyond 64 bits (orjson)
INT32_PROJECT = base64.urlsafe_b64encode(b"Project:2147483648").decode()  # beyond int32 (asyncpg)


@pytest.mark.parametrize(
    ("query", "variables", "name", "field"),
    [
        (REVOKE, {"input": {"idempotencyKey": "r", "delegationId": "%%%"}}, "revokeDelegation", "delegationId"),
        (URGE, {"input": {"idempotencyKey": "u", "taskId": HUGE_TASK}}, "urge", "taskId"),
        (URGE, {"input": {"idempotencyKey": "u", "taskId": "VGFzazotMQ"}}, "urge", "taskId"),  # Task:-1
    ],
)
async def test_malformed_and_out_of_range_ids_are_not_found(
    as_user, demo, client: httpx.AsyncClient, query: str, variables: dict[str, Any], name: str, field: str
) -> None:
    # given a signed-in official; when an ID names nothing this system could have given out
    token = (await as_user("data")).token
    before = await _writes()
    body = (await _post(client, {"query": query, "variables": variables}, authorization=f"Bearer {token}")).json()
    # then the mutation's own typed NOT_FOUND, as for a stranger's ID, and nothing written
    assert body["data"][name] == {"__typename": REFUSED_AS[name], "code": "NOT_FOUND", "field": field}
    assert await _writes() == before


async def test_a_project_id_beyond_int32_is_not_found(as_user, demo, client: httpx.AsyncClient) -> None:
    token = (await as_user("data")).token
    variables = await _deduction(projectId=INT32_PROJECT)
    body = (await _post(client, {"query": DEDUCT, "variables": variables}, authorization=f"Bearer {token}")).json()
    assert body["data"]["deductScore"] == {"__typename": "ScoringError", "code": "NOT_FOUND", "field": "projectId"}
    assert await ScoreEntry.all().count() == 0


async def test_a_900_kb_push_endpoint_is_refused(as_user, demo, client: httpx.AsyncClient) -> None:
    token = (await as_user("data")).token
    subscription = {"endpoint": "https://push.example.cn/" + "a" * 900_000, "p256dh": "BAAA", "auth": "AAAA"}
    body = (
        await _post(client, {"query": REGISTER, "variables": {"input": subscription}}, authorization=f"Bearer {token}")
    ).json()
    assert _only_error(body)["extensions"] == {"code": "TEXT_TOO_LONG", "field": "input.endpoint"}


async def test_a_failure_outside_graphql_is_a_json_500_without_its_detail(
    as_user, demo, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a bug in the session lookup (not an outage)
    token = (await as_user("builder")).token
    from domain.accounts import flows

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(flows.Authenticator, "authenticate", broken)
    response = await _post(client, {"query": "{ __typename }"}, authorization=f"Bearer {token}")
    # then a 500 in the contract's shape, the detail kept for the log
    assert response.status_code == 500
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"
    assert "secret detail" not in response.text


async def test_refusals_at_the_guard_are_localised(demo, client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", content=b"x", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["errors"][0]["message"] == "请求内容类型不支持，请使用 JSON。"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
