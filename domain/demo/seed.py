"""Loading the demo city into an empty database (first start, tests, benchmarks)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain import clock
from domain.accounts.models import CenterMembership, Organisation, User
from domain.accounts.passwords import Passwords
from domain.calendar import china_today
from domain.calendar.service import current_calendar
from domain.demo.city import City, build
from domain.demo.data import (
    _NAMES,
    DEMO_EXPERT_PIN,
    DEMO_PASSWORD,
    EXPERTS,
    ORGANISATIONS,
    PROJECT_PLAN,
    REGION,
    ROLES,
    SUPERVISION_THRESHOLD,
    USERS,
)
from domain.experts.models import Expert
from domain.projects.kinds import ProjectCategory, ProjectType, Stage
from domain.projects.models import Project
from domain.projects.service import next_project_code

SEED = 2026
FIRST_APPLICATION = date(2026, 1, 5)
CITY_PROJECTS = 30
_AFTER_PROCUREMENT = {s for s in Stage if list(Stage).index(s) >= list(Stage).index(Stage.PROCUREMENT)}


async def has_demo_data() -> bool:
    return await User.filter(is_demo=True).exists()


async def load_demo(*, passwords: Passwords, city: bool = False, projects: int = CITY_PROJECTS) -> None:
    """Create the demo city. Idempotent: does nothing if demo users already exist.

    `city=False` (the tests' base): the people, organisations and thirty bare project rows.
    `city=True`: the same people, and `projects` projects made by the real flows (the living city),
    dated back from today's working day on the domain clock.
    """
    if await has_demo_data():
        return
    rng = random.Random(SEED)
    # One hash for the one demo password: demo accounts only, and it keeps seeding fast.
    password_hash = await passwords.hash(DEMO_PASSWORD)
    pin_hash = await passwords.hash(DEMO_EXPERT_PIN)
    async with in_transaction():
        orgs = {key: await Organisation.create(name=name, kind=kind) for key, (name, kind) in ORGANISATIONS.items()}
        users: dict[str, User] = {}
        for username, (display, org_key, centers, admin) in USERS.items():
            user = await User.create(
                username=username,
                display_name=display,
                organisation=orgs[org_key],
                password_hash=password_hash,
                is_admin=admin,
                is_demo=True,
            )
            users[username] = user
            for center in centers:
                await CenterMembership.create(
                    user=user, center=center, organisation=orgs[org_key], roles=list(ROLES.get(username, ()))
                )
        for username, (title, level, specialties) in EXPERTS.items():
            user = users[username]
            await User.filter(id=user.id).update(pin_hash=pin_hash)
            await Expert.create(
                user=user,
                name=user.display_name,
                title=title,
                level=level,
                specialties=list(specialties),
                employer_id=user.organisation_id,
            )
        if city:
            await _living_city(passwords, projects)
            return
        vendors = [orgs["vendor"], orgs["vendor2"]]
        for n, (builder_key, index, stage) in enumerate(PROJECT_PLAN):
            requested = Decimal(rng.randrange(30, 900) * 10_000)
            approved = (
                (requested * Decimal("0.92")).quantize(Decimal(1)) if _past(stage, Stage.PROJECT_APPROVAL) else None
            )
            contracted = (
                (approved * Decimal("0.95")).quantize(Decimal(1))
                if approved and stage in _AFTER_PROCUREMENT and stage != Stage.PROCUREMENT
                else None
            )
            paid = (contracted * Decimal("0.3")).quantize(Decimal(1)) if contracted else Decimal(0)
            await Project.create(
                code=await next_project_code(region=REGION, year=2026),
                name=_NAMES[builder_key][index],
                builder=orgs[builder_key],
                category=ProjectCategory.UPGRADE if index % 3 == 1 else ProjectCategory.NEW,
                type=(ProjectType.SOFTWARE, ProjectType.MIXED, ProjectType.HARDWARE)[n % 3],
                requested_amount=requested,
                approved_budget=approved,
                contract_amount=contracted,
                paid_amount=paid,
                stage=stage,
                supervisor=orgs["supervisor"] if contracted and contracted >= SUPERVISION_THRESHOLD else None,
                vendor=vendors[n % 2] if contracted else None,
                applied_on=FIRST_APPLICATION + timedelta(days=7 * n),
            )


async def _living_city(passwords: Passwords, projects: int) -> None:
    calendar = await current_calendar()
    living = City(passwords=passwords, today=china_today(clock.now()), calendar=calendar, seed=SEED)
    await living.load_people({key: name for key, (name, _) in ORGANISATIONS.items()})
    await build(living, projects)


def _past(stage: Stage, milestone: Stage) -> bool:
    order = list(Stage)
    return order.index(stage) > order.index(milestone)
