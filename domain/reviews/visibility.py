"""Blind scoring: before a panel closes, an expert sees only their own sheet, by any path."""

from __future__ import annotations

from domain.accounts.kinds import CenterKind
from domain.accounts.policies import holds_any_center
from domain.reviews.models import Panel, PanelSeat, PanelStatus, ScoreSheet, SeatStatus
from domain.workflow.models import Decision

OVERSIGHT = (CenterKind.DATA, CenterKind.AUDIT)
SHEET_ACTIONS = ("SUBMIT_SHEET",)


async def _oversees(user_id: int) -> bool:
    return await holds_any_center(user_id, OVERSIGHT)


async def _seated(user_id: int, panel_id: int) -> bool:
    return await PanelSeat.filter(panel_id=panel_id, expert__user_id=user_id, status=SeatStatus.ACCEPTED).exists()


async def sheets_visible_to(user_id: int, panel: Panel) -> list[ScoreSheet]:
    """Open panel: only the user's own sheet. Closed: every sheet, for its experts and the oversight centers."""
    if panel.status is not PanelStatus.CLOSED:
        return await ScoreSheet.filter(seat__panel_id=panel.id, seat__expert__user_id=user_id)
    if await _seated(user_id, panel.id) or await _oversees(user_id):
        return await ScoreSheet.filter(seat__panel_id=panel.id).order_by("seat_id")
    return []


async def progress_visible_to(user_id: int, panel: Panel) -> dict[str, int] | None:
    """How many sheets are in: for the organising and auditing centers, never for the experts of an open panel."""
    if not await _oversees(user_id):
        return None
    submitted = await ScoreSheet.filter(seat__panel_id=panel.id, status="SUBMITTED").count()
    accepted = await PanelSeat.filter(panel_id=panel.id, status=SeatStatus.ACCEPTED).count()
    return {"accepted": accepted, "submitted": submitted}


async def history_visible_to(user_id: int, project_id: int) -> list[Decision]:
    """A project's decisions, without the sheet submissions of panels still open to a user who is not oversight."""
    decisions = await Decision.filter(project_id=project_id).order_by("id")
    if await _oversees(user_id):
        return decisions
    open_panels = set(
        await Panel.filter(project_id=project_id).exclude(status=PanelStatus.CLOSED).values_list("id", flat=True)
    )
    return [d for d in decisions if not (d.action in SHEET_ACTIONS and d.detail.get("panel") in open_panels)]
