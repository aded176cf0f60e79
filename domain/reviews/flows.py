"""Expert review end to end: draw a panel, invitations, blind score sheets, closing, assessments."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyotp

from domain import clock
from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.accounts.passwords import Passwords
from domain.accounts.policies import holds_center
from domain.actions.acting import Acting, locked_project, log, moment, result
from domain.actions.idempotency import run_once
from domain.actions.results import ProcessState
from domain.audit.service import record
from domain.calendar import china_today
from domain.calendar.service import current_calendar
from domain.events.service import emit
from domain.experts.models import Expert
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.reviews.errors import ReviewError
from domain.reviews.models import (
    Panel,
    PanelSeat,
    PanelStatus,
    PlanVersion,
    PriceAssessment,
    ScoreSheet,
    SeatStatus,
    SheetStatus,
)
from domain.reviews.results import (
    DraftSaved,
    InvitationAnswered,
    PanelClosed,
    PanelRequested,
    PlanSubmitted,
    PriceAssessed,
    SheetSubmitted,
)
from domain.reviews.rules import (
    Comparison,
    DrawContext,
    DrawRules,
    Opinion,
    PlanItem,
    Quota,
    SheetError,
    Shortage,
    check_draft,
    compare,
    draw,
    majority,
    outliers,
    panel_score,
    rubric_for,
    total,
)
from domain.reviews.service import candidates, open_panel
from domain.scoring import rules as scoring
from domain.scoring.service import deduct
from domain.workflow import engine
from domain.workflow.models import StageRun, StageStatus, StepRun, StepStatus, Task, TaskKind, TaskStatus

REVIEW_GATES = (Stage.PRE_REVIEW, Stage.PLAN_REVIEW, Stage.IMPL_REVIEW, Stage.ACCEPTANCE)
MAX_SEATS = 15
DEFAULT_OUTLIER_DISTANCE = Decimal(15)
# A replacement drawn after the panel's answer deadline has passed gets this many working days to answer.
REPLACEMENT_DAYS = 2


@dataclass(frozen=True, slots=True)
class PanelRequest:
    stage: Stage
    quotas: tuple[tuple[str | None, int], ...]
    review_date: date
    respond_days: int = 2
    score_days: int = 5
    employer_lookback_years: int = 3
    exclude_earlier_panel: bool = False
    min_performance: Decimal | None = None
    bidder_org_ids: tuple[int, ...] = ()
    outlier_distance: Decimal = DEFAULT_OUTLIER_DISTANCE
    seed: int | None = None


async def _require(user_id: int, center: CenterKind) -> None:
    if not await holds_center(user_id, center):
        raise ReviewError("FORBIDDEN", center=center.value)


def _check_request(request: PanelRequest) -> None:
    if request.stage not in REVIEW_GATES:
        raise ReviewError("INVALID_INPUT", field="stage")
    seats = sum(count for _, count in request.quotas)
    if not request.quotas or any(count < 1 for _, count in request.quotas) or seats > MAX_SEATS:
        raise ReviewError("INVALID_INPUT", field="quotas")
    if not 1 <= request.respond_days <= 10 or not 1 <= request.score_days <= 30:
        raise ReviewError("INVALID_INPUT", field="respond_days" if request.respond_days > 10 else "score_days")
    if request.employer_lookback_years < 0:
        raise ReviewError("INVALID_INPUT", field="employer_lookback_years")
    if request.outlier_distance <= 0:
        raise ReviewError("INVALID_INPUT")


async def request_panel(*, acting: Acting, project_id: int, request: PanelRequest) -> PanelRequested:
    """The data bureau draws a panel: random but reproducible, conflicts excluded and recorded."""

    async def perform() -> PanelRequested:
        project = await locked_project(project_id, field="project_id")
        await _require(acting.user_id, CenterKind.DATA)
        _check_request(request)
        stage_active = await StageRun.filter(
            project_id=project.id, stage=request.stage, status=StageStatus.ACTIVE
        ).exists()
        if not stage_active:
            raise ReviewError("WRONG_STAGE", field="stage", stage=project.stage.value, expected=[request.stage.value])
        if await open_panel(project_id=project.id, stage=request.stage.value) is not None:
            raise ReviewError("PANEL_EXISTS", field="stage")
        at = await moment()
        seed = request.seed if request.seed is not None else secrets.randbits(62)
        rules = DrawRules(
            employer_lookback_years=request.employer_lookback_years,
            exclude_earlier_panel=request.exclude_earlier_panel,
            min_performance=request.min_performance,
        )
        context = DrawContext(
            project_id=project.id,
            builder_org_id=project.builder_id,
            bidder_org_ids=frozenset(request.bidder_org_ids),
            supervisor_org_id=project.supervisor_id,
            review_date=request.review_date,
        )
        pool = await candidates()
        quotas = [Quota(specialty, count) for specialty, count in request.quotas]
        try:
            drawn = draw(pool, quotas, rules, context, seed)
        except Shortage as short:
            raise ReviewError(
                "EXPERT_SHORTAGE",
                field="quotas",
                quota=short.quota_index,
                specialty=short.specialty,
                needed=short.needed,
                available=short.available,
            ) from None
        step = await StepRun.filter(
            project_id=project.id, stage=request.stage, status=StepStatus.ACTIVE, action="SCORE"
        ).first()
        rubric = rubric_for(request.stage)
        respond_on = at.calendar.add_working_days(at.today, request.respond_days).due
        respond_by = engine.end_of_day(respond_on)
        score_by = engine.end_of_day(at.calendar.add_working_days(respond_on, request.score_days).due)
        panel = await Panel.create(
            project=project,
            stage=request.stage,
            step_run_id=step.id if step else None,
            organiser_id=acting.user_id,
            review_date=request.review_date,
            quotas=[[s, c] for s, c in request.quotas],
            rules={
                "employer_lookback_years": rules.employer_lookback_years,
                "exclude_earlier_panel": rules.exclude_earlier_panel,
                "min_performance": str(rules.min_performance) if rules.min_performance is not None else None,
            },
            bidder_org_ids=list(request.bidder_org_ids),
            seed=seed,
            candidate_ids=sorted(c.expert_id for c in pool),
            exclusions={str(k): list(v) for k, v in drawn.excluded.items()},
            reserve={str(k): list(v) for k, v in drawn.reserve.items()},
            respond_by=respond_by,
            score_by=score_by,
            rubric_key=rubric.key,
            rubric_version=rubric.version,
            outlier_distance=request.outlier_distance,
            created_at=at.now,
        )
        for seat in drawn.seats:
            await _invite(panel, seat.expert_id, seat.quota_index, at.now)
        await record(
            action="PANEL_DRAWN",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="panel",
            target_id=str(panel.id),
            detail={
                "seed": str(seed),
                "candidates": panel.candidate_ids,
                "exclusions": panel.exclusions,
                "quotas": panel.quotas,
                "seats": [[s.quota_index, s.expert_id] for s in drawn.seats],
                "rules": panel.rules,
                "reviewDate": request.review_date.isoformat(),
            },
        )
        await emit("panel.drawn", project_id=project.id, panel_id=panel.id)
        return PanelRequested(state=result(project), panel_id=panel.id, seed=str(seed))

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="request_panel",
        request={"project": project_id, "request": request},
        perform=perform,
    )


async def _working_days_from(now: datetime, days: int) -> datetime:
    """The end of the China day `days` working days after `now` (official calendar, 调休 included)."""
    calendar = await current_calendar()
    return engine.end_of_day(calendar.add_working_days(china_today(now), days).due)


async def _invite(panel: Panel, expert_id: int, quota_index: int, now: datetime) -> PanelSeat:
    seat = await PanelSeat.create(
        panel=panel,
        expert_id=expert_id,
        quota_index=quota_index,
        invited_at=now,
        respond_by=panel.respond_by if panel.respond_by > now else await _working_days_from(now, REPLACEMENT_DAYS),
    )
    expert = await Expert.get(id=expert_id)
    project = await Project.get(id=panel.project_id)
    invitation = await Task.create(
        kind=TaskKind.INVITATION,
        center=CenterKind.EXPERT,
        assignee_id=expert.user_id,
        project_id=panel.project_id,
        step_run_id=panel.step_run_id,
        subject_task_id=None,
        title=f"评审邀请：{project.name}",
        status=TaskStatus.OPEN,
        due_at=seat.respond_by,
        created_at=now,
        opened_at=now,
    )
    await emit(
        "panel.invited",
        project_id=panel.project_id,
        panel_id=panel.id,
        seat_id=seat.id,
        expert_user_id=expert.user_id,
        task_id=invitation.id,
    )
    return seat


async def _seat_of(acting: Acting, seat_id: int) -> tuple[PanelSeat, Panel, Project]:
    seat = await PanelSeat.get_or_none(id=seat_id, expert__user_id=acting.user_id)
    if seat is None:
        raise ReviewError("NOT_FOUND", field="seat_id")
    panel = await Panel.get(id=seat.panel_id)
    project = await locked_project(panel.project_id)
    await seat.refresh_from_db()
    await panel.refresh_from_db()
    return seat, panel, project


async def respond(
    *, acting: Acting, seat_id: int, accept: bool, no_conflict: bool = False, reason: str = ""
) -> InvitationAnswered:
    """Accept (declaring no conflict) or decline an invitation; a decline draws a replacement."""
    request = {"seat": seat_id, "accept": accept, "noConflict": no_conflict, "reason": reason}

    async def perform() -> InvitationAnswered:
        seat, panel, project = await _seat_of(acting, seat_id)
        now = clock.now()
        if seat.status is not SeatStatus.INVITED or panel.status is not PanelStatus.INVITING:
            raise ReviewError("INVITATION_CLOSED", field="seat_id")
        if now > seat.respond_by:
            raise ReviewError("INVITATION_EXPIRED", field="seat_id")
        if accept and not no_conflict:
            raise ReviewError("INVALID_INPUT", field="no_conflict")
        await _close_invitation_task(panel, acting.user_id, now)
        if accept:
            await PanelSeat.filter(id=seat.id).update(
                status=SeatStatus.ACCEPTED, responded_at=now, no_conflict_declared=True
            )
            await ScoreSheet.create(seat_id=seat.id, updated_at=now)
            await Task.create(
                kind=TaskKind.SCORE,
                center=CenterKind.EXPERT,
                assignee_id=acting.user_id,
                project_id=project.id,
                step_run_id=panel.step_run_id,
                title=f"专家评分：{project.name}",
                status=TaskStatus.OPEN,
                due_at=panel.score_by,
                created_at=now,
                opened_at=now,
            )
        else:
            await PanelSeat.filter(id=seat.id).update(
                status=SeatStatus.DECLINED, responded_at=now, decline_reason=reason.strip()[:200]
            )
            await _replace(panel, seat, now)
        await record(
            action="PANEL_ACCEPTED" if accept else "PANEL_DECLINED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="panel_seat",
            target_id=str(seat.id),
            detail={"noConflict": no_conflict, "reason": reason[:200]},
        )
        await _start_scoring_if_full(panel, now)
        return InvitationAnswered(
            state=result(project), seat_id=seat.id, panel_status=(await Panel.get(id=panel.id)).status.value
        )

    return await run_once(user_id=acting.user_id, key=acting.key, action="respond", request=request, perform=perform)


async def _close_invitation_task(panel: Panel, user_id: int | None, now: datetime) -> None:
    if user_id is None:  # an expert without an account was never sent a to-do
        return
    await Task.filter(
        kind=TaskKind.INVITATION, project_id=panel.project_id, assignee_id=user_id, status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, closed_at=now)


async def _replace(panel: Panel, seat: PanelSeat, now: datetime) -> PanelSeat | None:
    """The next expert of the same quota's reserve who has not been on this panel; None when none is left."""
    used = set(await PanelSeat.filter(panel_id=panel.id).values_list("expert_id", flat=True))
    for expert_id in panel.reserve.get(str(seat.quota_index), []):
        if expert_id not in used:
            return await _invite(panel, expert_id, seat.quota_index, now)
    await emit("panel.short", project_id=panel.project_id, panel_id=panel.id, quota=seat.quota_index)
    return None


