"""The living city: every center's demo user finds work waiting, made by the real flows."""

from __future__ import annotations

from domain.accounts.models import User
from domain.audit.service import verify
from domain.calendar import WarningLight
from domain.projects.kinds import ProjectStatus
from domain.projects.models import Project
from domain.reviews.models import Panel
from domain.workflow import scanner
from domain.workflow.models import Delegation, StageRun, Task, TaskKind, TaskStatus

WAITING = {
    "data": {TaskKind.ACTION, TaskKind.ORGANISE, TaskKind.SUPERVISION},
    "finance": {TaskKind.ACTION},
    "drc": {TaskKind.ACTION},
    "expert": {TaskKind.INVITATION, TaskKind.SCORE},
    "supervisor": {TaskKind.ACTION},
    "vendor": {TaskKind.ACTION},
    "builder": {TaskKind.REVISION, TaskKind.FINDING},
}


async def test_the_living_city(city) -> None:
    # every center's demo user has open work of the kinds the tour shows
    for username, kinds in WAITING.items():
        user = await User.get(username=username)
        held = set(await Task.filter(assignee_id=user.id, status=TaskStatus.OPEN).values_list("kind", flat=True))
        assert kinds <= {TaskKind(k) for k in held}, (username, held)
    # lights: green and red (YELLOW is not yet produced by the plan: see the branch report)
    lights = set()
    for project in await Project.filter(status=ProjectStatus.ACTIVE):
        lights |= set((await scanner.lights_of(project.id)).tasks.values())
    assert {WarningLight.GREEN, WarningLight.RED} <= lights
    # a completed project, its O&M project, a closed panel, a delegation in force
    completed = await Project.filter(status=ProjectStatus.COMPLETED).order_by("id").first()
    assert completed is not None
    assert await StageRun.filter(project_id=completed.id, status="DONE").count() == 10
    assert await Project.filter(code=f"{completed.code}-YW01").exists()
    assert await Panel.filter(status="CLOSED").exists()
    assert await Delegation.all().count() == 1
    # the audit chain verifies
    assert (await verify()).ok
