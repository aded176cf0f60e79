"""Expert review over GraphQL: drawing a panel, answering an invitation, score sheets (drafts and the
final one), closing a panel, the third-party price assessment and the plans' items."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from domain.projects.kinds import Stage as StageValue
from domain.reviews import flows as reviews
from domain.reviews.models import PanelStatus
from domain.reviews.queries import panels_for
from schema.reviews.inputs import (
    ClosePanelInput,
    PlanInput,
    PriceAssessmentInput,
    RequestPanelInput,
    RespondInvitationInput,
    ScoreSheetInput,
)
from schema.reviews.types import Panel
from schema.shared.actions import acting, action, object_key
from schema.shared.context import Context
from schema.shared.permissions import signed_in
from schema.shared.results import ActionDone, ProcessState, ReviewRefusal, state


@strawberry.type(
    description="The panel was drawn (or had been, under the same idempotency key): its seats, "
    "the experts excluded and why, and the reserves."
)
class PanelDrawn:
    state: ProcessState
    panel: Panel


@strawberry.type(description="The draft was kept: send `sheetVersion` back as the next expected version.")
class ScoreDraftSaved:
    state: ProcessState
    sheet_version: int
    running_total: Decimal = strawberry.field(description="The sum of the points scored so far.")


RequestPanelResult = Annotated[PanelDrawn | ReviewRefusal, strawberry.union("RequestPanelResult")]
RespondInvitationResult = Annotated[ActionDone | ReviewRefusal, strawberry.union("RespondInvitationResult")]
SaveScoreDraftResult = Annotated[ScoreDraftSaved | ReviewRefusal, strawberry.union("SaveScoreDraftResult")]
SubmitScoreSheetResult = Annotated[ActionDone | ReviewRefusal, strawberry.union("SubmitScoreSheetResult")]
ClosePanelResult = Annotated[ActionDone | ReviewRefusal, strawberry.union("ClosePanelResult")]
RecordPriceAssessmentResult = Annotated[ActionDone | ReviewRefusal, strawberry.union("RecordPriceAssessmentResult")]
SubmitPlanResult = Annotated[ActionDone | ReviewRefusal, strawberry.union("SubmitPlanResult")]

SHEET = {"passwords": "secondFactor"}


@strawberry.type
class ReviewMutations:
    @action("The data bureau draws an expert panel for a gate.", renames={"request": ""})
    async def request_panel(self, info: strawberry.Info, input: RequestPanelInput) -> RequestPanelResult:
        request = reviews.PanelRequest(
            stage=StageValue(input.stage),
            quotas=tuple((q.specialty, q.count) for q in input.quotas),
            review_date=input.review_date,
            respond_days=input.respond_days,
            score_days=input.score_days,
            employer_lookback_years=input.employer_lookback_years,
            exclude_earlier_panel=input.exclude_earlier_panel,
            min_performance=input.min_performance,
        )
        requested = await reviews.request_panel(
            acting=acting(info, input.idempotency_key),
            project_id=object_key(input.project_id, "Project", "projectId"),
            request=request,
        )
        views = await panels_for(user_id=signed_in(info).user.id, project_id=requested.state.project_id)
        drawn = next(v for v in views if v.stage == input.stage.value and v.status is not PanelStatus.CANCELLED)
        return PanelDrawn(state=state(requested.state), panel=Panel(view=drawn))

    @action("An expert accepts (no conflict) or declines.")
    async def respond_invitation(self, info: strawberry.Info, input: RespondInvitationInput) -> RespondInvitationResult:
        answered = await reviews.respond(
            acting=acting(info, input.idempotency_key),
            seat_id=object_key(input.seat_id, "Seat", "seatId"),
            accept=input.accept,
            no_conflict=input.no_conflict,
            reason=input.reason,
        )
        return ActionDone(state=state(answered.state))

    @action("Keep a partial score sheet (versioned); answers the new version and the running total.")
    async def save_score_draft(self, info: strawberry.Info, input: ScoreSheetInput) -> SaveScoreDraftResult:
        saved = await reviews.save_draft(
            acting=acting(info, input.idempotency_key),
            seat_id=object_key(input.seat_id, "Seat", "seatId"),
            scores=input.scores,
            comment=input.comment,
            opinion=input.opinion,
            expected_version=input.expected_version,
        )
        return ScoreDraftSaved(
            state=state(saved.state), sheet_version=saved.sheet_version, running_total=saved.running_total
        )

    @action("Submit the final sheet, confirmed by PIN or code.")
    async def submit_score_sheet(self, info: strawberry.Info, input: ScoreSheetInput) -> SubmitScoreSheetResult:
        context: Context = info.context
        submitted = await reviews.submit_sheet(
            acting=acting(info, input.idempotency_key),
            passwords=context.auth.passwords,
            seat_id=object_key(input.seat_id, "Seat", "seatId"),
            scores=input.scores,
            comment=input.comment,
            opinion=input.opinion or "",
            second_factor=input.second_factor or "",
            expected_version=input.expected_version,
        )
        return ActionDone(state=state(submitted.state))

    @action("The organiser closes a panel at its deadline.")
    async def close_panel(self, info: strawberry.Info, input: ClosePanelInput) -> ClosePanelResult:
        closed = await reviews.close_panel(
            acting=acting(info, input.idempotency_key),
            panel_id=object_key(input.panel_id, "Panel", "panelId"),
            chair_summary=input.chair_summary,
        )
        return ActionDone(state=state(closed.state))

    @action("A third party's assessment of the quoted price.")
    async def record_price_assessment(
        self, info: strawberry.Info, input: PriceAssessmentInput
    ) -> RecordPriceAssessmentResult:
        assessed = await reviews.record_price_assessment(
            acting=acting(info, input.idempotency_key),
            project_id=object_key(input.project_id, "Project", "projectId"),
            institution_id=object_key(input.institution_id, "Organisation", "institutionId"),
            assessed_amount=input.assessed_amount,
            note=input.note,
        )
        return ActionDone(state=state(assessed.state))

    @action("The approved or the implementation plan's items.")
    async def submit_plan(self, info: strawberry.Info, input: PlanInput) -> SubmitPlanResult:
        submitted = await reviews.submit_plan(
            acting=acting(info, input.idempotency_key),
            project_id=object_key(input.project_id, "Project", "projectId"),
            kind=input.kind,
            items=[(item.name, item.amount) for item in input.items],
        )
        return ActionDone(state=state(submitted.state))
