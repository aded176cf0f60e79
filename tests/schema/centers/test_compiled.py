"""HomeScreen through its compiled plan answers what GraphQL answers, byte for byte, for every demo user."""

from __future__ import annotations

import json
import subprocess
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from api.app import create_app, make_passwords
from api.settings import Settings
from api.trusted import document_id
from domain.accounts.kinds import CenterKind
from domain.demo.data import USERS
from domain.demo.seed import load_demo
from schema.compiled import HOME_SCREEN
from tests.schema.shared.sqlcount import count_statements

ROOT = Path(__file__).resolve().parents[3]


def test_the_plan_is_for_the_text_the_pwa_registers() -> None:
    # the PWA's build registers its operations as scripts/operations.mjs prints them
    script = (
        "import('./scripts/operations.mjs').then(async (m) => "
        "process.stdout.write(JSON.stringify(await m.collectOperations())))"
    )
    out = subprocess.run(["node", "-e", script], cwd=ROOT / "pwa", capture_output=True, text=True, check=True)
    registered = [t for t in json.loads(out.stdout).values() if t.startswith("query HomeScreen(")]
    # then its HomeScreen is, word for word, the one the compiled plan answers
    assert registered == [HOME_SCREEN]


@pytest_asyncio.fixture
async def paths(app: Any, settings: Settings, tmp_path: Path) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """The living city, and two apps on it with HomeScreen registered: compiled, and field by field."""
    await load_demo(passwords=make_passwords(settings), city=True)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "persisted-operations.json").write_text(json.dumps({document_id(HOME_SCREEN): HOME_SCREEN}))
    clients = {}
    for name, compiled in (("compiled", True), ("graphql", False)):
        variant = replace(settings, pwa_dist=dist, compiled_plans=compiled, answer_cache_size=0)
        transport = httpx.ASGITransport(app=create_app(variant))
        clients[name] = httpx.AsyncClient(transport=transport, base_url="http://t")
    yield clients
    for client in clients.values():
        await client.aclose()


async def _post(client: httpx.AsyncClient, token: str, variables: dict[str, Any]) -> httpx.Response:
    return await client.post(
        "/graphql",
        json={"documentId": document_id(HOME_SCREEN), "operationName": "HomeScreen", "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )


async def test_every_user_and_center_gets_the_same_answer(paths, as_user) -> None:
    compared = 0
    for username, (_, _, centers, _) in USERS.items():
        token = (await as_user(username)).token
        held = [c.value for c in centers]
        # every center held, and one not held (GraphQL's FORBIDDEN either way)
        kinds = [*held, next(k.value for k in CenterKind if k.value not in held)]
        for kind in kinds:
            for with_center, with_projects in ((True, True), (True, False), (False, False)):
                for first in (1, 5, 100):
                    variables = {
                        "kind": kind,
                        "withCenter": with_center,
                        "withProjects": with_projects,
                        "first": first,
                        "firstProjects": first,
                    }
                    compiled = await _post(paths["compiled"], token, variables)
                    plain = await _post(paths["graphql"], token, variables)
                    assert compiled.status_code == plain.status_code
                    assert compiled.content == plain.content, (username, variables)
                    compared += 1
    assert compared > 300


async def test_bad_variables_get_graphqls_errors(paths, as_user) -> None:
    token = (await as_user("builder")).token
    good = {"kind": "BUILDER", "withCenter": True, "withProjects": True, "first": 20, "firstProjects": 20}
    for bad in ({**good, "first": 0}, {**good, "first": 101}, {**good, "kind": "NOPE"}, {**good, "first": "20"}, {}):
        compiled = await _post(paths["compiled"], token, bad)
        plain = await _post(paths["graphql"], token, bad)
        assert compiled.status_code == plain.status_code
        assert compiled.content == plain.content and "errors" in compiled.json()


@pytest.mark.parametrize("username", ["builder", "data", "finance", "vendor", "audit"])
async def test_the_plan_reads_a_few_statements(paths, as_user, monkeypatch, username: str) -> None:
    token = (await as_user(username)).token
    kind = USERS[username][2][0].value
    counts = []
    for first in (5, 100):
        variables = {"kind": kind, "withCenter": True, "withProjects": True, "first": first, "firstProjects": first}
        with count_statements(monkeypatch) as statements:
            response = await _post(paths["compiled"], token, variables)
        assert "errors" not in response.json()
        assert any("FROM center_membership m" in sql for sql in statements), "answered by the plan"
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 10, counts
