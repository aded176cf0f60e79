"""Random sequences of actions never reach an illegal state and never lose a decision."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.accounts.models import User
from domain.actions.acting import Acting
from domain.actions.errors import ActionRefused
from domain.audit.service import verify
from domain.projects.kinds import ProjectStatus
from domain.projects.models import Project
from domain.workflow import flows
from domain.workflow.models import Decision, StageRun, StageStatus, StepRun, StepStatus, Task, TaskKind, TaskStatus
from domain.workflow.process import facts_of
from domain.workflow.templates import latest, plan
from tests.factories import declare, facts_for, key

ACTIONS = [
    "approve",
    "approve",
    "approve",
    "approve",
    "return",
    "resubmit",
    "withdraw",
    "stale",
    "comment",
    "urge",
    "reject",
    "transfer",
    "parallel",
]


async def _do(project: Project, action: str, pick: int) -> None:
    from domain.audit.service import Origin

    tasks = await Task.filter(project_id=project.id, status=TaskStatus.OPEN).order_by("id")
    action_tasks = [t for t in tasks if t.kind is TaskKind.ACTION]
    revisions = [t for t in tasks if t.kind is TaskKind.REVISION]
    builder = await User.get(username="builder")

    def as_(user_id: int) -> Acting:
        return Acting(user_id=user_id, origin=Origin(), key=key())

    task = action_tasks[pick % len(action_tasks)] if action_tasks else None
    step = await StepRun.get(id=task.step_run_id) if task else None
    if action in ("approve", "reject", "stale") and task and step:
        await facts_for(project)
        verdict = flows.Verdict.REJECT if action == "reject" else flows.Verdict.APPROVE
        version = step.version - 1 if action == "stale" else step.version
        await flows.decide(acting=as_(task.assignee_id), task_id=task.id, verdict=verdict, expected_version=version)
    elif action == "return" and task and step:
        await flows.return_for_revision(
            acting=as_(task.assignee_id), task_id=task.id, expected_version=step.version, comment="请修改"
        )
    elif action == "resubmit" and revisions:
        await flows.resubmit(acting=as_(revisions[0].assignee_id), task_id=revisions[0].id)
    elif action == "withdraw":
        await flows.withdraw(acting=as_(builder.id), project_id=project.id)
    elif action == "comment":
        await flows.comment(acting=as_(builder.id), project_id=project.id, text="进展如何？")
    elif action == "urge" and task:
        await flows.urge(acting=as_(builder.id), task_id=task.id)
    elif action == "transfer" and task and step:
        await flows.transfer(
            acting=as_(task.assignee_id), task_id=task.id, to_user_id=builder.id, expected_version=step.version
        )
    elif action == "parallel" and task and step:
        await flows.add_signer(
            acting=as_(task.assignee_id),
            task_id=task.id,
            user_id=builder.id,
            position=flows.SignerPosition.PARALLEL,
            expected_version=step.version,
        )


async def _check(project: Project, seen: set[int]) -> None:
    project = await Project.get(id=project.id)
    decisions = set(await Decision.filter(project_id=project.id).values_list("id", flat=True))
    assert seen <= decisions, "a decision was lost"
    seen |= decisions
    open_work = await Task.filter(project_id=project.id, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).count()
    if project.status in (ProjectStatus.COMPLETED, ProjectStatus.REJECTED):
        assert open_work == 0
        return
    steps = await StepRun.filter(project_id=project.id, status__in=[StepStatus.ACTIVE, StepStatus.RETURNED])
    assert steps, "a running project has a step in hand"
    for step in steps:
        open_tasks = await Task.filter(step_run_id=step.id, status=TaskStatus.OPEN, subject_task_id__isnull=True)
        if step.status is StepStatus.ACTIVE:
            working = (TaskKind.ACTION, TaskKind.ORGANISE)
            assert any(t.kind in working for t in open_tasks), f"{step.step_key} active with nobody on it"
        else:
            assert any(t.kind is TaskKind.REVISION for t in open_tasks)
            assert project.status is ProjectStatus.RETURNED
    per_stage_run = [s.stage_run_id for s in steps]
    assert len(per_stage_run) == len(set(per_stage_run)), "two steps of one stage at once"
    active = {s.stage for s in await StageRun.filter(project_id=project.id, status=StageStatus.ACTIVE)}
    waves = plan(latest(project.template_key), facts_of(project)).waves
    assert any(
        active <= {p.stage for p in wave.stages} | {m for p in wave.stages for m in p.merged} for wave in waves
    ), f"stages {active} are not one wave"


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 5)), min_size=5, max_size=30))
async def test_random_action_sequences_keep_the_process_legal(demo, actions) -> None:
    project = await declare()
    seen: set[int] = set()
    for action, pick in actions:
        before = await Decision.filter(project_id=project.id).count()
        try:
            await _do(project, action, pick)
        except ActionRefused:
            assert await Decision.filter(project_id=project.id).count() == before, "a refused action wrote"
        await _check(project, seen)
    assert (await verify()).ok
