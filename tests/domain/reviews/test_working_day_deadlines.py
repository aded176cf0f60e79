"""Expert and applicant deadlines count working days on the official calendar, across the National Day week."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.calendar import china_today
from domain.calendar.service import current_calendar
from domain.projects.kinds import Stage
from domain.reviews import flows as reviews
from domain.reviews.models import Panel, PanelSeat
from domain.workflow import flows
from domain.workflow.models import StepRun, Task, TaskKind, TaskStatus
from domain.workflow.queries import TASK_FIELDS, task_clock_of
from tests.conftest import move_clock
from tests.domain.reviews.test_flows import _at_plan_review, _expert_user
from tests.factories import acting, at_step

# Wednesday 30 September 2026, 09:00 in Beijing: 1-7 October are off, Saturday 10 October is a working day.
EVE_OF_NATIONAL_DAY = datetime(2026, 9, 30, 1, 0, tzinfo=UTC)


async def _figures(task: Task, today: date) -> tuple[date | None, int, int]:
    row = (await Task.filter(id=task.id).values(*TASK_FIELDS))[0]
    step = (await StepRun.filter(id=task.step_run_id).values())[0] if task.step_run_id else None
    clocked = task_clock_of(row, step, await current_calendar(), today)
    assert clocked is not None
    return clocked.due_on, clocked.limit_days, clocked.days_left


async def test_invitations_and_sheets_fall_due_on_working_days(demo, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a project waiting for its plan review panel on the eve of the National Day week
    project = await _at_plan_review()
    move_clock(monkeypatch, EVE_OF_NATIONAL_DAY)
    # when the data bureau draws a panel with 2 working days to answer and 5 to score
    await reviews.request_panel(
        acting=await acting("data"),
        project_id=project.id,
        request=reviews.PanelRequest(
            stage=Stage.PLAN_REVIEW,
            quotas=((None, 3),),
            review_date=date(2026, 10, 9),
            respond_days=2,
            score_days=5,
            seed=3,
        ),
    )
    panel = await Panel.get(project_id=project.id)
    # then answers are due Friday 9 October and sheets Thursday 15 October (Saturday 10 October works)
    assert china_today(panel.respond_by) == date(2026, 10, 9)
    assert china_today(panel.score_by) == date(2026, 10, 15)
    invitation = await Task.filter(project_id=project.id, kind=TaskKind.INVITATION).first()
    assert invitation is not None
    assert await _figures(invitation, date(2026, 9, 30)) == (date(2026, 10, 9), 2, 2)
    # when an expert accepts, the score sheet's to-do shows the same working-day deadline
    seat = await PanelSeat.filter(panel_id=panel.id).first()
    assert seat is not None
    await reviews.respond(acting=await _expert_user(seat.expert_id), seat_id=seat.id, accept=True, no_conflict=True)
    sheet = await Task.get(project_id=project.id, kind=TaskKind.SCORE, status=TaskStatus.OPEN)
    assert china_today(sheet.due_at) == date(2026, 10, 15)
    assert (await _figures(sheet, date(2026, 10, 10)))[2] == 4  # the make-up Saturday counts as a day used


async def test_a_revision_shows_its_own_five_working_days(demo, monkeypatch: pytest.MonkeyPatch) -> None:
    # given the intake is open on the eve of the National Day week
    move_clock(monkeypatch, EVE_OF_NATIONAL_DAY)
    _project, _step, tasks = await at_step("intake")
    # when the data bureau returns it to the applicant
    await flows.return_for_revision(
        acting=await acting("data"), task_id=tasks[0].id, expected_version=_step.version, comment="请补充数据资源清单"
    )
    revision = await Task.get(kind=TaskKind.REVISION, status=TaskStatus.OPEN)
    # then the to-do says 5 working days, due Tuesday 13 October, not the intake's 2
    assert await _figures(revision, date(2026, 9, 30)) == (date(2026, 10, 13), 5, 5)
