"""The expert library: registered by the data bureau, kept current by the experts, used by the draw."""

from __future__ import annotations

from datetime import date

import pytest

from domain.accounts.models import Organisation, User
from domain.actions.errors import ActionRefused
from domain.experts import flows as library
from domain.experts.models import Expert
from domain.reviews.models import ExpertUnavailability
from domain.reviews.service import candidates
from tests.factories import acting


async def test_an_expert_keeps_their_profile_and_availability(demo) -> None:
    changed = await library.update_profile(
        acting=await acting("expert"), title="教授、博导", specialties=["大数据", "人工智能", "大数据", " 政务服务 "]
    )
    expert = await Expert.get(id=changed.expert_id)
    assert expert.specialties == ["大数据", "人工智能", "政务服务"]
    await library.add_unavailability(
        acting=await acting("expert"), start=date(2026, 12, 1), end=date(2026, 12, 10), reason="出国访问"
    )
    away = await ExpertUnavailability.get(expert_id=expert.id)
    pool = {c.expert_id: c for c in await candidates()}
    assert pool[expert.id].unavailable == ((date(2026, 12, 1), date(2026, 12, 10)),)
    assert "政务服务" in pool[expert.id].specialties
    with pytest.raises(ActionRefused):
        await library.remove_unavailability(acting=await acting("expert2"), unavailability_id=away.id)
    await library.remove_unavailability(acting=await acting("expert"), unavailability_id=away.id)
    assert not await ExpertUnavailability.exists()


async def test_bad_profile_input_is_refused(demo) -> None:
    for kwargs in ({"title": " ", "specialties": ["大数据"]}, {"title": "教授", "specialties": []}):
        with pytest.raises(ActionRefused):
            await library.update_profile(acting=await acting("expert"), **kwargs)
    with pytest.raises(ActionRefused) as not_expert:
        await library.update_profile(acting=await acting("builder"), title="x", specialties=["y"])
    assert not_expert.value.code == "FORBIDDEN"


async def test_declared_conflicts_and_employment_reach_the_draw(demo) -> None:
    police = await Organisation.get(name="市公安局")
    expert = await Expert.get(user__username="expert2")
    await library.declare_conflict(acting=await acting("expert2"), organisation_id=police.id, reason="曾参与该单位咨询")
    await library.record_employment(
        acting=await acting("data"),
        expert_id=expert.id,
        organisation_id=police.id,
        start=date(2018, 3, 1),
        end=date(2024, 2, 29),
    )
    candidate = next(c for c in await candidates() if c.expert_id == expert.id)
    assert police.id in candidate.declared_conflicts
    assert any(job.organisation_id == police.id for job in candidate.employments)
    with pytest.raises(ActionRefused):
        await library.declare_conflict(acting=await acting("expert2"), reason="x")


async def test_the_data_bureau_registers_experts(demo) -> None:
    drc = await User.get(username="drc")
    registered = await library.register(
        acting=await acting("data"),
        user_id=drc.id,
        title="高级经济师",
        level="市级专家",
        specialties=["投资", "造价"],
        employer_id=drc.organisation_id,
    )
    expert = await Expert.get(id=registered.expert_id)
    assert expert.name == "张伟"
    with pytest.raises(ActionRefused) as again:
        await library.register(
            acting=await acting("data"),
            user_id=drc.id,
            title="x",
            level="市级专家",
            specialties=["投资"],
            employer_id=None,
        )
    assert again.value.field == "user_id"
    with pytest.raises(ActionRefused) as not_bureau:
        await library.register(
            acting=await acting("finance"),
            user_id=drc.id,
            title="x",
            level="市级专家",
            specialties=["投资"],
            employer_id=None,
        )
    assert not_bureau.value.code == "FORBIDDEN"
