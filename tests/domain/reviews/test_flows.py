"""Expert review end to end: a reproducible draw without conflicts, invitations, blind sheets, closing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain import clock
from domain.accounts.models import Organisation, User
from domain.actions.acting import Acting
from domain.actions.errors import ActionRefused
from domain.audit.models import AuditRecord
from domain.experts import flows as expert_library
from domain.experts.models import Expert
from domain.projects.kinds import Stage
from domain.projects.models import Project
from domain.reviews import flows as reviews
from domain.reviews.errors import ReviewError
from domain.reviews.models import (
    ExpertConflict,
    ExpertEmployment,
    ExpertUnavailability,
    Panel,
    PanelSeat,
    PanelStatus,
    ScoreSheet,
    SeatStatus,
    SheetStatus,
)
from domain.reviews.rules.rubric import rubric_for
from domain.reviews.service import expert_performance
from domain.reviews.visibility import history_visible_to, progress_visible_to, sheets_visible_to
from domain.scoring.models import ScoreEntry
from domain.workflow import scanner
from domain.workflow.models import StepRun, StepStatus, Task, TaskKind, TaskStatus
from tests.factories import PASSWORDS, PIN, acting, advance, declare, key, run_panel, user_id

TODAY = date(2026, 11, 16)


async def _at_plan_review() -> Project:
    project = await declare()
    project = await advance(project, 5)  # submit, intake, price assessment, decision x2 → PLAN_REVIEW submit
    project = await advance(project, 1)  # the plan is submitted: expert_scoring opens
    step = await StepRun.get(project_id=project.id, step_key="expert_scoring")
    assert step.status is StepStatus.ACTIVE
    organise = await Task.filter(step_run_id=step.id, status=TaskStatus.OPEN)
    assert {t.kind for t in organise} == {TaskKind.ORGANISE}
    return project


async def _request(project: Project, quotas=((None, 3),), seed: int = 42, **kw) -> Panel:  # type: ignore[no-untyped-def]
    await reviews.request_panel(
        acting=await acting("data"),
        project_id=project.id,
        request=reviews.PanelRequest(stage=Stage.PLAN_REVIEW, quotas=quotas, review_date=TODAY, seed=seed, **kw),
    )
    return await Panel.filter(project_id=project.id).order_by("-id").first()


async def _expert_user(expert_id: int) -> Acting:
    expert = await Expert.get(id=expert_id)
    return Acting(user_id=expert.user_id, origin=(await acting("data")).origin, key=key())


async def _seated(panel: Panel) -> list[int]:
    return sorted(await PanelSeat.filter(panel_id=panel.id).values_list("expert_id", flat=True))


async def test_the_same_seed_draws_the_same_panel_and_the_trail_can_replay_it(demo) -> None:
    first = await _request(await _at_plan_review(), seed=2026)
    second = await _request(await _at_plan_review(), seed=2026)
    assert await _seated(first) == await _seated(second)
    drawn = await AuditRecord.get(action="PANEL_DRAWN", target_id=str(first.id))
    assert drawn.detail["seed"] == "2026" and drawn.detail["candidates"] == first.candidate_ids
    assert sorted(e for _, e in drawn.detail["seats"]) == await _seated(first)


async def test_conflicts_are_excluded_with_their_reasons(demo) -> None:
    project = await _at_plan_review()
    police = project.builder_id
    experts = {e.name: e for e in await Expert.all()}
    await ExpertEmployment.create(
        expert=experts["黄志强"], organisation_id=police, start=date(2020, 1, 1), end=date(2025, 6, 30)
    )
    await ExpertConflict.create(
        expert=experts["周敏"], organisation_id=police, reason="亲属任职", declared_at=clock.now()
    )
    await ExpertUnavailability.create(expert=experts["吴晓东"], start=TODAY, end=TODAY + timedelta(days=3))
    panel = await _request(project, quotas=((None, 2),))
    reasons = {int(k): v for k, v in panel.exclusions.items()}
    assert "EMPLOYER_BUILDER" in reasons[experts["黄志强"].id]
    assert "DECLARED_CONFLICT" in reasons[experts["周敏"].id]
    assert "UNAVAILABLE" in reasons[experts["吴晓东"].id]
    assert await _seated(panel) == sorted([experts["徐丽华"].id, experts["孙海涛"].id])


async def test_a_short_quota_is_a_typed_error_naming_it(demo) -> None:
    project = await _at_plan_review()
    with pytest.raises(ActionRefused) as short:
        await _request(project, quotas=(("大数据", 1), ("网络安全", 2)))
    assert short.value.code == "EXPERT_SHORTAGE"
    assert (short.value.params["quota"], short.value.params["specialty"]) == (1, "网络安全")
    assert await Panel.all().count() == 0


async def test_a_decline_draws_a_replacement_from_the_same_quota(demo) -> None:
    panel = await _request(await _at_plan_review(), quotas=(("造价", 1),))
    seat = await PanelSeat.get(panel_id=panel.id)
    await reviews.respond(acting=await _expert_user(seat.expert_id), seat_id=seat.id, accept=False, reason="出差")
    seats = await PanelSeat.filter(panel_id=panel.id).order_by("id")
    assert [s.status for s in seats] == [SeatStatus.DECLINED, SeatStatus.INVITED]
    replacement = await Expert.get(id=seats[1].expert_id)
    assert "造价" in replacement.specialties and seats[1].quota_index == 0


async def test_a_missed_deadline_draws_a_replacement(demo, frozen_clock) -> None:
    panel = await _request(await _at_plan_review(), quotas=(("造价", 1),))
    frozen_clock.advance(days=3)
    report = await scanner.scan()
    assert report.invitations_expired == 1
    statuses = await PanelSeat.filter(panel_id=panel.id).order_by("id").values_list("status", flat=True)
    assert statuses == [SeatStatus.EXPIRED, SeatStatus.INVITED]


async def test_accepting_needs_a_no_conflict_declaration(demo) -> None:
    panel = await _request(await _at_plan_review())
    seat = await PanelSeat.filter(panel_id=panel.id).first()
    with pytest.raises(ActionRefused) as refused:
        await reviews.respond(acting=await _expert_user(seat.expert_id), seat_id=seat.id, accept=True)
    assert refused.value.field == "no_conflict"
    assert (await PanelSeat.get(id=seat.id)).status is SeatStatus.INVITED
    with pytest.raises(ActionRefused) as stranger:
        await reviews.respond(acting=await acting("builder"), seat_id=seat.id, accept=True, no_conflict=True)
    assert stranger.value.code == "NOT_FOUND"


async def _accept_all(panel: Panel) -> list[PanelSeat]:
    seats = await PanelSeat.filter(panel_id=panel.id).order_by("id")
    for seat in seats:
        await reviews.respond(acting=await _expert_user(seat.expert_id), seat_id=seat.id, accept=True, no_conflict=True)
    assert (await Panel.get(id=panel.id)).status is PanelStatus.SCORING
    return seats


def _scores(stage: Stage, share: str) -> dict[str, str]:
    return {c.key: str((c.max_points * Decimal(share)).quantize(Decimal("0.1"))) for c in rubric_for(stage).criteria}


async def _submit(seat: PanelSeat, share: str, opinion: str = "PASS", comment: str = "", pin: str = PIN) -> dict:
    """The seat's expert submits a sheet scoring `share` of every criterion's maximum."""
    return await reviews.submit_sheet(
        acting=await _expert_user(seat.expert_id),
        passwords=PASSWORDS,
        seat_id=seat.id,
        scores=_scores(Stage.PLAN_REVIEW, share),
        comment=comment,
        opinion=opinion,
        second_factor=pin,
        expected_version=None,
    )


async def test_sheets_are_blind_until_the_panel_closes(demo) -> None:
    project = await _at_plan_review()
    panel = await _request(project)
    seats = await _accept_all(panel)
    first, second = seats[0], seats[1]
    await reviews.save_draft(
        acting=await _expert_user(first.expert_id),
        seat_id=first.id,
        scores={next(iter(_scores(Stage.PLAN_REVIEW, "0.5"))): "5"},
        expected_version=1,
    )
    await _submit(second, "0.9", "PASS", comment="方案可行")
    second_user = (await Expert.get(id=second.expert_id)).user_id
    first_user = (await Expert.get(id=first.expert_id)).user_id
    panel = await Panel.get(id=panel.id)
    # then no expert reaches another's sheet: not in lists, not as a count, not in the history
    assert [s.seat_id for s in await sheets_visible_to(first_user, panel)] == [first.id]
    assert [s.seat_id for s in await sheets_visible_to(second_user, panel)] == [second.id]
    assert await progress_visible_to(first_user, panel) is None
    assert not [d for d in await history_visible_to(first_user, project.id) if d.action == "SUBMIT_SHEET"]
    # the organiser sees progress, not contents before closing
    assert await progress_visible_to(await user_id("data"), panel) == {"accepted": 3, "submitted": 1}
    # after closing everyone on the panel sees every sheet
    for seat in seats[::2]:
        await _submit(seat, "0.7", "REVISE")
    panel = await Panel.get(id=panel.id)
    assert panel.status is PanelStatus.CLOSED
    assert len(await sheets_visible_to(first_user, panel)) == 3
    assert len([d for d in await history_visible_to(first_user, project.id) if d.action == "SUBMIT_SHEET"]) == 3


async def test_a_submitted_sheet_is_final_and_needs_the_second_factor(demo) -> None:
    panel = await _request(await _at_plan_review())
    seat = (await _accept_all(panel))[0]
    who = await _expert_user(seat.expert_id)
    with pytest.raises(ActionRefused) as wrong_pin:
        await reviews.submit_sheet(
            acting=who,
            passwords=PASSWORDS,
            seat_id=seat.id,
            scores=_scores(Stage.PLAN_REVIEW, "0.8"),
            comment="",
            opinion="PASS",
            second_factor="000000",
            expected_version=None,
        )
    assert wrong_pin.value.code == "SECOND_FACTOR_INVALID"
    assert (await ScoreSheet.get(seat_id=seat.id)).status is SheetStatus.DRAFT
    await reviews.submit_sheet(
        acting=who,
        passwords=PASSWORDS,
        seat_id=seat.id,
        scores=_scores(Stage.PLAN_REVIEW, "0.8"),
        comment="",
        opinion="PASS",
        second_factor=PIN,
        expected_version=None,
    )
    sheet = await ScoreSheet.get(seat_id=seat.id)
    assert (sheet.status, sheet.confirmed_with) == (SheetStatus.SUBMITTED, "PIN")
    assert await AuditRecord.filter(action="SCORE_SUBMITTED", target_id=str(sheet.id)).exists()
    for attempt in (
        reviews.save_draft(
            acting=await _expert_user(seat.expert_id), seat_id=seat.id, scores={}, expected_version=None
        ),
        reviews.submit_sheet(
            acting=await _expert_user(seat.expert_id),
            passwords=PASSWORDS,
            seat_id=seat.id,
            scores=_scores(Stage.PLAN_REVIEW, "0.1"),
            comment="",
            opinion="FAIL",
            second_factor=PIN,
            expected_version=None,
        ),
    ):
        with pytest.raises(ActionRefused) as final:
            await attempt
        assert final.value.code == "SHEET_FINAL"
    assert (await ScoreSheet.get(seat_id=seat.id)).total == sheet.total


async def test_bad_scores_and_stale_drafts_are_typed_errors(demo) -> None:
    panel = await _request(await _at_plan_review())
    seat = (await _accept_all(panel))[0]
    who = await _expert_user(seat.expert_id)
    criterion = rubric_for(Stage.PLAN_REVIEW).criteria[0]
    with pytest.raises(ActionRefused) as above:
        await reviews.save_draft(
            acting=who, seat_id=seat.id, scores={criterion.key: str(criterion.max_points + 1)}, expected_version=1
        )
    assert above.value.field == f"scores.{criterion.key}"
    await reviews.save_draft(
        acting=await _expert_user(seat.expert_id), seat_id=seat.id, scores={criterion.key: "1"}, expected_version=1
    )
    with pytest.raises(ActionRefused) as stale:
        await reviews.save_draft(
            acting=await _expert_user(seat.expert_id), seat_id=seat.id, scores={criterion.key: "2"}, expected_version=1
        )
    assert stale.value.code == "VERSION_CONFLICT" and stale.value.params["current"]["scores"] == {criterion.key: "1"}


async def test_closing_feeds_the_stage_and_the_process_moves_on(demo) -> None:
    project = await _at_plan_review()
    panel = await run_panel(project, opinion="REVISE")
    assert (panel.status, panel.opinion) == (PanelStatus.CLOSED, "REVISE")
    assert panel.panel_score is not None
    assert await ScoreEntry.filter(project_id=project.id, rule="REVIEW_RESULT", points=Decimal(-10)).exists()
    step = await StepRun.get(project_id=project.id, step_key="expert_scoring")
    assert step.status is StepStatus.DONE
    assert await StepRun.filter(
        project_id=project.id, step_key="plan_review_conclusion", status=StepStatus.ACTIVE
    ).exists()
    assert not await Task.filter(project_id=project.id, kind=TaskKind.ORGANISE, status=TaskStatus.OPEN).exists()


async def test_the_organiser_closes_at_the_deadline_with_the_sheets_in(demo, frozen_clock) -> None:
    panel = await _request(await _at_plan_review())
    seats = await _accept_all(panel)
    for seat in seats[:2]:
        await _submit(seat, "0.8", "PASS")
    with pytest.raises(ActionRefused) as early:
        await reviews.close_panel(acting=await acting("data"), panel_id=panel.id, chair_summary="")
    assert early.value.code == "PANEL_NOT_READY"
    frozen_clock.advance(days=15)  # past 2 + 5 working days, weekends included
    closed = await reviews.close_panel(acting=await acting("data"), panel_id=panel.id, chair_summary="同意通过")
    assert closed.opinion == "PASS"
    with pytest.raises(ActionRefused) as expert_closes:
        await reviews.close_panel(acting=await _expert_user(seats[0].expert_id), panel_id=panel.id, chair_summary="")
    assert expert_closes.value.code == "FORBIDDEN"


async def test_outliers_are_flagged_and_performance_is_computed(demo) -> None:
    panel = await _request(await _at_plan_review(), quotas=((None, 5),))
    seats = await _accept_all(panel)
    for seat, share in zip(seats, ["0.8", "0.82", "0.78", "0.8", "0.3"], strict=True):
        await _submit(seat, share, "PASS")
    panel = await Panel.get(id=panel.id)
    low = await ScoreSheet.get(seat_id=seats[-1].id)
    assert low.outlier and not (await ScoreSheet.get(seat_id=seats[0].id)).outlier
    assert Decimal(75) <= panel.panel_score <= Decimal(85)  # trimmed mean of five: the 30 is dropped
    await reviews.rate_expert(acting=await acting("data"), seat_id=seats[0].id, rating=5)
    figures = await expert_performance(expert_id=seats[-1].expert_id)
    assert figures.invitations == 1 and figures.outlier_count == 1 and figures.acceptance_rate == 1


async def test_price_assessment_is_set_against_the_request(demo) -> None:
    project = await declare(amount="3000000")
    consult = await Organisation.get(name="浙江求是工程咨询有限公司")
    result = await reviews.record_price_assessment(
        acting=await acting("expert2"),
        project_id=project.id,
        institution_id=consult.id,
        assessed_amount=Decimal("2750000"),
    )
    assert str(result.difference) == "-250000.00"
    with pytest.raises(ActionRefused) as other:
        await reviews.record_price_assessment(
            acting=await acting("expert"), project_id=project.id, institution_id=consult.id, assessed_amount=Decimal(1)
        )
    assert other.value.code == "FORBIDDEN"


async def test_implementation_plan_differences_side_by_side(demo) -> None:
    project = await declare()
    builder = await acting("builder")
    await reviews.submit_plan(
        acting=builder,
        project_id=project.id,
        kind="APPROVED",
        items=[("数据中台", Decimal(1200000)), ("移动端", Decimal(300000))],
    )
    await reviews.submit_plan(
        acting=await acting("builder"),
        project_id=project.id,
        kind="IMPLEMENTATION",
        items=[("数据中台", Decimal(1350000)), ("大屏展示", Decimal(200000))],
    )
    comparison = await reviews.plan_consistency(project_id=project.id)
    assert comparison is not None
    assert comparison.implementation_total > comparison.approved_total


async def test_pin_policy(demo) -> None:
    for bad in ("12345", "111111", "abcdef"):
        with pytest.raises(ActionRefused):
            await expert_library.set_pin(acting=await acting("expert"), passwords=PASSWORDS, pin=bad)
    await expert_library.set_pin(acting=await acting("expert"), passwords=PASSWORDS, pin="135790")
    assert await PASSWORDS.verify((await User.get(username="expert")).pin_hash, "135790")


@pytest.mark.parametrize("sent", [["necessity", 8], "8.5", 8, None])
def test_scores_that_are_not_a_json_object_are_refused_on_scores(sent: object) -> None:
    with pytest.raises(ReviewError) as refused:
        reviews._scores(sent)
    assert (refused.value.code, refused.value.field) == ("INVALID_SCORE", "scores")
