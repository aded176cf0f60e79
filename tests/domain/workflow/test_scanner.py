"""Warning lights and 督办: a red task opens one supervision task, however many scanners run."""

from __future__ import annotations

import asyncio
import os
import sys

from domain.accounts.models import User
from domain.audit.models import AuditRecord
from domain.calendar import WarningLight
from domain.events.models import Event
from domain.workflow import scanner
from domain.workflow.models import StepRun, Task, TaskKind, TaskStatus
from tests.conftest import ROOT_DIR
from tests.factories import advance, declare, open_tasks


async def _overdue_intake(frozen_clock) -> tuple[int, int]:
    project = await declare()
    await advance(project, 1)  # submitted: intake (2 working days) is open
    step = await StepRun.get(project_id=project.id, step_key="intake")
    frozen_clock.advance(days=10)
    return project.id, step.id


async def test_lights_go_green_yellow_red(demo, frozen_clock) -> None:
    project = await declare()
    await advance(project, 1)
    step = await StepRun.get(project_id=project.id, step_key="intake")
    at = await scanner.moment()
    assert scanner.light_of(step, at.calendar, at.today) in (WarningLight.GREEN, WarningLight.YELLOW)
    frozen_clock.advance(days=10)
    at = await scanner.moment()
    assert scanner.light_of(step, at.calendar, at.today) is WarningLight.RED


async def test_red_task_opens_one_supervision_per_data_official(demo, frozen_clock) -> None:
    project_id, _ = await _overdue_intake(frozen_clock)
    report = await scanner.scan()
    assert report.red == 2 and report.supervision_opened == 2  # the two or-sign intake tasks
    supervision = await Task.filter(kind=TaskKind.SUPERVISION, project_id=project_id)
    data_users = set(await User.filter(username__in=["data", "data2"]).values_list("id", flat=True))
    assert len(supervision) == 4 and {t.assignee_id for t in supervision} == data_users
    assert await Event.filter(kind="task.overdue").count() == 2
    assert await AuditRecord.filter(action="SUPERVISION_OPENED").count() == 2
    # a second pass opens nothing more
    again = await scanner.scan()
    assert again.supervision_opened == 0
    assert await Task.filter(kind=TaskKind.SUPERVISION).count() == 4


async def test_concurrent_scans_open_one_set(demo, frozen_clock) -> None:
    await _overdue_intake(frozen_clock)
    reports = await asyncio.gather(*(scanner.scan() for _ in range(3)), return_exceptions=True)
    assert sum(r.supervision_opened for r in reports if not isinstance(r, BaseException)) == 2
    assert await Task.filter(kind=TaskKind.SUPERVISION).count() == 4


async def test_two_scanner_processes_at_once_open_one_set(demo, settings, frozen_clock) -> None:
    # given an intake task that is red for a clock ten days ahead
    project = await declare()
    await advance(project, 1)
    await StepRun.filter(project_id=project.id, step_key="intake").update(
        started_on=(await StepRun.get(project_id=project.id, step_key="intake")).started_on.replace(year=2025)
    )
    env = {**os.environ, "DATABASE_URL": settings.database_url, "QC_VAR_DIR": str(settings.var_dir)}
    # when two processes scan at the same moment
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "api",
            "scan",
            cwd=ROOT_DIR,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [tuple(part.decode() for part in await p.communicate()) for p in procs]
    # then exactly one set of 督办 tasks exists
    assert await Task.filter(kind=TaskKind.SUPERVISION, project_id=project.id).count() == 4, outputs
    assert any("4 red tasks" in out or "2 red tasks" in out for out, _ in outputs), outputs


async def test_closed_tasks_are_not_supervised(demo, frozen_clock) -> None:
    project_id, _ = await _overdue_intake(frozen_clock)
    for task in await Task.filter(project_id=project_id, status=TaskStatus.OPEN):
        await Task.filter(id=task.id).update(status=TaskStatus.CANCELLED)
    assert (await scanner.scan()).supervision_opened == 0
    assert not await open_tasks(
        await __import__("domain.projects.models", fromlist=["Project"]).Project.get(id=project_id)
    )


async def test_project_light_is_the_worst_of_its_tasks(demo, frozen_clock) -> None:
    project = await advance(await declare(), 1)
    assert (await scanner.lights_of(project.id)).project in (WarningLight.GREEN, WarningLight.YELLOW)
    assert not (await StepRun.get(project_id=project.id, step_key="intake")).due_estimated  # November 2026
    frozen_clock.advance(days=10)
    lights = await scanner.lights_of(project.id)
    assert lights.project is WarningLight.RED and set(lights.tasks.values()) == {WarningLight.RED}


async def test_a_deadline_in_a_year_without_data_is_flagged(demo, frozen_clock) -> None:
    from datetime import UTC, datetime

    from domain import clock

    frozen_clock.advance(seconds=(datetime(2026, 12, 30, 2, tzinfo=UTC) - clock.now()).total_seconds())
    project = await advance(await declare(), 1)
    intake = await StepRun.get(project_id=project.id, step_key="intake")
    assert intake.due_on.year == 2027 and intake.due_estimated
    submit = await StepRun.get(project_id=project.id, step_key="submit_application")
    assert submit.due_estimated  # its five working days also reach into 2027
