"""Deadlines across the National Day week of 2026, for every kind of to-do, as GraphQL shows them.

The official calendar for autumn 2026 (State Council notice): 25 September (中秋) and 1-7 October are off,
Sunday 20 September and Saturday 10 October are make-up working days. The expectations below are computed from
that notice here, not read back from the product.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tests.journeys.journey import CHINA, RETURN, SUBMIT_PLAN, Journey
from tests.journeys.stages import PLAN_ITEMS, accept_invitations, declare, draw_panel, pre_review

OFF = {date(2026, 9, 25), *(date(2026, 10, d) for d in range(1, 8))}
MAKE_UP = {date(2026, 9, 20), date(2026, 10, 10)}
MONDAY_BEFORE = datetime(2026, 9, 28, 9, 0, tzinfo=CHINA)


def working(day: date) -> bool:
    return day in MAKE_UP or (day.weekday() < 5 and day not in OFF)


def working_days_after(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= working(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(working(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def due_day(todo: dict) -> date:
    return datetime.fromisoformat(todo["dueAt"]).astimezone(CHINA).date()


def check(todo: dict, today: date, opened: date | None = None) -> date:
    """A to-do's due date is a working day, as many working days away as it says; from `opened`, its limit."""
    due = due_day(todo)
    assert working(due), (todo["kind"], todo["stepKey"], due)
    assert todo["daysLeft"] == working_days_between(today, due), (todo, today)
    assert todo["dueEstimated"] is False
    if opened is not None:
        assert due == working_days_after(opened, todo["limitDays"]), (todo, opened)
    return due


async def test_a_submission_opened_before_the_holiday_falls_due_on_the_make_up_saturday(journey: Journey) -> None:
    # given a project declared on Monday 28 September
    journey.at(MONDAY_BEFORE)
    await declare(journey)
    # then its five working days end on Saturday 10 October, a make-up working day
    todo = await journey.todo("builder", "submit_application")
    assert check(todo, date(2026, 9, 28), opened=date(2026, 9, 28)) == date(2026, 10, 10)
    assert (await journey.holders())["submit_application"]["expectedDecisionOn"] == "2026-10-10"
    # when the holiday comes: two working days used, three left, still green
    journey.later(days=4)  # Friday 2 October
    todo = await journey.todo("builder", "submit_application")
    assert (todo["daysUsed"], todo["daysLeft"], todo["light"]) == (2, 3, "GREEN")
    # when the make-up Saturday comes: the last day, yellow; the Sunday after adds no day
    journey.later(days=8)  # Saturday 10 October
    assert (await journey.todo("builder", "submit_application"))["light"] == "YELLOW"
    journey.later(days=1)  # Sunday 11 October
    todo = await journey.todo("builder", "submit_application")
    assert (todo["daysLeft"], todo["light"]) == (0, "YELLOW")
    journey.later(days=1)  # Monday 12 October: overdue
    todo = await journey.todo("builder", "submit_application")
    assert (todo["daysLeft"], todo["light"]) == (-1, "RED")


async def test_a_revision_returned_before_the_holiday_counts_working_days(journey: Journey) -> None:
    # given an application submitted on Monday 28 September
    journey.at(MONDAY_BEFORE)
    await declare(journey)
    await journey.approve("builder", "submit_application")
    # when the intake returns it on Wednesday 30 September
    journey.later(days=2)
    intake = await journey.todo("data", "intake")
    check(intake, date(2026, 9, 30))
    returned = await journey.act(
        "data", RETURN, taskId=intake["id"], comment="请补充材料", expectedVersion=intake["stepVersion"]
    )
    assert returned["__typename"] == "ActionDone", returned
    # then the applicant's revision falls due its limit in working days later, over the holiday
    revision = next(t for t in await journey.todos("builder") if t["kind"] == "REVISION")
    due = check(revision, date(2026, 9, 30), opened=date(2026, 9, 30))
    assert due > date(2026, 10, 7)


async def test_invitations_score_sheets_and_the_organiser_count_working_days(journey: Journey) -> None:
    # given the plan submitted on Monday 28 September: the data bureau must organise the panel
    journey.at(MONDAY_BEFORE)
    await declare(journey)
    await pre_review(journey)
    planned = await journey.act("builder", SUBMIT_PLAN, projectId=journey.project_id, kind="APPROVED", items=PLAN_ITEMS)
    assert planned["__typename"] == "ActionDone", planned
    await journey.approve("builder", "submit_plan")
    organise = await journey.todo("data", "expert_scoring", kind="ORGANISE")
    assert check(organise, date(2026, 9, 28), opened=date(2026, 9, 28)) == date(2026, 10, 10)
    # when the panel is drawn on Wednesday 30 September
    journey.later(days=2)
    await draw_panel(journey)
    # then every invitation falls due in working days, after the holiday
    for expert in journey.panel_experts:
        invitation = next(t for t in await journey.todos(expert) if t["kind"] == "INVITATION")
        assert invitation["expects"] == "RESPOND_INVITATION"
        assert check(invitation, date(2026, 9, 30), opened=date(2026, 9, 30)) > date(2026, 10, 7)
    # when all accept; then every score sheet falls due on a working day after the invitations
    await accept_invitations(journey)
    for expert in journey.panel_experts:
        sheet = next(t for t in await journey.todos(expert) if t["kind"] == "SCORE")
        assert sheet["expects"] == "SCORE"
        assert check(sheet, date(2026, 9, 30)) > date(2026, 10, 8)


async def test_a_deadline_in_a_year_without_an_official_calendar_is_flagged(journey: Journey) -> None:
    # given a project declared on Monday 28 December 2026: its five working days reach into 2027
    journey.at(datetime(2026, 12, 28, 9, 0, tzinfo=CHINA))
    await declare(journey)
    # then the due date counts Monday to Friday there and says it is an estimate
    todo = await journey.todo("builder", "submit_application")
    assert (due_day(todo), todo["dueEstimated"]) == (date(2027, 1, 4), True)
    holder = (await journey.holders("builder"))["submit_application"]
    assert (holder["expectedDecisionOn"], holder["estimated"]) == ("2027-01-04", True)


async def test_a_deadline_inside_an_official_year_is_not_flagged(journey: Journey) -> None:
    # given a project declared on Monday 2 November 2026; then its deadline is no estimate
    await declare(journey)
    todo = await journey.todo("builder", "submit_application")
    assert todo["dueEstimated"] is False
    assert (await journey.holders("builder"))["submit_application"]["estimated"] is False
