"""The five libraries and search, through a center, scoped to what it may see."""

from __future__ import annotations

from domain import clock
from domain.projects.kinds import ProjectCategory, Stage
from domain.projects.models import Material, Project
from tests.factories import declare, user_id

PROJECTS = """query($kind: CenterKind!, $filter: ProjectFilterInput) { center(kind: $kind) {
  projects(first: 100, filter: $filter) { totalCount edges { node { code name stage } } } } }"""
EXPERTS = """query($kind: CenterKind!, $specialty: String) { center(kind: $kind) { experts(specialty: $specialty) {
  totalCount edges { node { name specialties employer { name } performance { invitations index } } } } } }"""
CATALOGUE = """query($kind: CenterKind!) { center(kind: $kind) { catalogue(first: 50) {
  totalCount edges { node { name sharingClass verified projectCode } } } } }"""


async def _projects(gql, token: str, kind: str, **filter_: object) -> dict:  # type: ignore[no-untyped-def]
    return (await gql(PROJECTS, {"kind": kind, "filter": filter_}, token=token))["data"]["center"]["projects"]


async def test_review_project_and_om_libraries(as_user, demo, gql) -> None:
    token = (await as_user("data")).token
    review = await _projects(gql, token, "DATA", library="REVIEW")
    assert review["totalCount"] == 9
    assert {e["node"]["stage"] for e in review["edges"]} == {"PRE_REVIEW", "PLAN_REVIEW", "FINANCE_REVIEW"}
    approved = await _projects(gql, token, "DATA", library="PROJECT")
    assert approved["totalCount"] == await Project.filter(approved_budget__isnull=False).count()
    parent = await Project.get(code="330100-2026-0028")
    await declare(category=ProjectCategory.OM, parent_code=parent.code, amount="200000")
    om = await _projects(gql, token, "DATA", library="OM", parentCode=parent.code)
    assert [e["node"]["code"] for e in om["edges"]] == [f"{parent.code}-YW01"]


async def test_search_finds_names_materials_and_opinions_within_what_is_visible(as_user, demo, gql) -> None:
    project = await Project.get(code="330100-2026-0001")
    await Material.create(
        project=project,
        stage=Stage.PRE_REVIEW,
        title="警务云资源测算报告.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by_id=await user_id("builder"),
        uploaded_at=clock.now(),
    )
    data = (await as_user("data")).token
    assert [e["node"]["code"] for e in (await _projects(gql, data, "DATA", search="资源测算"))["edges"]] == [
        "330100-2026-0001"
    ]
    assert (await _projects(gql, data, "DATA", search="警务数据中台"))["totalCount"] == 1
    other_builder = (await as_user("builder2")).token
    assert (await _projects(gql, other_builder, "BUILDER", search="资源测算"))["totalCount"] == 0


async def test_expert_library_for_the_bureau_only(as_user, demo, gql) -> None:
    data = (await as_user("data")).token
    experts = (await gql(EXPERTS, {"kind": "DATA"}, token=data))["data"]["center"]["experts"]
    assert experts["totalCount"] == 5
    assert all(e["node"]["performance"]["invitations"] == 0 for e in experts["edges"])
    cost = (await gql(EXPERTS, {"kind": "DATA", "specialty": "造价"}, token=data))["data"]["center"]["experts"]
    assert {e["node"]["name"] for e in cost["edges"]} == {"周敏", "徐丽华"}
    builder = await gql(EXPERTS, {"kind": "BUILDER"}, token=(await as_user("builder")).token)
    assert builder["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_catalogue_is_scoped_to_visible_projects(as_user, demo, gql) -> None:
    await declare(username="builder")
    await declare(username="builder2")
    data = await gql(CATALOGUE, {"kind": "DATA"}, token=(await as_user("data")).token)
    assert data["data"]["center"]["catalogue"]["totalCount"] == 2
    mine = await gql(CATALOGUE, {"kind": "BUILDER"}, token=(await as_user("builder")).token)
    entries = mine["data"]["center"]["catalogue"]["edges"]
    assert len(entries) == 1 and entries[0]["node"]["sharingClass"] == "CONDITIONAL"
    assert entries[0]["node"]["verified"] is False
