"""Score actions end to end: manual deductions and corrections, 互评, satisfaction."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from domain import clock
from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, User
from domain.accounts.policies import holds_center
from domain.actions.acting import Acting, locked_project, log, moment, result
from domain.actions.idempotency import run_once
from domain.actions.results import ProcessState
from domain.calendar import china_today
from domain.db import column
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.scoring import rules
from domain.scoring.errors import ScoringError
from domain.scoring.models import MutualRating, Satisfaction, ScoreEntry
from domain.scoring.results import SatisfactionRated, ScoreEntered
from domain.workflow.models import Decision, StageRun, StageStatus, StepRun, Task, TaskKind, TaskStatus

RATING_WINDOW_DAYS = 10  # working days after a stage closes
UNSATISFIED = 2  # ratings at or below may send the work back


def _points(value: Decimal | str) -> Decimal:
    try:
        points = Decimal(str(value))
    except InvalidOperation:
        raise ScoringError("INVALID_INPUT", field="points") from None
    if not points.is_finite() or not 0 < points <= 100 or points != points.quantize(Decimal("0.01")):
        raise ScoringError("INVALID_INPUT", field="points")
    return points


async def manual_deduction(
    *, acting: Acting, project_id: int, stage: Stage, points: Decimal, reason: str
) -> ScoreEntered:
    """The managing department (data bureau) deducts points from a stage, with a written reason."""
    request = {"project": project_id, "stage": stage.value, "points": str(points), "reason": reason}

    async def perform() -> ScoreEntered:
        project = await locked_project(project_id, field="project_id")
        if not await holds_center(acting.user_id, CenterKind.DATA):
            raise ScoringError("FORBIDDEN")
        amount = _points(points)
        if len(reason.strip()) < rules.MIN_REASON_LENGTH:
            raise ScoringError("INVALID_INPUT", field="reason")
        entry = await ScoreEntry.create(
            project_id=project.id,
            stage=stage,
            points=-amount,
            rule="MANUAL",
            reason=reason.strip(),
            by_user_id=acting.user_id,
            at=clock.now(),
        )
        await log(
            project=project,
            acting=acting,
            action="DEDUCT",
            comment=reason.strip(),
            detail={"entry": str(entry.id), "stage": stage.value, "points": str(amount)},
        )
        return ScoreEntered(state=result(project), entry_id=entry.id)

    return await run_once(user_id=acting.user_id, key=acting.key, action="deduct", request=request, perform=perform)


async def correct_entry(*, acting: Acting, entry_id: int, reason: str) -> ScoreEntered:
    """A correction: a new entry cancelling an earlier one. The earlier one stays, as history."""

    async def perform() -> ScoreEntered:
        entry = await ScoreEntry.get_or_none(id=entry_id)
        if entry is None:
            raise ScoringError("NOT_FOUND", field="entry_id")
        project = await locked_project(entry.project_id)
        if not await holds_center(acting.user_id, CenterKind.DATA):
            raise ScoringError("FORBIDDEN")
        if len(reason.strip()) < rules.MIN_REASON_LENGTH:
            raise ScoringError("INVALID_INPUT", field="reason")
        if entry.corrects_id is not None or await ScoreEntry.filter(corrects_id=entry.id).exists():
            raise ScoringError("ALREADY_CORRECTED", field="entry_id")
        fix = await ScoreEntry.create(
            project_id=project.id,
            stage=entry.stage,
            points=-entry.points,
            rule="CORRECTION",
            reason=reason.strip(),
            by_user_id=acting.user_id,
            corrects_id=entry.id,
            at=clock.now(),
        )
        await log(
            project=project,
            acting=acting,
            action="CORRECT_SCORE",
            comment=reason.strip(),
            detail={"entry": str(entry.id), "correction": str(fix.id)},
        )
        return ScoreEntered(state=result(project), entry_id=fix.id)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="correct_score",
        request={"entry": entry_id, "reason": reason},
        perform=perform,
    )


async def _parties(project: Project, stage: Stage) -> set[int]:
    """Organisations that decided in the stage, besides the builder."""
    steps = await column(StepRun.filter(project_id=project.id, stage=stage).values_list("id", flat=True))
    actors = await column(Decision.filter(step_run_id__in=list(steps)).values_list("actor_id", flat=True))
    orgs = set(await column(User.filter(id__in=list(actors)).values_list("organisation_id", flat=True)))
    return orgs - {project.builder_id}


async def rate_mutually(
    *, acting: Acting, project_id: int, stage: Stage, ratee_org_id: int, rating: int, comment: str = ""
) -> ProcessState:
    """互评 after a stage: the builder rates a department, or a department rates the builder."""
    request = {"project": project_id, "stage": stage.value, "ratee": ratee_org_id, "rating": rating}

    async def perform() -> ProcessState:
        project = await locked_project(project_id, field="project_id")
        run = await StageRun.get_or_none(project_id=project.id, stage=stage)
        if run is None or run.status is not StageStatus.DONE or run.closed_at is None:
            # 互评 rates a stage that is over: the project is elsewhere now.
            raise ScoringError("WRONG_STAGE", field="stage", stage=project.stage.value)
        if not 1 <= rating <= 5:
            raise ScoringError("INVALID_INPUT", field="rating")
        at = await moment()
        closes = at.calendar.add_working_days(china_today(run.closed_at), RATING_WINDOW_DAYS).due
        if at.today > closes:
            raise ScoringError("RATING_WINDOW_CLOSED", field="stage")
        rater_org = (await User.get(id=acting.user_id)).organisation_id
        parties = await _parties(project, stage)
        builder_side = rater_org == project.builder_id and ratee_org_id in parties
        department_side = rater_org in parties and ratee_org_id == project.builder_id
        if not (builder_side or department_side):
            raise ScoringError("INVALID_INPUT", field="ratee_org_id")
        if await MutualRating.filter(
            project_id=project.id, stage=stage, rater_org_id=rater_org, ratee_org_id=ratee_org_id
        ).exists():
            raise ScoringError("ALREADY_RATED", field="ratee_org_id")
        await MutualRating.create(
            project_id=project.id,
            stage=stage,
            rater_org_id=rater_org,
            ratee_org_id=ratee_org_id,
            rater_user_id=acting.user_id,
            rating=rating,
            comment=comment.strip(),
            submitted_at=at.now,
        )
        await log(
            project=project,
            acting=acting,
            action="RATE_MUTUAL",
            detail={"stage": stage.value, "ratee": str(ratee_org_id)},
        )
        return result(project)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="rate_mutual", request=request, perform=perform
    )


async def visible_ratings(*, project_id: int, stage: Stage, viewer_org_id: int) -> list[dict[str, Any]]:
    """The viewer's own ratings, and others' about or by it once revealed (both rated or window closed)."""
    run = await StageRun.get(project_id=project_id, stage=stage)
    at = await moment()
    closed = (
        run.closed_at is not None
        and at.today > at.calendar.add_working_days(china_today(run.closed_at), RATING_WINDOW_DAYS).due
    )
    rows = await MutualRating.filter(project_id=project_id, stage=stage).values()
    given = {(r["rater_org_id"], r["ratee_org_id"]) for r in rows}
    shown = []
    for row in rows:
        own = row["rater_org_id"] == viewer_org_id
        involved = viewer_org_id in (row["rater_org_id"], row["ratee_org_id"])
        both = (row["ratee_org_id"], row["rater_org_id"]) in given
        if own or (involved and rules.ratings_revealed(both_submitted=both, window_closed=closed)):
            shown.append(row)
    return shown


async def rate_satisfaction(
    *, acting: Acting, task_id: int, rating: int, comment: str = "", redo: bool = False
) -> SatisfactionRated:
    """满意度 on a closed task by the applicant; an unsatisfied rating can send the work back."""
    request = {"task": task_id, "rating": rating, "comment": comment, "redo": redo}

    async def perform() -> SatisfactionRated:
        task = await Task.get_or_none(id=task_id)
        if task is None or task.project_id is None:
            raise ScoringError("NOT_FOUND", field="task_id")
        project = await locked_project(task.project_id)
        is_applicant = await CenterMembership.filter(
            user_id=acting.user_id, center=CenterKind.BUILDER, organisation_id=project.builder_id
        ).exists()
        if not is_applicant or task.kind is not TaskKind.ACTION or task.status is not TaskStatus.DONE:
            raise ScoringError("NOT_FOUND", field="task_id")
        if not 1 <= rating <= 5:
            raise ScoringError("INVALID_INPUT", field="rating")
        if redo and rating > UNSATISFIED:
            raise ScoringError("INVALID_INPUT", field="redo")
        if await Satisfaction.filter(task_id=task.id).exists():
            raise ScoringError("ALREADY_RATED", field="task_id")
        at = await moment()
        reopened = None
        if redo:
            reopened = await Task.create(
                kind=TaskKind.ACTION,
                center=task.center,
                assignee_id=task.assignee_id,
                project_id=project.id,
                step_run_id=task.step_run_id,
                slot=task.slot,
                subject_task_id=task.id,
                title=f"重新办理：{task.title}",
                status=TaskStatus.OPEN,
                created_at=at.now,
                opened_at=at.now,
                due_at=at.now + timedelta(days=7),
            )
        await Satisfaction.create(
            task_id=task.id,
            project_id=project.id,
            rater_user_id=acting.user_id,
            rating=rating,
            comment=comment.strip(),
            reopened_task_id=reopened.id if reopened else None,
            at=at.now,
        )
        await log(
            project=project,
            acting=acting,
            action="RATE_SATISFACTION",
            comment=comment.strip(),
            detail={"task": str(task.id), "rating": str(rating), "redo": str(reopened.id if reopened else "")},
        )
        return SatisfactionRated(state=result(project), reopened_task_id=reopened.id if reopened else None)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="satisfaction", request=request, perform=perform
    )
