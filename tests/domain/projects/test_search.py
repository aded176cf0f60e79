"""Search through the token index: the same projects as a substring search, ranked, kept with the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import product
from typing import Any

import pytest
from tortoise import Tortoise
from tortoise.expressions import Q, Subquery

from api.app import make_passwords
from bench.city import grow_city, living_city
from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.projects.kinds import ProjectCategory, ProjectStatus, ProjectType, Stage
from domain.projects.models import Material, Project
from domain.projects.queries import ProjectFilter, project_page
from domain.projects.visibility import visibility
from domain.workflow.models import Decision
from tests.schema.centers.test_home_plans import _full_scans, recorded

TERMS = (
    # one character, two, three and more; Chinese, Latin and digits; in names, codes and opinions
    "城",
    "台",
    "数据",
    "平台",
    "同意",
    "齐全",
    "建设项目",
    "数据中台",
    "申报材料已齐全",
    "2026",
    "330100-2026-0001",
    "-",
    "ab",
    "系统升级",
    "不存在的词",
)
CENTERS = (("data", CenterKind.DATA), ("builder", CenterKind.BUILDER), ("expert", CenterKind.EXPERT))


async def _membership(username: str, center: CenterKind) -> CenterMembership:
    return await CenterMembership.get(user__username=username, center=center)


async def _substring_ids(membership: CenterMembership, term: str) -> set[int]:
    """What the search found before the index: `icontains` over the four texts, every row read."""
    by_material = Material.filter(title__icontains=term).values("project_id")
    by_opinion = Decision.filter(comment__icontains=term).values("project_id")
    found = Project.filter(visibility(membership)).filter(
        Q(name__icontains=term)
        | Q(code__icontains=term)
        | Q(id__in=Subquery(by_material))
        | Q(id__in=Subquery(by_opinion))
    )
    return set(await found.values_list("id", flat=True))


async def _every_page(membership: CenterMembership, term: str, size: int) -> tuple[list[dict[str, Any]], int]:
    """Every row the search finds, page after page of `size`, and the total each page gave."""
    rows: list[dict[str, Any]] = []
    totals = set()
    after = None
    while True:
        page, total = await project_page(
            membership=membership, filters=ProjectFilter(search=term), after_id=after, limit=size
        )
        totals.add(total)
        rows += page
        if len(page) < size:
            break
        after = page[-1]["id"]
    assert len(totals) == 1, totals
    return rows, totals.pop()


async def _project(name: str, code: str) -> Project:
    police = await Organisation.get(name="市公安局")
    return await Project.create(
        code=code,
        name=name,
        builder_id=police.id,
        category=ProjectCategory.NEW,
        type=ProjectType.SOFTWARE,
        requested_amount=Decimal(100000),
        stage=Stage.PRE_REVIEW,
        status=ProjectStatus.ACTIVE,
        applied_on=date(2026, 3, 1),
    )


async def _material(project: Project, title: str) -> Material:
    user = await User.get(username="builder")
    return await Material.create(
        project=project,
        stage=Stage.PRE_REVIEW,
        title=title,
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by_id=user.id,
        uploaded_at=datetime(2026, 3, 1, tzinfo=UTC),
    )


async def _opinion(project: Project, comment: str) -> Decision:
    user = await User.get(username="data")
    return await Decision.create(
        project=project, action="APPROVE", actor_id=user.id, comment=comment, at=datetime(2026, 3, 2, tzinfo=UTC)
    )


async def _found(term: str) -> list[str]:
    rows, _ = await _every_page(await _membership("data", CenterKind.DATA), term, 100)
    return [row["code"] for row in rows]


async def test_the_index_finds_what_substring_search_found(app, settings) -> None:
    # given the living demo city, with a few material titles
    await living_city(make_passwords(settings))
    for project in await Project.all().order_by("id").limit(5):
        await _material(project, f"{project.name}可行性研究报告AB")
    for username, center in CENTERS:
        membership = await _membership(username, center)
        for term in TERMS:
            # when the center searches, page after page
            rows, total = await _every_page(membership, term, 7)
            # then it finds the very projects a substring test finds, each once, all counted
            ids = [row["id"] for row in rows]
            assert set(ids) == await _substring_ids(membership, term), (username, term)
            assert len(ids) == len(set(ids)) == total, (username, term)


async def test_ranked_by_where_the_term_was_found(app, demo) -> None:
    # given the term in a name's middle, at a name's start, in a code and in an opinion (older projects first)
    middle = await _project("市级璟珑平台", "QC-1")
    in_opinion = await _project("网格治理", "QC-2")
    await _opinion(in_opinion, "建议复用璟珑平台能力")
    in_code = await _project("视频共享", "QC-璟珑平台-3")
    start = await _project("璟珑平台二期", "QC-4")
    # when searching for it
    found = await _found("璟珑平台")
    # then the name's start comes first, then the name, the code, the opinion
    assert found == [start.code, middle.code, in_code.code, in_opinion.code]
    # and one character ranks the same way (by id within a rank)
    assert await _found("璟") == [start.code, middle.code, in_code.code, in_opinion.code]


async def test_the_index_follows_every_write(app, demo) -> None:
    # given a new project: found at once by its name and its code
    project = await _project("城市运行一网统管", "QC-9")
    assert await _found("统管") == ["QC-9"]
    assert await _found("qc-9") == ["QC-9"]
    # when it is renamed, then the old name no longer finds it and the new one does
    project.name = "城市治理驾驶舱"
    await project.save(update_fields=["name"])
    assert await _found("统管") == []
    assert await _found("驾驶舱") == ["QC-9"]
    # a new material and a new opinion are found at once
    await _material(project, "接口对接方案")
    decision = await _opinion(project, "请补充等保测评报告")
    assert await _found("对接方案") == ["QC-9"]
    assert await _found("等保") == ["QC-9"]
    # and an opinion taken back (取回 deletes the decisions after it) is no longer
    await decision.delete()
    assert await _found("等保") == []
    assert await _found("对接方案") == ["QC-9"]


PROJECTS = 12_000


@pytest.fixture
async def searchable_city(app, settings) -> None:
    conn = Tortoise.get_connection("default")
    await grow_city(
        conn, copies=PROJECTS // await living_city(make_passwords(settings)), tables=("project", "decision")
    )
    if conn.capabilities.dialect == "postgres":  # as autovacuum would
        await conn.execute_script("VACUUM ANALYZE")


async def test_search_reads_through_the_index(searchable_city, monkeypatch) -> None:
    # given a mid-sized city and, among its projects, a few named alike
    for n in range(30):
        await _project(f"璟珑城市平台{n}", f"QC-J-{n}")
    large = {"project", "decision", "search_token"}
    terms = ("璟", "璟珑", "璟珑城市", "qc-j-1")
    for (username, center), term in product((("data", CenterKind.DATA), ("builder", CenterKind.BUILDER)), terms):
        membership = await _membership(username, center)
        # when a center searches for a rare term (the first page, then the next)
        with recorded(monkeypatch) as statements:
            first, _ = await project_page(
                membership=membership, filters=ProjectFilter(search=term), after_id=None, limit=7
            )
            await project_page(
                membership=membership, filters=ProjectFilter(search=term), after_id=first[-1]["id"], limit=7
            )
        # then no statement reads the projects, the opinions or the index whole
        for query, values in statements:
            assert not await _full_scans(query, values, large), (username, term, query)
