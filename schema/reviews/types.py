"""Expert panels as GraphQL types: what a reader may see of the draw, its people, progress and result."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from domain.projects.kinds import Stage as StageValue
from domain.reviews import models, queries
from schema.projects.types import Stage
from schema.shared import ids

PanelStatus = models.PanelStatus
strawberry.enum(PanelStatus, name="PanelStatus")
SeatStatus = models.SeatStatus
strawberry.enum(SeatStatus, name="SeatStatus")


@strawberry.type(description="A seat of the panel (oversight only: the data bureau, finance, DRC and audit).")
class PanelSeatView:
    seat: strawberry.Private[queries.SeatView]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Seat", self.seat.seat_id))

    @strawberry.field
    def expert_name(self) -> str:
        return self.seat.expert_name

    @strawberry.field(description="Which quota (specialty) of the request the seat fills, from 0.")
    def quota_index(self) -> int:
        return self.seat.quota_index

    @strawberry.field
    def status(self) -> SeatStatus:
        return self.seat.status

    @strawberry.field
    def is_chair(self) -> bool:
        return self.seat.is_chair

    @strawberry.field
    def responded_at(self) -> datetime | None:
        return self.seat.responded_at

    @strawberry.field
    def decline_reason(self) -> str:
        return self.seat.decline_reason

    @strawberry.field(description="Whether the expert's sheet is in (never its scores before the panel closes).")
    def sheet_submitted(self) -> bool:
        return self.seat.sheet_submitted


@strawberry.type(description="An expert left out of the draw, with the reasons (conflict, unavailable, ...).")
class PanelExclusion:
    expert_name: str
    reasons: list[str]


@strawberry.type(description="How far the panel has got (oversight only).")
class PanelProgress:
    invited: int
    accepted: int
    declined: int
    expired: int
    submitted: int


@strawberry.type(description="The panel's result once it closed: trimmed mean, outliers, opinion, chair summary.")
class PanelResult:
    panel_score: Decimal
    opinion: str = strawberry.field(description="PASS, REVISE or FAIL.")
    chair_summary: str
    sheets: int
    outliers: int
    closed_at: datetime


@strawberry.type(description="An expert panel of a review gate, as the reader may see it.")
class Panel:
    view: strawberry.Private[queries.PanelView]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Panel", self.view.panel_id))

    @strawberry.field
    def project_id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Project", self.view.project_id))

    @strawberry.field
    def stage(self) -> Stage:
        return StageValue(self.view.stage)

    @strawberry.field
    def status(self) -> PanelStatus:
        return self.view.status

    @strawberry.field
    def review_date(self) -> date:
        return self.view.review_date

    @strawberry.field
    def respond_by(self) -> datetime:
        return self.view.respond_by

    @strawberry.field
    def score_by(self) -> datetime:
        return self.view.score_by

    @strawberry.field(description="The draw's seed, so anyone with oversight can replay it; null for others.")
    def seed(self) -> str | None:
        return self.view.seed

    @strawberry.field(description="Seats with their experts: oversight only, empty for everyone else.")
    def seats(self) -> list[PanelSeatView]:
        return [PanelSeatView(seat=s) for s in self.view.seats]

    @strawberry.field(description="Experts excluded from the draw and why: oversight only.")
    def exclusions(self) -> list[PanelExclusion]:
        return [PanelExclusion(expert_name=e.expert_name, reasons=list(e.reasons)) for e in self.view.exclusions]

    @strawberry.field(description="Reserve experts, in the order they replace a decline: oversight only.")
    def reserves(self) -> list[str]:
        return list(self.view.reserves)

    @strawberry.field
    def progress(self) -> PanelProgress | None:
        p = self.view.progress
        if p is None:
            return None
        return PanelProgress(
            invited=p.invited, accepted=p.accepted, declined=p.declined, expired=p.expired, submitted=p.submitted
        )

    @strawberry.field(description="Null until the panel closes.")
    def result(self) -> PanelResult | None:
        r = self.view.result
        if r is None:
            return None
        return PanelResult(
            panel_score=r.panel_score,
            opinion=r.opinion,
            chair_summary=r.chair_summary,
            sheets=r.sheets,
            outliers=r.outliers,
            closed_at=r.closed_at,
        )
