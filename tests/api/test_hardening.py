"""GraphQL hardening: each abusive request is refused before any resolver runs.

Shown three ways: the answer has no data, a spy on the sign-in flow sees no call, and
nothing is written (no session, no audit record)."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from domain.accounts.models import AuthSession
from domain.audit.models import AuditRecord

LOGIN = 'mutation { login(input: {username: "builder", password: "Demo-2026"}) { __typename } }'


@pytest.fixture
def login_calls(monkeypatch) -> list[str]:
    from domain.accounts import flows

    calls: list[str] = []
    real = flows.Authenticator.login

    async def spy(self, **kwargs):
        calls.append(kwargs["username"])
        return await real(self, **kwargs)

    monkeypatch.setattr(flows.Authenticator, "login", spy)
    return calls


async def _nothing_written() -> None:
    assert await AuthSession.all().count() == 0
    assert await AuditRecord.all().count() == 0


async def test_too_deep_query_is_refused(demo, settings: Settings, app: Starlette, login_calls) -> None:
    # given a server allowing depth 2 (fields below the root), and a valid sign-in three deep
    shallow = create_app(replace(settings, max_query_depth=2))
    deep = LOGIN.replace("{ __typename }", "{ ... on AuthPayload { user { organisation { name } } } }")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=shallow), base_url="http://t") as http:
        body = (await http.post("/graphql", json={"query": deep})).json()
    assert body["data"] is None
    assert "exceeds maximum operation depth of 2" in body["errors"][0]["message"]
    assert login_calls == []
    await _nothing_written()


async def test_shallow_query_passes(demo, client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_hundred_aliases_are_refused(demo, client: httpx.AsyncClient, login_calls) -> None:
    aliases = " ".join(
        f'a{i}: login(input: {{username: "builder", password: "x{i}"}}) {{ __typename }}' for i in range(100)
    )
    response = await client.post("/graphql", json={"query": f"mutation {{ {aliases} }}"})
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == "100 aliases found. Allowed: 15"
    assert login_calls == []
    await _nothing_written()


async def test_too_many_tokens_are_refused(demo, client: httpx.AsyncClient, login_calls) -> None:
    padding = " ".join("__typename" for _ in range(2000))
    response = await client.post("/graphql", json={"query": f"mutation {{ {padding} {LOGIN[11:-1]} }}"})
    body = response.json()
    assert body["data"] is None
    assert "more than 2000 tokens" in body["errors"][0]["message"]
    assert login_calls == []
    await _nothing_written()


async def test_get_mutation_is_refused(demo, client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": LOGIN})
    assert response.status_code == 405
    await _nothing_written()


async def test_get_query_is_refused(demo, client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""],
)
async def test_post_other_than_json_is_refused(demo, client: httpx.AsyncClient, content_type: str) -> None:
    response = await client.post(
        "/graphql", content=f'{{"query": {LOGIN!r}}}'.replace("'", '"'), headers={"content-type": content_type}
    )
    assert response.status_code == 415
    await _nothing_written()


async def test_json_array_batch_is_refused(demo, client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=[{"query": LOGIN}, {"query": LOGIN}])
    assert response.status_code == 400
    await _nothing_written()


async def test_oversized_body_is_refused(demo, client: httpx.AsyncClient, settings: Settings) -> None:
    padding = "x" * (settings.max_body_bytes + 1)
    response = await client.post("/graphql", json={"query": LOGIN, "variables": {"pad": padding}})
    assert response.status_code == 413
    await _nothing_written()


async def test_oversized_body_without_length_is_refused(demo, client: httpx.AsyncClient, settings: Settings) -> None:
    async def chunks():
        yield b'{"query": "{ __typename }", "variables": {"pad": "'
        for _ in range(settings.max_body_bytes // 10_000 + 1):
            yield b"x" * 10_000
        yield b'"}}'

    response = await client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_malformed_json_is_a_400(demo, client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400


async def test_unexpected_errors_are_masked(demo, client: httpx.AsyncClient, monkeypatch) -> None:
    from domain.accounts import flows

    async def boom(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(flows.Authenticator, "login", boom)
    response = await client.post("/graphql", json={"query": LOGIN})
    body = response.json()
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "hunter2" not in response.text


@pytest.fixture
def production_client(settings: Settings, app: Starlette) -> httpx.AsyncClient:
    # The same code in production mode; its schema and guards need no lifespan for these checks.
    production = create_app(replace(settings, mode="production"))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=production), base_url="http://testserver")


INTROSPECTION = "{ __schema { queryType { name } types { name } } }"


async def test_introspection_is_off_in_production(
    production_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    async with production_client as http:
        body = (await http.post("/graphql", json={"query": INTROSPECTION})).json()
        typename = (await http.post("/graphql", json={"query": '{ __type(name: "User") { name } }'})).json()
    assert body["data"] is None
    assert "introspection has been disabled" in body["errors"][0]["message"]
    assert typename["data"] is None
    development = (await client.post("/graphql", json={"query": INTROSPECTION})).json()
    assert development["data"]["__schema"]["queryType"] == {"name": "Query"}


async def test_field_suggestions_are_off_in_production(
    production_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    async with production_client as http:
        body = (await http.post("/graphql", json={"query": "{ mee { user { id } } }"})).json()
    assert "Did you mean" not in body["errors"][0]["message"]
    development = (await client.post("/graphql", json={"query": "{ mee { user { id } } }"})).json()
    assert "Did you mean" in development["errors"][0]["message"]


async def test_graphiql_is_off_in_production(production_client: httpx.AsyncClient, client: httpx.AsyncClient) -> None:
    async with production_client as http:
        response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 405
    development = await client.get("/graphql", headers={"accept": "text/html"})
    assert development.status_code == 200 and "graphiql" in development.text.lower()
