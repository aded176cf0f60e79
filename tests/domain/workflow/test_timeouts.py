"""Timeout rules of the template: reminders before the deadline, then 督办, the leader, or an automatic approval."""

from __future__ import annotations

import pytest

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.audit.models import AuditRecord
from domain.events.models import Event
from domain.workflow import scanner
from domain.workflow.models import Decision, StepRun, StepStatus, Task, TaskKind, TaskStatus
from domain.workflow.templates import load_template
from domain.workflow.templates.nodes import TemplateError
from domain.workflow.templates.shipped import FILES
from domain.workflow.timeouts import SYSTEM_USER_ID
from tests.conftest import Clock
from tests.factories import at_step

# FIXED_NOW is Monday 16 November 2026: a step opened then with 2 working days is due on Wednesday.


async def test_the_holders_are_reminded_on_the_last_day_once(demo, frozen_clock: Clock) -> None:
    # given the intake (2 working days, one reminder) opened on Monday
    project, step, tasks = await at_step("intake")
    assert (step.reminders, step.on_expiry) == (1, "ESCALATE")
    # when the scanner runs on Tuesday, nothing; on Wednesday (the due day) twice
    frozen_clock.advance(days=1)
    assert (await scanner.scan()).reminded == 0
    frozen_clock.advance(days=1)
    assert (await scanner.scan()).reminded == len(tasks)
    assert (await scanner.scan()).reminded == 0
    # then each holder was told once, and the record says the system did it
    told = await Event.filter(kind="task.reminder").values_list("payload", flat=True)
    assert sorted(p["task_id"] for p in told) == sorted(t.id for t in tasks)
    reminder = await Decision.get(project_id=project.id, action="AUTO_REMIND")
    assert reminder.actor_id == SYSTEM_USER_ID and reminder.comment.startswith("超时自动提醒")
    assert await AuditRecord.filter(action="WORKFLOW_AUTO_REMIND").count() == 1


async def test_an_overdue_intake_goes_to_the_leader(demo, frozen_clock: Clock) -> None:
    # given the intake opened on Monday, and a director (分管领导) of the bureau appointed afterwards
    project, step, tasks = await at_step("intake")
    bureau = await Organisation.get(name="市数据资源管理局")
    director = await User.get(username="finance2")
    await CenterMembership.create(user=director, center=CenterKind.DATA, organisation=bureau, roles=["分管领导"])
    # when the limit has run out (Thursday) and the scanner runs
    frozen_clock.advance(days=3)
    report = await scanner.scan()
    # then the director may decide the intake too, with no 督办, and the record says it was automatic
    assert report.escalated == 1 and report.supervision_opened == 0
    added = await Task.get(step_run_id=step.id, assignee_id=director.id)
    assert added.status is TaskStatus.OPEN and added.slot == tasks[0].slot
    escalated = await Decision.get(project_id=project.id, action="AUTO_ESCALATE")
    assert escalated.comment == "超时自动上报分管领导" and escalated.detail["leaders"] == [director.id]
    # and a second scan escalates nothing more
    assert (await scanner.scan()).escalated == 0
    assert not await Task.filter(kind=TaskKind.SUPERVISION, project_id=project.id).exists()


async def test_without_a_leader_an_escalation_falls_back_to_the_supervision(demo, frozen_clock: Clock) -> None:
    project, _step, _tasks = await at_step("intake")
    frozen_clock.advance(days=3)
    report = await scanner.scan()
    assert report.escalated == 0 and report.supervision_opened >= 1
    assert await Task.filter(kind=TaskKind.SUPERVISION, project_id=project.id).exists()


async def test_an_overdue_opinion_hands_on_by_itself(demo, frozen_clock: Clock) -> None:
    # given the supervisor's acceptance opinion is open (5 working days, AUTO_APPROVE)
    project, step, _tasks = await at_step("supervisor_acceptance_opinion")
    assert step.on_expiry == "AUTO_APPROVE"
    # when the limit has run out and the scanner runs
    frozen_clock.advance(days=8)
    report = await scanner.scan()
    # then the step is done by the system, and the acceptance review opens
    assert report.auto_approved == 1
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE
    assert (await StepRun.get(project_id=project.id, step_key="acceptance_review")).status is StepStatus.ACTIVE
    auto = await Decision.get(project_id=project.id, action="AUTO_APPROVE")
    assert (auto.actor_id, auto.comment, auto.detail["automatic"]) == (SYSTEM_USER_ID, "超时自动通过", True)
    assert await AuditRecord.filter(action="WORKFLOW_AUTO_APPROVE", actor_id=None, actor_name="system").count() == 1
    assert (await scanner.scan()).auto_approved == 0


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{reminders: 9}", "reminders of step 'intake' must be"),
        ("{on_expiry: NEVER}", "on_expiry"),
        ("{remind: 1}", "remind"),
    ],
)
def test_bad_timeout_rules_are_named_with_their_line(rule: str, message: str) -> None:
    text = (FILES / "standard.v2.yaml").read_text(encoding="utf-8")
    text = text.replace("timeout: {reminders: 1, on_expiry: ESCALATE}", f"timeout: {rule}", 1)
    with pytest.raises(TemplateError, match=message) as failed:
        load_template(text, source="standard.v2.yaml")
    assert "standard.v2.yaml:36" in str(failed.value)


def test_an_applicant_submission_never_happens_by_timeout() -> None:
    text = (FILES / "standard.v2.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        limit_days: 5\n", "        limit_days: 5\n        timeout: {on_expiry: AUTO_APPROVE}\n", 1
    )
    with pytest.raises(TemplateError, match="SUBMIT step"):
        load_template(text, source="standard.v2.yaml")
