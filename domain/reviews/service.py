"""Reading the expert library into the draw's candidates, and experts' performance from their history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from domain import clock
from domain.experts.models import Expert
from domain.reviews.models import (
    ExpertConflict,
    ExpertEmployment,
    ExpertUnavailability,
    Panel,
    PanelSeat,
    PanelStatus,
    ScoreSheet,
    SeatStatus,
)
from domain.reviews.rules import Candidate, Employment, Invitation, Performance, performance


async def candidates() -> list[Candidate]:
    """Every active expert with an account, as the draw sees them (a fixed number of queries)."""
    experts = await Expert.filter(user__is_active=True, user_id__isnull=False).values(
        "id", "specialties", "employer_id"
    )
    ids = [e["id"] for e in experts]
    employments: dict[int, list[Employment]] = defaultdict(list)
    for row in await ExpertEmployment.filter(expert_id__in=ids).values("expert_id", "organisation_id", "start", "end"):
        employments[row["expert_id"]].append(Employment(row["organisation_id"], row["start"], row["end"]))
    conflicts: dict[int, set[int]] = defaultdict(set)
    project_conflicts: dict[int, set[int]] = defaultdict(set)
    for row in await ExpertConflict.filter(expert_id__in=ids).values("expert_id", "organisation_id", "project_id"):
        if row["organisation_id"] is not None:
            conflicts[row["expert_id"]].add(row["organisation_id"])
        if row["project_id"] is not None:
            project_conflicts[row["expert_id"]].add(row["project_id"])
    unavailable: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for row in await ExpertUnavailability.filter(expert_id__in=ids).values("expert_id", "start", "end"):
        unavailable[row["expert_id"]].append((row["start"], row["end"]))
    earlier: dict[int, set[int]] = defaultdict(set)
    for row in await PanelSeat.filter(expert_id__in=ids, status=SeatStatus.ACCEPTED).values(
        "expert_id", "panel__project_id"
    ):
        earlier[row["expert_id"]].add(row["panel__project_id"])
    indices = await performance_indices(expert_ids=ids)
    result = []
    for expert in experts:
        jobs = list(employments[expert["id"]])
        if expert["employer_id"] and not any(
            j.end is None and j.organisation_id == expert["employer_id"] for j in jobs
        ):
            jobs.append(Employment(expert["employer_id"], date.min, None))
        result.append(
            Candidate(
                expert_id=expert["id"],
                specialties=frozenset(expert["specialties"] or []),
                employments=tuple(jobs),
                declared_conflicts=frozenset(conflicts[expert["id"]]),
                declared_project_conflicts=frozenset(project_conflicts[expert["id"]]),
                unavailable=tuple(unavailable[expert["id"]]),
                earlier_panels=frozenset(earlier[expert["id"]]),
                performance=indices.get(expert["id"]),
            )
        )
    return result


async def history(*, expert_ids: list[int]) -> dict[int, list[Invitation]]:
    """Every invitation of these experts, with what came of it (three queries)."""
    seats = await PanelSeat.filter(expert_id__in=expert_ids).values(
        "id",
        "expert_id",
        "status",
        "invited_at",
        "responded_at",
        "panel_id",
        "panel__score_by",
        "panel__panel_score",
        "panel__status",
    )
    sheets = {
        row["seat_id"]: row
        for row in await ScoreSheet.filter(seat_id__in=[s["id"] for s in seats]).values(
            "seat_id", "status", "total", "outlier", "submitted_at", "quality_rating"
        )
    }
    result: dict[int, list[Invitation]] = defaultdict(list)
    for seat in seats:
        sheet = sheets.get(seat["id"])
        done = sheet if sheet is not None and sheet["status"] == "SUBMITTED" else None
        closed = seat["panel__status"] == PanelStatus.CLOSED
        result[seat["expert_id"]].append(
            Invitation(
                expert_id=seat["expert_id"],
                invited_at=seat["invited_at"],
                accepted={SeatStatus.ACCEPTED: True, SeatStatus.DECLINED: False, SeatStatus.EXPIRED: False}.get(
                    SeatStatus(seat["status"])
                ),
                responded_at=seat["responded_at"],
                submitted_at=done["submitted_at"] if done else None,
                scoring_deadline=seat["panel__score_by"],
                total=Decimal(done["total"]) if done and done["total"] is not None else None,
                panel_score=Decimal(seat["panel__panel_score"]) if closed and seat["panel__panel_score"] else None,
                outlier=bool(sheet and sheet["outlier"]),
                quality_rating=sheet["quality_rating"] if sheet else None,
            )
        )
    return result


async def expert_performance(*, expert_id: int) -> Performance:
    """Figures as of now: an accepted invitation whose sheet is overdue counts as late."""
    return performance((await history(expert_ids=[expert_id])).get(expert_id, []), as_of=clock.now())


async def performance_indices(*, expert_ids: list[int]) -> dict[int, Decimal]:
    """The quality index of each expert that has history (no history: absent, never excluded)."""
    indices: dict[int, Decimal] = {}
    for expert_id, invitations in (await history(expert_ids=expert_ids)).items():
        figures = performance(invitations, as_of=clock.now())
        if figures.index is not None:
            indices[expert_id] = figures.index
    return indices


async def open_panel(*, project_id: int, stage: str) -> Panel | None:
    """The panel of a project's gate that is still inviting or scoring, if any."""
    running = [PanelStatus.INVITING, PanelStatus.SCORING]
    return await Panel.filter(project_id=project_id, stage=stage, status__in=running).first()
