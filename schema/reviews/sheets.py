"""An expert's own score sheet with its rubric: never anyone else's before the panel closes."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from domain.projects.kinds import Stage
from domain.reviews.models import Panel, PanelSeat, ScoreSheet
from domain.reviews.rules import rubric_for, running_total
from schema.projects.types import Project
from schema.shared import ids
from schema.shared.permissions import IsFullySignedIn, signed_in


@strawberry.type
class RubricCriterion:
    key: str
    name: str
    name_en: str
    max_points: Decimal
    guidance: str


@strawberry.type(description="The signed-in expert's sheet for one seat, with the rubric to fill it in.")
class ScoreSheetView:
    seat_id: strawberry.ID
    panel_status: str
    status: str
    version: int
    scores: JSON
    comment: str
    opinion: str | None
    running_total: Decimal
    criteria: list[RubricCriterion]
    project_id: strawberry.Private[int]

    @strawberry.field(
        description="The project being scored, with its materials (the plan to read beside the criteria)."
    )
    async def project(self, info: strawberry.Info) -> Project | None:
        row = await info.context.loaders.project_by_id.load(self.project_id)
        return Project(row=row) if row else None


async def seat_ids_for(user_id: int, project_ids: list[int]) -> dict[int, int]:
    """The latest seat of this expert on each project (invitation or accepted)."""
    rows = (
        await PanelSeat.filter(expert__user_id=user_id, panel__project_id__in=project_ids)
        .order_by("id")
        .values("id", "panel__project_id")
    )
    return {row["panel__project_id"]: row["id"] for row in rows}


@strawberry.type
class SheetQueries:
    @strawberry.field(permission_classes=[IsFullySignedIn], description="Your own score sheet (null if not yours).")
    async def score_sheet(self, info: strawberry.Info, seat_id: strawberry.ID) -> ScoreSheetView | None:
        key = ids.decode(seat_id, "Seat")
        seat = await PanelSeat.get_or_none(id=key, expert__user_id=signed_in(info).user.id) if key else None
        if seat is None:
            return None
        panel = await Panel.get(id=seat.panel_id)
        rubric = rubric_for(Stage(panel.stage))
        sheet = await ScoreSheet.get_or_none(seat_id=seat.id)
        scores = {k: Decimal(v) for k, v in (sheet.scores if sheet else {}).items()}
        return ScoreSheetView(
            seat_id=seat_id,
            panel_status=panel.status.value,
            status=sheet.status.value if sheet else "NOT_ACCEPTED",
            version=sheet.version if sheet else 0,
            scores=JSON({k: str(v) for k, v in scores.items()}),
            comment=sheet.comment if sheet else "",
            opinion=sheet.opinion if sheet else None,
            running_total=running_total(rubric, scores),
            project_id=panel.project_id,
            criteria=[
                RubricCriterion(key=c.key, name=c.name, name_en=c.name_en, max_points=c.max_points, guidance=c.guidance)
                for c in rubric.criteria
            ],
        )