async def _start_scoring_if_full(panel: Panel, now: datetime) -> None:
    if await PanelSeat.filter(panel_id=panel.id, status=SeatStatus.INVITED).exists():
        return
    accepted = await PanelSeat.filter(panel_id=panel.id, status=SeatStatus.ACCEPTED).order_by("id")
    if not accepted:
        return
    await PanelSeat.filter(id=accepted[0].id).update(is_chair=True)
    await Panel.filter(id=panel.id).update(status=PanelStatus.SCORING)
    await emit("panel.scoring", project_id=panel.project_id, panel_id=panel.id)


async def expire_invitations() -> int:
    """Invitations not answered by their deadline expire and draw replacements (run by the scanner)."""
    now = clock.now()
    expired = 0
    for seat in await PanelSeat.filter(status=SeatStatus.INVITED, respond_by__lt=now):
        panel = await Panel.get(id=seat.panel_id)
        await locked_project(panel.project_id)
        changed = await PanelSeat.filter(id=seat.id, status=SeatStatus.INVITED).update(status=SeatStatus.EXPIRED)
        if not changed:
            continue
        expert = await Expert.get(id=seat.expert_id)
        await _close_invitation_task(panel, expert.user_id, now)
        await _replace(panel, seat, now)
        await _start_scoring_if_full(panel, now)
        expired += 1
    return expired


