"""项目编码: generated once, unique for life, never reused; O&M projects take their parent's code."""

from __future__ import annotations

import asyncio

from domain.actions.errors import ActionRefused
from domain.projects.kinds import ProjectCategory, ProjectStatus
from domain.projects.models import Project
from tests.factories import declare


async def test_concurrent_applications_get_distinct_consecutive_codes(demo) -> None:
    # when ten applications arrive at the same instant (real concurrency on PostgreSQL)
    projects = await asyncio.gather(*(declare(username=u) for u in ["builder", "builder2", "builder3"] * 4))
    # then every code is new and none is skipped or repeated
    codes = sorted(p.code for p in projects)
    assert codes == [f"330100-2026-{n:04d}" for n in range(31, 43)]


async def test_codes_are_never_reused_after_a_rejection(demo) -> None:
    first = await declare()
    await Project.filter(id=first.id).update(status=ProjectStatus.REJECTED)
    second = await declare()
    assert second.code != first.code and second.code > first.code


async def test_om_projects_take_the_parent_code_with_a_suffix(demo) -> None:
    parent = await Project.get(code="330100-2026-0028")  # a police project in operations
    one = await declare(category=ProjectCategory.OM, parent_code=parent.code, amount="200000")
    two = await declare(category=ProjectCategory.OM, parent_code=parent.code, amount="200000")
    assert (one.code, two.code) == (f"{parent.code}-YW01", f"{parent.code}-YW02")
    assert one.parent_id == parent.id and one.template_key == "om"


async def test_om_project_of_another_builder_or_unknown_parent_is_refused(demo) -> None:
    parent = await Project.get(code="330100-2026-0028")
    for who, code in [("builder2", parent.code), ("builder", "330100-2026-9999"), ("builder", None)]:
        try:
            await declare(username=who, category=ProjectCategory.OM, parent_code=code)
        except ActionRefused as refused:
            assert (refused.code, refused.field) == ("INVALID_INPUT", "parent_code")
        else:
            raise AssertionError("accepted")
    assert await Project.filter(parent_id=parent.id).count() == 0


async def test_om_project_of_a_project_still_under_review_is_refused_with_its_stage(demo) -> None:
    # given a project of the builder still in pre-review
    parent = await declare()
    # when the builder derives an O&M project from it
    try:
        await declare(category=ProjectCategory.OM, parent_code=parent.code, amount="200000")
    except ActionRefused as refused:
        # then it is refused, saying where the project is and where it must be
        assert (refused.code, refused.field) == ("WRONG_STAGE", "parent_code")
        assert refused.params["stage"] == "PRE_REVIEW"
        assert refused.params["expected"] == ["EVALUATION", "OPERATIONS"]
    else:
        raise AssertionError("accepted")
    assert await Project.filter(parent_id=parent.id).count() == 0
