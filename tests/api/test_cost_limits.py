"""graphql-cop's field duplication and directive overloading are refused in every mode, before they run,
with one typed error."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from api.trusted import document_id

DUPLICATED = "query cop { " + " ".join(["__typename"] * 500) + " }"
OVERLOADED = "query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }"
OVERLOADED_KNOWN = "query cop { __typename " + "@include(if: true)" * 10 + " }"
FRAGMENTED = (
    "query cop { ...a ...a } fragment a on Query { "
    + " ".join(f"f{i}: __typename" for i in range(15))
    + " "
    + " ".join(["__typename"] * 190)
    + " }"
)


def _server(settings: Settings, tmp_path: Path, mode: str) -> Starlette:
    if mode == "trusted":  # the documents are registered: the limits hold for them too
        dist = tmp_path / "dist"
        dist.mkdir()
        texts = [DUPLICATED, OVERLOADED, OVERLOADED_KNOWN, FRAGMENTED]
        (dist / "persisted-operations.json").write_text(json.dumps({document_id(t): t for t in texts}))
        return create_app(replace(settings, pwa_dist=dist, trusted_documents_only=True))
    return create_app(replace(settings, mode=mode))


@pytest.mark.parametrize("mode", ["test", "production", "trusted"])
@pytest.mark.parametrize("text", [DUPLICATED, OVERLOADED, OVERLOADED_KNOWN, FRAGMENTED])
async def test_graphql_cop_cost_checks_are_refused(
    app: Starlette, settings: Settings, tmp_path: Path, mode: str, text: str
) -> None:
    server = _server(settings, tmp_path, mode)
    body = {"documentId": document_id(text)} if mode == "trusted" else {"query": text}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=server), base_url="http://t") as http:
        response = await http.post("/graphql", json=body, headers={"accept-language": "en"})
    answer = response.json()
    assert answer.get("data") is None
    assert answer["errors"] == [{"message": "The request is too complex.", "extensions": {"code": "QUERY_TOO_COMPLEX"}}]


async def test_a_document_within_the_limits_runs(demo, client: httpx.AsyncClient) -> None:
    text = "query { " + " ".join(["__typename"] * 150) + " __typename @include(if: true) @skip(if: false) }"
    response = await client.post("/graphql", json={"query": text})
    assert response.json() == {"data": {"__typename": "Query"}}