def _scores(raw: object) -> dict[str, Decimal]:
    """Criterion key to points, from the client's JSON object (anything else is refused)."""
    if not isinstance(raw, dict):
        raise ReviewError("INVALID_SCORE", field="scores")
    try:
        return {str(k): Decimal(str(v)) for k, v in raw.items()}
    except InvalidOperation:
        raise ReviewError("INVALID_SCORE", field="scores") from None


def _opinion(value: str | None) -> Opinion | None:
    if value is None:
        return None
    try:
        return Opinion(value)
    except ValueError:
        raise ReviewError("INVALID_INPUT", field="opinion") from None


async def _sheet(seat: PanelSeat, panel: Panel, expected_version: int | None) -> ScoreSheet:
    if panel.status is not PanelStatus.SCORING or seat.status is not SeatStatus.ACCEPTED:
        raise ReviewError("PANEL_NOT_READY" if panel.status is PanelStatus.INVITING else "SHEET_FINAL", field="seat_id")
    sheet = await ScoreSheet.get(seat_id=seat.id)
    if sheet.status is SheetStatus.SUBMITTED:
        raise ReviewError("SHEET_FINAL", field="seat_id")
    if expected_version is not None and expected_version != sheet.version:
        raise ReviewError(
            "VERSION_CONFLICT",
            field="expected_version",
            current={
                "version": sheet.version,
                "scores": sheet.scores,
                "comment": sheet.comment,
                "opinion": sheet.opinion,
            },
        )
    return sheet


