"""Administrators load a year's holidays; the engine's deadlines use them, or say they are estimated."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain import clock
from domain.audit.models import AuditRecord
from domain.audit.service import Origin
from domain.calendar.models import CalendarYear
from domain.calendar.service import current_calendar, load_year
from domain.errors import InvalidInput
from domain.workflow.models import StepRun, Task
from tests.factories import advance, declare, user_id

YEAR_2027 = """year 2027
holiday 2027-01-01 元旦
holiday 2027-01-04 测试用假日
workday 2027-01-09 测试用调休
"""


async def test_a_loaded_year_counts_and_is_not_estimated(demo) -> None:
    before = await current_calendar()
    assert before.add_working_days(date(2026, 12, 31), 2).estimated
    await load_year(text=YEAR_2027, user_id=await user_id("data"), origin=Origin())
    calendar = await current_calendar()
    deadline = calendar.add_working_days(date(2026, 12, 31), 2)
    assert deadline == type(deadline)(due=date(2027, 1, 6), estimated=False)  # 1 Jan and 4 Jan are off
    assert calendar.is_working_day(date(2027, 1, 9))
    assert await AuditRecord.filter(action="CALENDAR_YEAR_LOADED", target_id="2027").exists()


async def test_a_bad_file_names_its_line_and_changes_nothing(app) -> None:
    with pytest.raises(InvalidInput) as refused:
        await load_year(text="year 2027\nholiday 2027-13-01 坏日期\n", user_id=1, origin=Origin())
    assert refused.value.code == "HOLIDAY_FILE_INVALID"
    assert refused.value.params["detail"].startswith("line 2:")
    assert await CalendarYear.all().count() == 0


async def test_a_step_opened_before_national_day_is_due_after_it(demo, frozen_clock) -> None:
    # given the builder submits on Wednesday 30 September 2026 (China time)
    frozen_clock.advance(seconds=(datetime(2026, 9, 30, 2, tzinfo=UTC) - clock.now()).total_seconds())
    project = await advance(await declare(), 1)
    # then the intake's two working days skip the holiday (1-7 October): due Friday 9 October
    step = await StepRun.get(project_id=project.id, step_key="intake")
    task = await Task.filter(step_run_id=step.id).first()
    assert task.due_at == datetime(2026, 10, 9, 15, 59, 59, tzinfo=UTC)
