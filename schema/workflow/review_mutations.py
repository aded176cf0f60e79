"""Expert review and project facts over GraphQL: panels, invitations, score sheets, amounts, payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from domain.projects import flows as projects
from domain.projects.kinds import Stage as StageValue
from domain.reviews import flows as reviews
from domain.reviews.models import PanelStatus
from domain.reviews.queries import panels_for
from schema.context import Context
from schema.permissions import IsFullySignedIn, signed_in
from schema.projects.types import Stage
from schema.reviews.types import Panel
from schema.workflow.mutations import object_key, run_action
from schema.workflow.types import ActionDone, ActionError, ProcessState

GUARD = [IsFullySignedIn]


def _result(name: str) -> Any:
    return Annotated[ActionDone | ActionError, strawberry.union(name)]


@strawberry.type(
    description="The panel was drawn (or had been, under the same idempotency key): its seats, "
    "the experts excluded and why, and the reserves."
)
class PanelDrawn:
    state: ProcessState
    panel: Panel


RequestPanelResult = Annotated[PanelDrawn | ActionError, strawberry.union("RequestPanelResult")]
RespondInvitationResult = _result("RespondInvitationResult")
SaveScoreDraftResult = _result("SaveScoreDraftResult")
SubmitScoreSheetResult = _result("SubmitScoreSheetResult")
ClosePanelResult = _result("ClosePanelResult")
ProjectFactResult = _result("ProjectFactResult")


@strawberry.input
class QuotaInput:
    specialty: str | None = None
    count: int


@strawberry.input
class RequestPanelInput:
    idempotency_key: str
    project_id: strawberry.ID
    stage: Stage  # type: ignore[valid-type]
    quotas: list[QuotaInput]
    review_date: date
    respond_days: int = 2
    score_days: int = 5
    employer_lookback_years: int = 3
    exclude_earlier_panel: bool = False
    min_performance: Decimal | None = None


@strawberry.input
class RespondInvitationInput:
    idempotency_key: str
    seat_id: strawberry.ID
    accept: bool
    no_conflict: bool = False
    reason: str = ""


@strawberry.input
class ScoreSheetInput:
    idempotency_key: str
    seat_id: strawberry.ID
    scores: JSON = strawberry.field(description="Criterion key to points, for example {necessity: 8.5}.")
    comment: str = ""
    opinion: str | None = None
    expected_version: int | None = None
    second_factor: str | None = strawberry.field(default=None, description="PIN or one-time code (submit only).")


@strawberry.input
class ClosePanelInput:
    idempotency_key: str
    panel_id: strawberry.ID
    chair_summary: str = ""


@strawberry.input
class AmountInput:
    idempotency_key: str
    project_id: strawberry.ID
    value: Decimal


@strawberry.enum(description="控制价: the software part (data bureau) or the hardware part (finance review centre).")
class ControlPricePart(Enum):
    SOFTWARE = "SOFTWARE"
    HARDWARE = "HARDWARE"


@strawberry.input
class ControlPriceInput:
    idempotency_key: str
    project_id: strawberry.ID
    part: ControlPricePart
    amount: Decimal


@strawberry.input
class ContractInput:
    idempotency_key: str
    project_id: strawberry.ID
    vendor_id: strawberry.ID
    value: Decimal
    supervisor_id: strawberry.ID | None = None


@strawberry.input
class PaymentInput:
    idempotency_key: str
    project_id: strawberry.ID
    value: Decimal
    milestone: str


@strawberry.type
class ReviewMutations:
    @strawberry.mutation(permission_classes=GUARD, description="The data bureau draws an expert panel for a gate.")
    async def request_panel(self, info: strawberry.Info, input: RequestPanelInput) -> RequestPanelResult:
        request = reviews.PanelRequest(
            stage=StageValue(input.stage), quotas=tuple((q.specialty, q.count) for q in input.quotas),
            review_date=input.review_date, respond_days=input.respond_days, score_days=input.score_days,
            employer_lookback_years=input.employer_lookback_years, exclude_earlier_panel=input.exclude_earlier_panel,
            min_performance=input.min_performance,
        )  # fmt: skip
        done = await run_action(
            info,
            input.idempotency_key,
            lambda acting: reviews.request_panel(
                acting=acting, project_id=object_key(input.project_id, "Project", "projectId"), request=request
            ),
        )
        if not isinstance(done, ActionDone):
            return done
        user_id = signed_in(info).user.id
        views = await panels_for(user_id=user_id, project_id=done.state.project_key)
        drawn = next(v for v in views if v.stage == input.stage.value and v.status is not PanelStatus.CANCELLED)
        return PanelDrawn(state=done.state, panel=Panel(view=drawn))

    @strawberry.mutation(permission_classes=GUARD, description="An expert accepts (no conflict) or declines.")
    async def respond_invitation(self, info: strawberry.Info, input: RespondInvitationInput) -> RespondInvitationResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: reviews.respond(
                acting=acting,
                seat_id=object_key(input.seat_id, "Seat", "seatId"),
                accept=input.accept,
                no_conflict=input.no_conflict,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Keep a partial score sheet (versioned).")
    async def save_score_draft(self, info: strawberry.Info, input: ScoreSheetInput) -> SaveScoreDraftResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: reviews.save_draft(
                acting=acting,
                seat_id=object_key(input.seat_id, "Seat", "seatId"),
                scores=dict(input.scores or {}),
                comment=input.comment,
                opinion=input.opinion,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Submit the final sheet, confirmed by PIN or code.")
    async def submit_score_sheet(self, info: strawberry.Info, input: ScoreSheetInput) -> SubmitScoreSheetResult:
        context: Context = info.context
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: reviews.submit_sheet(
                acting=acting,
                passwords=context.auth.passwords,
                seat_id=object_key(input.seat_id, "Seat", "seatId"),
                scores=dict(input.scores or {}),
                comment=input.comment,
                opinion=input.opinion or "",
                second_factor=input.second_factor or "",
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The organiser closes a panel at its deadline.")
    async def close_panel(self, info: strawberry.Info, input: ClosePanelInput) -> ClosePanelResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: reviews.close_panel(
                acting=acting,
                panel_id=object_key(input.panel_id, "Panel", "panelId"),
                chair_summary=input.chair_summary,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Finance sets the approved budget.")
    async def set_approved_budget(self, info: strawberry.Info, input: AmountInput) -> ProjectFactResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: projects.set_approved_budget(
                acting=acting, project_id=object_key(input.project_id, "Project", "projectId"), value=input.value
            ),
        )

    @strawberry.mutation(
        permission_classes=GUARD,
        description="控制价: the data bureau sets the software part, the finance review centre the hardware part.",
    )
    async def set_control_price(self, info: strawberry.Info, input: ControlPriceInput) -> ProjectFactResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: projects.set_control_price(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                part=input.part.value,
                value=input.amount,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="The builder records the contract (≤ budget).")
    async def record_contract(self, info: strawberry.Info, input: ContractInput) -> ProjectFactResult:
        supervisor = object_key(input.supervisor_id, "Organisation", "supervisorId") if input.supervisor_id else None
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: projects.record_contract(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                vendor_id=object_key(input.vendor_id, "Organisation", "vendorId"),
                value=input.value,
                supervisor_id=supervisor,
            ),
        )

    @strawberry.mutation(permission_classes=GUARD, description="Finance records a payment (total ≤ contract).")
    async def record_payment(self, info: strawberry.Info, input: PaymentInput) -> ProjectFactResult:
        return await run_action(
            info,
            input.idempotency_key,
            lambda acting: projects.record_payment(
                acting=acting,
                project_id=object_key(input.project_id, "Project", "projectId"),
                value=input.value,
                milestone=input.milestone,
            ),
        )