async def save_draft(
    *,
    acting: Acting,
    seat_id: int,
    scores: object,
    comment: str = "",
    opinion: str | None = None,
    expected_version: int | None,
) -> DraftSaved:
    """Keep a partial sheet; a draft written on another device in between is a conflict, never overwritten."""
    request = {"seat": seat_id, "scores": scores, "comment": comment, "opinion": opinion, "v": expected_version}

    async def perform() -> DraftSaved:
        seat, panel, project = await _seat_of(acting, seat_id)
        sheet = await _sheet(seat, panel, expected_version)
        values = _scores(scores)
        try:
            running = check_draft(rubric_for(panel.stage), values)
        except SheetError as bad:
            raise ReviewError("INVALID_SCORE", field=f"scores.{bad.criterion}", reason=bad.code) from None
        await ScoreSheet.filter(id=sheet.id).update(
            scores={k: str(v) for k, v in values.items()},
            comment=comment.strip()[:4000],
            opinion=chosen.value if (chosen := _opinion(opinion)) else None,
            updated_at=clock.now(),
            version=sheet.version + 1,
        )
        return DraftSaved(state=result(project), sheet_version=sheet.version + 1, running_total=running)

    return await run_once(user_id=acting.user_id, key=acting.key, action="save_draft", request=request, perform=perform)


