"""Panels as each reader may see them: the draw and its people for oversight, the result only after closing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.accounts.policies import holds_any_center
from domain.experts.models import Expert
from domain.projects.models import Project
from domain.projects.visibility import SEE_ALL, sees_deliberation
from domain.reviews.models import Panel, PanelSeat, PanelStatus, ScoreSheet, SeatStatus, SheetStatus


@dataclass(frozen=True, slots=True)
class SeatView:
    seat_id: int
    expert_name: str
    quota_index: int
    status: SeatStatus
    is_chair: bool
    responded_at: datetime | None
    decline_reason: str
    sheet_submitted: bool


@dataclass(frozen=True, slots=True)
class Exclusion:
    expert_name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Progress:
    invited: int
    accepted: int
    declined: int
    expired: int
    submitted: int


@dataclass(frozen=True, slots=True)
class PanelResult:
    panel_score: Decimal
    opinion: str
    chair_summary: str
    sheets: int
    outliers: int
    closed_at: datetime


@dataclass(frozen=True, slots=True)
class PanelView:
    """A panel as one reader sees it: `seats`, `exclusions`, `reserves` and `progress` are oversight's only."""

    panel_id: int
    project_id: int
    stage: str
    status: PanelStatus
    review_date: date
    respond_by: datetime
    score_by: datetime
    quotas: tuple[tuple[str | None, int], ...]
    seed: str | None
    seats: tuple[SeatView, ...]
    exclusions: tuple[Exclusion, ...]
    reserves: tuple[str, ...]
    progress: Progress | None
    result: PanelResult | None


async def _oversees(user_id: int) -> bool:
    return await holds_any_center(user_id, SEE_ALL)


async def panels_for(*, user_id: int, project_id: int | None = None, panel_id: int | None = None) -> list[PanelView]:
    """The panels of a project (or one panel) that the user may see, newest first; a fixed number of queries."""
    query = Panel.all()
    if project_id is not None:
        query = query.filter(project_id=project_id)
    if panel_id is not None:
        query = query.filter(id=panel_id)
    panels = await query.order_by("-id")
    if not panels:
        return []
    projects = {p.id: p for p in await Project.filter(id__in={p.project_id for p in panels})}
    oversight = await _oversees(user_id)
    seats = await PanelSeat.filter(panel_id__in=[p.id for p in panels]).order_by("id")
    sheets = await ScoreSheet.filter(seat_id__in=[s.id for s in seats]).values("seat_id", "status", "outlier")
    sheet_by_seat = {row["seat_id"]: row for row in sheets}
    expert_ids = {s.expert_id for s in seats}
    if oversight:
        for panel in panels:
            expert_ids |= {int(e) for e in panel.exclusions}
            expert_ids |= {int(e) for ids in panel.reserve.values() for e in ids}
    names = dict(await Expert.filter(id__in=expert_ids).values_list("id", "name")) if expert_ids else {}
    own = set(
        await PanelSeat.filter(panel_id__in=[p.id for p in panels], expert__user_id=user_id).values_list(
            "panel_id", flat=True
        )
    )
    readers = {pid: oversight or await sees_deliberation(user_id, project) for pid, project in projects.items()}
    views = []
    for panel in panels:
        if not (panel.id in own or readers[panel.project_id]):
            continue  # vendors and supervisors never see the deliberation
        mine = [s for s in seats if s.panel_id == panel.id]
        views.append(_view(panel, mine, sheet_by_seat, names, oversight=oversight))
    return views


def _view(
    panel: Panel, seats: list[PanelSeat], sheets: dict[int, dict], names: dict[int, str], *, oversight: bool
) -> PanelView:
    counts = Counter(s.status for s in seats)
    submitted = sum(1 for s in seats if sheets.get(s.id, {}).get("status") == SheetStatus.SUBMITTED)
    result = None
    if panel.status is PanelStatus.CLOSED and panel.panel_score is not None and panel.closed_at is not None:
        closed_sheets = [sheets[s.id] for s in seats if s.id in sheets and sheets[s.id]["status"] == "SUBMITTED"]
        result = PanelResult(
            panel_score=Decimal(panel.panel_score),
            opinion=panel.opinion or "",
            chair_summary=panel.chair_summary,
            sheets=len(closed_sheets),
            outliers=sum(1 for row in closed_sheets if row["outlier"]),
            closed_at=panel.closed_at,
        )
    if not oversight:
        return PanelView(
            panel_id=panel.id,
            project_id=panel.project_id,
            stage=panel.stage.value,
            status=panel.status,
            review_date=panel.review_date,
            respond_by=panel.respond_by,
            score_by=panel.score_by,
            quotas=tuple((s, c) for s, c in panel.quotas),
            seed=None,
            seats=(),
            exclusions=(),
            reserves=(),
            progress=None,
            result=result,
        )
    return PanelView(
        panel_id=panel.id,
        project_id=panel.project_id,
        stage=panel.stage.value,
        status=panel.status,
        review_date=panel.review_date,
        respond_by=panel.respond_by,
        score_by=panel.score_by,
        quotas=tuple((s, c) for s, c in panel.quotas),
        seed=str(panel.seed),
        seats=tuple(
            SeatView(
                seat_id=s.id,
                expert_name=names.get(s.expert_id, ""),
                quota_index=s.quota_index,
                status=s.status,
                is_chair=s.is_chair,
                responded_at=s.responded_at,
                decline_reason=s.decline_reason,
                sheet_submitted=sheets.get(s.id, {}).get("status") == SheetStatus.SUBMITTED,
            )
            for s in seats
        ),
        exclusions=tuple(
            Exclusion(expert_name=names.get(int(e), ""), reasons=tuple(reasons))
            for e, reasons in sorted(panel.exclusions.items(), key=lambda item: int(item[0]))
        ),
        reserves=tuple(names.get(int(e), "") for ids in panel.reserve.values() for e in ids),
        progress=Progress(
            invited=counts[SeatStatus.INVITED],
            accepted=counts[SeatStatus.ACCEPTED],
            declined=counts[SeatStatus.DECLINED],
            expired=counts[SeatStatus.EXPIRED],
            submitted=submitted,
        ),
        result=result,
    )
