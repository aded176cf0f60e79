"""The route ahead of a step: which steps follow, who acts and when each is expected, for the applicant.

Before a builder submits, it sees where the application goes next. The dates add each step's working-day
limit to today, step after step (parallel stages counted one after the other, so the dates are late
rather than early), in the project's own template version and plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.accounts.kinds import CenterKind
from domain.calendar import WorkingCalendar
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.workflow.process import plan_of

AHEAD = 8  # steps shown; the rest of the life is on the project's timeline


@dataclass(frozen=True, slots=True)
class RouteStep:
    step_key: str
    stage: Stage
    centers: tuple[CenterKind, ...]
    limit_days: int
    expected_by: date
    estimated: bool


async def route_ahead(
    project: Project, step_key: str, calendar: WorkingCalendar, today: date, *, limit: int = AHEAD
) -> list[RouteStep]:
    """The steps planned after `step_key` (up to `limit`), with the date each is expected done by."""
    planned = [p for stage in (await plan_of(project)).stages for p in stage.steps]
    keys = [p.step.key for p in planned]
    if step_key not in keys:
        return []
    route: list[RouteStep] = []
    day, estimated = today, False
    for p in planned[keys.index(step_key) + 1 :][:limit]:
        deadline = calendar.add_working_days(day, p.step.limit_days)
        day, estimated = deadline.due, estimated or deadline.estimated
        centers = tuple(dict.fromkeys(actor.center for actor in p.step.actors))
        route.append(RouteStep(p.step.key, p.stage, centers, p.step.limit_days, day, estimated))
    return route