async def _second_factor(user: User, code: str, passwords: Passwords) -> str:
    if user.totp_enabled and user.totp_secret:
        if pyotp.TOTP(user.totp_secret).verify(code.strip(), valid_window=1):
            return "TOTP"
        raise ReviewError("SECOND_FACTOR_INVALID", field="second_factor")
    if user.pin_hash:
        if await passwords.verify(user.pin_hash, code.strip()):
            return "PIN"
        raise ReviewError("SECOND_FACTOR_INVALID", field="second_factor")
    raise ReviewError("SECOND_FACTOR_NOT_SET", field="second_factor")


async def submit_sheet(
    *,
    acting: Acting,
    passwords: Passwords,
    seat_id: int,
    scores: object,
    comment: str,
    opinion: str,
    second_factor: str,
    expected_version: int | None,
) -> SheetSubmitted:
    """The expert's final sheet, confirmed with their PIN or one-time code: never changed afterwards."""
    request = {"seat": seat_id, "scores": scores, "comment": comment, "opinion": opinion, "v": expected_version}

    async def perform() -> SheetSubmitted:
        seat, panel, project = await _seat_of(acting, seat_id)
        sheet = await _sheet(seat, panel, expected_version)
        values = _scores(scores)
        try:
            sheet_total = total(rubric_for(panel.stage), values)
        except SheetError as bad:
            raise ReviewError("INVALID_SCORE", field=f"scores.{bad.criterion}", reason=bad.code) from None
        verdict = _opinion(opinion)
        if verdict is None:
            raise ReviewError("INVALID_INPUT", field="opinion")
        confirmed = await _second_factor(await User.get(id=acting.user_id), second_factor, passwords)
        now = clock.now()
        await ScoreSheet.filter(id=sheet.id).update(
            scores={k: str(v) for k, v in values.items()},
            comment=comment.strip()[:4000],
            opinion=verdict.value,
            status=SheetStatus.SUBMITTED,
            total=sheet_total,
            confirmed_with=confirmed,
            submitted_at=now,
            updated_at=now,
            version=sheet.version + 1,
        )
        await Task.filter(
            kind=TaskKind.SCORE, project_id=project.id, assignee_id=acting.user_id, status=TaskStatus.OPEN
        ).update(status=TaskStatus.DONE, closed_at=now)
        await log(project=project, acting=acting, action="SUBMIT_SHEET", detail={"panel": panel.id})
        await record(
            action="SCORE_SUBMITTED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="score_sheet",
            target_id=str(sheet.id),
            detail={"panel": panel.id, "total": str(sheet_total), "opinion": verdict.value, "confirmedWith": confirmed},
        )
        if not await ScoreSheet.filter(seat__panel_id=panel.id, status=SheetStatus.DRAFT).exists():
            await _close(panel, project, summary="")
        return SheetSubmitted(state=result(project), sheet_id=sheet.id, total=sheet_total)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="submit_sheet", request=request, perform=perform
    )


async def close_panel(*, acting: Acting, panel_id: int, chair_summary: str) -> PanelClosed:
    """The organiser closes a panel: by itself once every sheet is in, or at the scoring deadline."""

    async def perform() -> PanelClosed:
        panel = await Panel.get_or_none(id=panel_id)
        if panel is None:
            raise ReviewError("NOT_FOUND", field="panel_id")
        project = await locked_project(panel.project_id)
        await panel.refresh_from_db()
        await _require(acting.user_id, CenterKind.DATA)
        if panel.status is PanelStatus.CLOSED:
            await Panel.filter(id=panel.id).update(chair_summary=chair_summary.strip())
            return PanelClosed(
                state=result(project), panel_id=panel.id, panel_score=panel.panel_score, opinion=panel.opinion
            )
        drafts = await ScoreSheet.filter(seat__panel_id=panel.id, status=SheetStatus.DRAFT).exists()
        if panel.status is not PanelStatus.SCORING or (drafts and clock.now() < panel.score_by):
            raise ReviewError("PANEL_NOT_READY", field="panel_id")
        closed = await _close(panel, project, summary=chair_summary)
        await record(
            action="PANEL_CLOSED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="panel",
            target_id=str(panel.id),
        )
        return PanelClosed(
            state=result(project), panel_id=panel.id, panel_score=closed.panel_score, opinion=closed.opinion
        )

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="close_panel",
        request={"panel": panel_id, "summary": chair_summary},
        perform=perform,
    )


