"""One rule for who an event concerns: notifications tell a subset of those whose screens live updates refresh."""

from __future__ import annotations

from domain.audit import findings
from domain.events import concerns
from domain.events.models import Event
from domain.projects.following import follow
from domain.workflow.models import Task
from tests.factories import acting, advance, declare, open_tasks, user_id


async def test_an_approval_concerns_its_holders_followers_and_actors(demo) -> None:
    # given a project past its intake, followed by the finance official
    project = await advance(await declare(), 1)
    await follow(user_id=await user_id("finance"), project_id=project.id)
    intake_holders = set(await Task.filter(project_id=project.id).values_list("assignee_id", flat=True))
    next_holders = {t.assignee_id for t in await open_tasks(project)}
    # when the next approval is recorded
    await advance(project, 1)
    approval = await Event.filter(project_id=project.id, kind="decision.approve").order_by("-id").first()
    assert approval is not None
    concerned = await concerns.concerned(approval)
    told = await concerns.told(approval)
    # then the follower and the applicant are told, everyone who held a task watches, and told is part of it
    assert await user_id("finance") in told and await user_id("builder") in told
    assert intake_holders | next_holders <= set(concerned)
    assert set(told) <= set(concerned)
    assert all(not concerned[u].told for u in set(concerned) - set(told))
    assert approval.payload["actor_id"] not in told


async def test_a_new_step_tells_its_assignees_with_their_own_todos(demo) -> None:
    project = await advance(await declare(), 1)
    opened = await Event.filter(project_id=project.id, kind="step.opened").order_by("-id").first()
    assert opened is not None
    told = await concerns.told(opened)
    tasks = await open_tasks(project)
    assert {t.assignee_id: t.id for t in tasks}.items() <= {u: r.task_id for u, r in told.items()}.items()
    assert all(told[t.assignee_id].acts for t in tasks)


async def test_an_answered_audit_finding_tells_the_auditor_who_raised_it(demo) -> None:
    # given a finding audit raised on a project, and the builder's answer to it
    project = await declare()
    raised = await findings.raise_finding(
        acting=await acting("audit"), project_id=project.id, text="招标文件缺少评分细则"
    )
    await findings.answer_finding(acting=await acting("builder"), finding_id=raised.finding_id, text="已补充并公示")
    answered = await Event.filter(project_id=project.id, kind="decision.finding_answered").first()
    assert answered is not None
    # then the auditor is told, to read the answer and close the finding; the builder who answered is not
    told = await concerns.told(answered)
    assert await user_id("audit") in told and told[await user_id("audit")].acts
    assert await user_id("builder") not in told
