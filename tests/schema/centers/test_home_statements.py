"""The home screen costs a fixed, small number of SQL statements for every center, whatever the page size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.demo.data import USERS
from tests.schema.shared.sqlcount import count_statements

HOME = (Path(__file__).resolve().parents[3] / "pwa/src/api/operations/home.graphql").read_text(encoding="utf-8")
WITH_PROJECTS = {"BUILDER", "VENDOR", "SUPERVISOR"}
MAX_STATEMENTS = 10
# Every center, through the first demo user holding it.
HOLDERS = {centers[0].value: username for username, (_, _, centers, _) in reversed(USERS.items())}


async def read_home(
    client: httpx.AsyncClient, token: str, center: str, first: int = 20, *, with_projects: bool | None = None
) -> dict[str, Any]:
    """The PWA's HomeScreen query, as the PWA sends it for this center (projects for the parties' centers)."""
    projects = center in WITH_PROJECTS if with_projects is None else with_projects
    variables = {"kind": center, "withCenter": True, "withProjects": projects, "first": first, "firstProjects": first}
    response = await client.post(
        "/graphql",
        json={"query": HOME, "operationName": "HomeScreen", "variables": variables},
        headers={"authorization": f"Bearer {token}", "accept-language": "en"},
    )
    return response.json()


@pytest.mark.parametrize("center", sorted(HOLDERS))
async def test_home_screen_statements(as_user, demo, client, monkeypatch, center: str) -> None:
    # given the center's demo user, signed in
    token = (await as_user(HOLDERS[center])).token
    counts = {}
    for first in (5, 100):
        # when the home screen is read
        with count_statements(monkeypatch) as statements:
            body = await read_home(client, token, center, first)
        assert "errors" not in body, body
        assert body["data"]["center"]["kind"] == center
        counts[first] = list(statements)
    # then it takes a few statements, the same for 5 and 100 items
    assert len(counts[5]) == len(counts[100]), counts
    assert len(counts[100]) <= MAX_STATEMENTS, "\n".join(counts[100])