def _submitted(sheet: ScoreSheet) -> tuple[Decimal, Opinion]:
    """A submitted sheet's total and opinion (submitting requires both)."""
    if sheet.total is None or sheet.opinion is None:
        raise ReviewError("PANEL_NOT_READY")
    return sheet.total, Opinion(sheet.opinion)


async def _close(panel: Panel, project: Project, *, summary: str) -> Panel:
    sheets = await ScoreSheet.filter(seat__panel_id=panel.id, status=SheetStatus.SUBMITTED).prefetch_related("seat")
    if not sheets:
        raise ReviewError("PANEL_NOT_READY")
    totals = {sheet.id: _submitted(sheet)[0] for sheet in sheets}
    score = panel_score(list(totals.values()))
    flagged = outliers(totals, score, Decimal(panel.outlier_distance))
    chair = next((s for s in sheets if s.seat.is_chair), sheets[0])
    verdict = majority([_submitted(s)[1] for s in sheets], _submitted(chair)[1])
    now = clock.now()
    if flagged:
        await ScoreSheet.filter(id__in=list(flagged)).update(outlier=True)
    await ScoreSheet.filter(seat__panel_id=panel.id, status=SheetStatus.DRAFT).update(updated_at=now)
    await Panel.filter(id=panel.id).update(
        status=PanelStatus.CLOSED,
        panel_score=score,
        opinion=verdict.value,
        chair_summary=summary.strip(),
        closed_at=now,
    )
    await Task.filter(
        kind__in=[TaskKind.ORGANISE, TaskKind.SCORE, TaskKind.INVITATION],
        project_id=project.id,
        status=TaskStatus.OPEN,
        step_run_id=panel.step_run_id,
    ).update(status=TaskStatus.DONE, closed_at=now)
    await deduct(
        project_id=project.id,
        stage=panel.stage,
        points=scoring.REVIEW_RESULT_DEDUCTION[verdict.value],
        rule="REVIEW_RESULT",
        reason=f"panel {panel.id}: {verdict.value}",
    )
    await emit("panel.closed", project_id=project.id, panel_id=panel.id, score=str(score), opinion=verdict.value)
    if panel.step_run_id is not None:
        step = await StepRun.get(id=panel.step_run_id)
        if step.status is StepStatus.ACTIVE:
            await engine.complete_step(project, await moment(), step)
            project.version += 1
            await project.save(update_fields=["stage", "status", "version"])
    return await Panel.get(id=panel.id)


async def rate_expert(*, acting: Acting, seat_id: int, rating: int) -> ProcessState:
    """The organiser rates an expert's work on a closed panel (1-5), feeding their performance."""

    async def perform() -> ProcessState:
        seat = await PanelSeat.get_or_none(id=seat_id)
        if seat is None:
            raise ReviewError("NOT_FOUND", field="seat_id")
        panel = await Panel.get(id=seat.panel_id)
        project = await locked_project(panel.project_id)
        await _require(acting.user_id, CenterKind.DATA)
        if panel.status is not PanelStatus.CLOSED:
            raise ReviewError("PANEL_NOT_READY", field="seat_id")
        if not 1 <= rating <= 5:
            raise ReviewError("INVALID_INPUT", field="rating")
        sheet = await ScoreSheet.get_or_none(seat_id=seat.id)
        if sheet is None or sheet.quality_rating is not None:
            raise ReviewError("INVALID_INPUT", field="seat_id")
        await ScoreSheet.filter(id=sheet.id).update(quality_rating=rating)
        await record(
            action="EXPERT_RATED",
            outcome="SUCCESS",
            origin=acting.origin,
            actor_id=acting.user_id,
            target_type="panel_seat",
            target_id=str(seat.id),
            detail={"rating": rating},
        )
        return result(project)

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="rate_expert",
        request={"seat": seat_id, "rating": rating},
        perform=perform,
    )


