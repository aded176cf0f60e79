"""The demo city is complete and the same every time."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from domain.accounts.kinds import OrganisationKind
from domain.accounts.models import Organisation, User
from domain.demo.seed import load_demo
from domain.experts.models import Expert
from domain.projects.kinds import Stage
from domain.projects.models import Project


async def test_demo_city_covers_every_stage_and_role(demo) -> None:
    stages = Counter(await Project.all().values_list("stage", flat=True))
    assert stages == {stage: 3 for stage in Stage}
    kinds = Counter(await Organisation.all().values_list("kind", flat=True))
    assert kinds[OrganisationKind.BUILDER] == 3
    assert kinds[OrganisationKind.VENDOR] == 2
    assert kinds[OrganisationKind.SUPERVISOR] == 1
    experts = await Expert.all()
    assert len(experts) == 5 and all(e.specialties and e.employer_id for e in experts)
    assert await User.filter(is_demo=True).count() == 17


async def test_demo_city_is_deterministic(demo) -> None:
    projects = await Project.all().order_by("id").values("code", "name", "requested_amount", "stage")
    assert projects[0] == {
        "code": "330100-2026-0001",
        "name": "城市大脑警务数据中台建设项目",
        "requested_amount": projects[0]["requested_amount"],
        "stage": Stage.PRE_REVIEW,
    }
    assert [p["code"] for p in projects] == [f"330100-2026-{n:04d}" for n in range(1, 31)]
    # Fixed by the seed: a change here changes every test and benchmark that uses the demo.
    assert sum(p["requested_amount"] for p in projects) == Decimal(160830000)


async def test_loading_twice_adds_nothing(demo, settings) -> None:
    from api.app import make_passwords

    await load_demo(passwords=make_passwords(settings))
    assert await Project.all().count() == 30


async def test_money_rules_hold_in_the_demo(demo) -> None:
    for project in await Project.all():
        if project.contract_amount is not None:
            assert project.approved_budget is not None
            assert project.contract_amount <= project.approved_budget
            assert project.paid_amount <= project.contract_amount
            if project.contract_amount >= Decimal(1000000):
                assert project.supervisor_id is not None
