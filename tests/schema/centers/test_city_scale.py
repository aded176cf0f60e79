"""More visible projects than one statement may bind (asyncpg: 32,767 parameters): every center still answers."""

from __future__ import annotations

import pytest
from tortoise import Tortoise

from api.app import make_passwords
from bench.city import grow_city, living_city
from domain.projects.models import Project
from tests.schema.centers.test_home_statements import HOLDERS, read_home

BIND_LIMIT = 32_767
STATS = """query($kind: CenterKind!) { center(kind: $kind) { stats {
  projects byStage { stage count } byStatus { status count } byLight { light count } handling { stepKey completed }
  budget { approved paid } ranking { rank } } } }"""
SEARCH = """query($kind: CenterKind!, $term: String!) { center(kind: $kind) {
  projects(first: 5, filter: {search: $term}) { totalCount edges { node { code name light } } } } }"""


@pytest.fixture
async def city(app, settings) -> int:
    # the living demo city, grown past the bind limit with its shape
    demo_projects = await living_city(make_passwords(settings))
    # The projects alone past the bind limit: what is bound is their ids (copying every process row of the
    # living city a thousand times would only make the test slow; test_home_plans copies them).
    # Their search tokens are left out on PostgreSQL: search must answer here, its results are
    # tests/domain/projects/test_search.py's (filling 33,000 projects' tokens took minutes per test).
    await grow_city(
        Tortoise.get_connection("default"),
        copies=BIND_LIMIT // demo_projects + 1,
        tables=("project",),
        search_tokens=False,
    )
    return await Project.all().count()


async def test_every_center_answers_past_the_bind_limit(as_user, city: int, client, gql) -> None:
    # given more projects than the bind limit, all visible to the oversight centers (one city for every center:
    # building it takes longer than all the reads)
    assert city > BIND_LIMIT
    for center in sorted(HOLDERS):
        token = (await as_user(HOLDERS[center])).token
        # when the center's home, statistics and search are read
        home = await read_home(client, token, center, with_projects=True)
        stats = await gql(STATS, {"kind": center}, token=token)
        search = await gql(SEARCH, {"kind": center, "term": "平台"}, token=token)
        # then each answers, and the oversight centers count every project
        assert "errors" not in home and "errors" not in stats and "errors" not in search, (center, home, stats, search)
        counted = stats["data"]["center"]["stats"]["projects"]
        expected = city if center in {"DATA", "FINANCE", "DRC", "AUDIT"} else home_count(home)
        assert counted == expected, (center, counted, expected)


def home_count(home: dict) -> int:
    return home["data"]["center"]["projects"]["totalCount"]
