"""The home screen's kept answers: two statements while nothing changed, a fresh answer after any write."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import pytest_asyncio
from graphql import DocumentNode, OperationDefinitionNode, parse, print_ast

from api.app import create_app
from api.settings import Settings
from api.trusted import document_id
from domain import clock
from domain.calendar import china_today
from domain.projects.models import Project
from tests.conftest import move_clock
from tests.schema.shared.sqlcount import count_statements

OPERATIONS = parse((Path(__file__).resolve().parents[2] / "pwa/src/api/operations/home.graphql").read_text("utf-8"))
# The PWA registers each operation with the fragments it uses: here HomeScreen's.
HOME = print_ast(
    DocumentNode(
        definitions=tuple(
            d
            for d in OPERATIONS.definitions
            if not isinstance(d, OperationDefinitionNode) or d.name.value == "HomeScreen"
        )
    )
)
OTHER = "query Other { me { user { id } } }"
CHINA = ZoneInfo("Asia/Shanghai")
VARIABLES = {"kind": "BUILDER", "withCenter": True, "withProjects": True, "first": 20, "firstProjects": 20}


@pytest_asyncio.fixture
async def http(settings: Settings, tmp_path: Path, app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The app with the home documents registered (as the PWA build registers them)."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "persisted-operations.json").write_text(json.dumps({document_id(t): t for t in (HOME, OTHER)}))
    registered = create_app(replace(settings, pwa_dist=dist))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=registered), base_url="http://t") as client:
        yield client


async def home(
    http: httpx.AsyncClient, token: str, *, text: str = HOME, language: str = "zh-CN", by_id: bool = True
) -> tuple[httpx.Response, list[str]]:
    body: dict[str, Any] = {"variables": VARIABLES, "operationName": "HomeScreen"}
    body |= {"documentId": document_id(text)} if by_id else {"query": text}
    with pytest.MonkeyPatch.context() as patch, count_statements(patch) as statements:
        response = await http.post(
            "/graphql", json=body, headers={"authorization": f"Bearer {token}", "accept-language": language}
        )
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return response, list(statements)


async def test_an_unchanged_home_is_answered_with_two_statements(demo: None, as_user, http) -> None:
    # given the builder's home, read once
    token = (await as_user("builder")).token
    first, cold = await home(http, token)
    # when it is read again with nothing changed, by id or by its text
    again, warm = await home(http, token)
    by_text, warm_text = await home(http, token, by_id=False)
    # then the same bytes come back after the session check and the data version alone
    assert again.content == first.content == by_text.content
    assert len(warm) == len(warm_text) == 2 < len(cold), (warm, cold)


async def test_any_write_retires_the_kept_answer(demo: None, as_user, http) -> None:
    # given the builder's home, read and kept
    token = (await as_user("builder")).token
    first, _ = await home(http, token)
    name = first.json()["data"]["center"]["projects"]["edges"][0]["node"]["name"]
    # when one of its projects is renamed directly in the database (no API involved)
    await Project.filter(name=name).update(name=name + "（二期）")
    # then the next read computes the answer again and shows the new name
    after, statements = await home(http, token)
    assert after.json()["data"]["center"]["projects"]["edges"][0]["node"]["name"] == name + "（二期）"
    assert len(statements) > 2


async def test_a_mutation_retires_it_too(demo: None, as_user, gql, http) -> None:
    # given the builder's home, kept
    session = await as_user("builder")
    before, _ = await home(http, session.token)
    assert before.json()["data"]["me"]["user"]["displayName"] == "陈静"
    # when the builder changes their name through the API
    changed = await gql(
        'mutation { updateMyProfile(input: {displayName: "陈静（建设单位）"}) { ... on User { displayName } } }',
        token=session.token,
    )
    assert changed["data"]["updateMyProfile"]["displayName"] == "陈静（建设单位）"
    # then the home is read again with the new name
    after, _ = await home(http, session.token)
    assert after.json()["data"]["me"]["user"]["displayName"] == "陈静（建设单位）"


async def test_kept_answers_are_per_user_language_and_day(
    demo: None, as_user, http, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given two minutes before midnight in China
    today = china_today(clock.now())
    moved = move_clock(monkeypatch, datetime.combine(today, time(23, 58), tzinfo=CHINA).astimezone(UTC))
    builder, vendor = (await as_user("builder")).token, (await as_user("builder2")).token
    mine, _ = await home(http, builder)
    # another user of the same center gets their own answer, not the builder's
    theirs, statements = await home(http, vendor)
    assert len(statements) > 2 and theirs.json()["data"]["me"] != mine.json()["data"]["me"]
    # another language is another answer
    english, statements = await home(http, builder, language="en")
    assert len(statements) > 2
    again, statements = await home(http, builder, language="en")
    assert again.content == english.content and len(statements) == 2
    # the next day's days left are computed again
    moved.advance(minutes=3)
    _, statements = await home(http, builder, language="en")
    assert len(statements) > 2


async def test_only_registered_home_documents_are_kept(demo: None, as_user, http) -> None:
    token = (await as_user("builder")).token
    # a registered document that is not the home is never kept
    for _ in range(2):
        with pytest.MonkeyPatch.context() as patch, count_statements(patch) as statements:
            response = await http.post(
                "/graphql", json={"documentId": document_id(OTHER)}, headers={"authorization": f"Bearer {token}"}
            )
        assert response.json()["data"]["me"]["user"]["id"]
        assert not any("pg_current_snapshot" in s or "total_changes" in s for s in statements)
    # the home's text with a change is not registered: never kept
    edited = HOME.replace("urgeCount", "urgeCount\n    title")
    for _ in range(2):
        _, statements = await home(http, token, text=edited, by_id=False)
        assert len(statements) > 2


async def test_a_refused_token_is_never_answered_from_the_cache(demo: None, as_user, http) -> None:
    token = (await as_user("builder")).token
    await home(http, token)
    response = await http.post(
        "/graphql",
        json={"documentId": document_id(HOME), "variables": VARIABLES},
        headers={"authorization": f"Bearer {token}x"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