async def record_price_assessment(
    *, acting: Acting, project_id: int, institution_id: int, assessed_amount: Decimal, note: str = ""
) -> PriceAssessed:
    """Pre-review: the independent institution's assessment of the quoted price, set against the request."""
    request = {"project": project_id, "institution": institution_id, "amount": str(assessed_amount), "note": note}

    async def perform() -> PriceAssessed:
        project = await locked_project(project_id, field="project_id")
        institution = await Organisation.get_or_none(id=institution_id, kind=OrganisationKind.THIRD_PARTY)
        if institution is None:
            raise ReviewError("INVALID_INPUT", field="institution_id")
        staff = await CenterMembership.filter(
            user_id=acting.user_id, center=CenterKind.EXPERT, organisation_id=institution.id
        ).exists()
        bureau = await holds_center(acting.user_id, CenterKind.DATA)
        if not (staff or bureau):
            raise ReviewError("FORBIDDEN", field="institution_id")
        if project.stage is not Stage.PRE_REVIEW:
            raise ReviewError(
                "WRONG_STAGE", field="project_id", stage=project.stage.value, expected=[Stage.PRE_REVIEW.value]
            )
        try:
            amount = Decimal(str(assessed_amount))
        except InvalidOperation:
            raise ReviewError("INVALID_INPUT", field="assessed_amount") from None
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise ReviewError("INVALID_INPUT", field="assessed_amount")
        row = await PriceAssessment.create(
            project=project,
            institution_id=institution.id,
            assessed_amount=amount,
            requested_amount=project.requested_amount,
            note=note.strip(),
            recorded_by_id=acting.user_id,
            recorded_at=clock.now(),
        )
        difference = amount - project.requested_amount
        await log(
            project=project,
            acting=acting,
            action="PRICE_ASSESSMENT",
            detail={"assessment": row.id, "assessed": str(amount), "difference": str(difference)},
        )
        return PriceAssessed(state=result(project), assessment_id=row.id, difference=difference)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="price_assessment", request=request, perform=perform
    )


async def submit_plan(
    *, acting: Acting, project_id: int, kind: str, items: Sequence[tuple[str, Decimal]]
) -> PlanSubmitted:
    """The builder submits the scope items of the approved plan or of the implementation plan."""
    request = {"project": project_id, "kind": kind, "items": [[n, str(a)] for n, a in items]}

    async def perform() -> PlanSubmitted:
        project = await locked_project(project_id, field="project_id")
        builder = await CenterMembership.filter(
            user_id=acting.user_id, center=CenterKind.BUILDER, organisation_id=project.builder_id
        ).exists()
        if not builder:
            raise ReviewError("NOT_FOUND", field="project_id")
        if kind not in ("APPROVED", "IMPLEMENTATION"):
            raise ReviewError("INVALID_INPUT", field="kind")
        if not items or any(not name.strip() or Decimal(str(amount)) < 0 for name, amount in items):
            raise ReviewError("INVALID_INPUT", field="items")
        row = await PlanVersion.create(
            project=project,
            kind=kind,
            items=[[name.strip(), str(Decimal(str(amount)))] for name, amount in items],
            submitted_by_id=acting.user_id,
            submitted_at=clock.now(),
        )
        await log(project=project, acting=acting, action="SUBMIT_PLAN", detail={"plan": row.id, "kind": kind})
        return PlanSubmitted(state=result(project), plan_id=row.id)

    return await run_once(
        user_id=acting.user_id, key=acting.key, action="submit_plan", request=request, perform=perform
    )


async def plan_consistency(*, project_id: int) -> Comparison | None:
    """The implementation plan against the approved plan, side by side (latest versions of each)."""
    approved = await PlanVersion.filter(project_id=project_id, kind="APPROVED").order_by("-id").first()
    implementation = await PlanVersion.filter(project_id=project_id, kind="IMPLEMENTATION").order_by("-id").first()
    if approved is None or implementation is None:
        return None

    def items(plan: PlanVersion) -> list[PlanItem]:
        return [PlanItem(name, Decimal(amount)) for name, amount in plan.items]

    return compare(items(approved), items(implementation))
