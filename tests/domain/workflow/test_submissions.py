"""A submission keeps the project as it stood, plan items included, and never blocks the next SUBMIT."""

from __future__ import annotations

from decimal import Decimal

from domain.projects.models import Submission
from domain.reviews import flows as reviews
from domain.workflow.models import StepRun, StepStatus
from tests.factories import acting, approve, at_step


async def test_a_submit_after_plan_items_were_recorded_goes_through(demo) -> None:
    # given the builder has recorded the approved plan's items and holds the implementation-plan SUBMIT
    project, step, tasks = await at_step("submit_impl_plan")
    await reviews.submit_plan(
        acting=await acting("builder"),
        project_id=project.id,
        kind="APPROVED",
        items=[("数据中台", Decimal(1200000)), ("移动端", Decimal(300000))],
    )
    # when the builder submits
    await approve(tasks[0])
    # then the step is done and the submission keeps the plan items by name
    assert (await StepRun.get(id=step.id)).status is StepStatus.DONE
    last = await Submission.filter(project_id=project.id).order_by("-id").first()
    assert last is not None
    assert last.facts["plan:APPROVED"] == {"数据中台": "1200000", "移动端": "300000"}
