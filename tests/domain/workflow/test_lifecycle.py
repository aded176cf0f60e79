"""A project through all ten stages on the standard template, and what each stage leaves behind."""

from __future__ import annotations

from domain.audit.service import verify
from domain.events.models import Event
from domain.projects.kinds import ProjectStatus, Stage
from domain.workflow.models import Decision, StageRun, StageStatus
from tests.factories import declare, drive


async def test_standard_project_runs_all_ten_stages(demo) -> None:
    # given a 3,000,000-yuan mixed project declared by the police bureau
    project = await declare()
    assert project.code.startswith("330100-2026-")
    assert (project.template_key, project.template_version) == ("standard", 3)
    # when everybody approves in turn
    project = await drive(project)
    # then
    assert project.status is ProjectStatus.COMPLETED
    stages = await StageRun.filter(project_id=project.id).values_list("stage", "status")
    assert {Stage(s) for s, status in stages if status == StageStatus.DONE} == set(Stage)
    assert await Decision.filter(project_id=project.id, action="APPROVE").count() > 20
    assert await Event.filter(project_id=project.id, kind="project.completed").exists()
    assert (await verify()).ok
