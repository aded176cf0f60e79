"""Who may see a project: decided here, for every query, node lookup and flow of the projects area."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q, Subquery

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership
from domain.db import column
from domain.projects.models import Project
from domain.workflow.models import Task, TaskKind

SEE_ALL = frozenset({CenterKind.DATA, CenterKind.FINANCE, CenterKind.DRC, CenterKind.AUDIT})
READ_ONLY = frozenset({CenterKind.AUDIT})
# Centers that see the internal deliberation (decisions, comments, scores) of the projects they see.
INTERNAL = frozenset({CenterKind.DATA, CenterKind.FINANCE, CenterKind.DRC, CenterKind.AUDIT, CenterKind.BUILDER})
# An expert panel's members are named only to oversight (SEE_ALL): never to applicants, vendors or other experts.
PANEL_TASKS = frozenset({TaskKind.SCORE, TaskKind.INVITATION})


async def _expert_project_ids(user_id: int) -> list[int]:
    """Projects an expert works on: panels they accepted, or expert work assigned to them (price assessment)."""
    from domain.reviews.models import PanelSeat, SeatStatus  # reviews build on projects, not the reverse

    seated = await column(
        PanelSeat.filter(expert__user_id=user_id, status=SeatStatus.ACCEPTED).values_list(
            "panel__project_id", flat=True
        )
    )
    working = await column(
        Task.filter(assignee_id=user_id, center=CenterKind.EXPERT, kind=TaskKind.ACTION).values_list(
            "project_id", flat=True
        )
    )
    return sorted({*seated, *(p for p in working if p is not None)})


def visibility(membership: CenterMembership) -> Q:
    """The projects one membership sees, as a filter on projects: a condition or a subquery, never a list of ids.

    A list of every visible id fails at city scale (asyncpg binds at most 32,767 parameters) and is slow
    long before that.
    """
    center = CenterKind(membership.center)
    org = membership.organisation_id
    if center in SEE_ALL:
        return Q()
    if center is CenterKind.BUILDER:
        return Q(builder_id=org)
    if center is CenterKind.SUPERVISOR:
        return Q(supervisor_id=org)
    if center is CenterKind.VENDOR:
        return Q(vendor_id=org)
    from domain.reviews.models import PanelSeat, SeatStatus  # reviews build on projects, not the reverse

    seated = PanelSeat.filter(expert__user_id=membership.user_id, status=SeatStatus.ACCEPTED)
    working = Task.filter(
        assignee_id=membership.user_id, center=CenterKind.EXPERT, kind=TaskKind.ACTION, project_id__isnull=False
    )
    return Q(id__in=Subquery(seated.values("panel__project_id"))) | Q(id__in=Subquery(working.values("project_id")))


def visibility_over(membership: CenterMembership, field: str = "project_id") -> Q:
    """The same filter on rows that name a project in `field` (steps, tasks, findings, resources)."""
    if CenterKind(membership.center) in SEE_ALL:
        return Q()
    within: dict[str, Any] = {f"{field}__in": Subquery(Project.filter(visibility(membership)).values("id"))}
    return Q(**within)


async def visible_filter(user_id: int, center: CenterKind) -> Q | None:
    """The projects a user sees through one of their centers, as a filter; None when they do not hold it."""
    membership = await CenterMembership.get_or_none(user_id=user_id, center=center)
    return None if membership is None else visibility(membership)


async def centers_seeing(user_id: int, project: Project) -> set[CenterKind]:
    """The user's centers through which the project is visible (empty: not visible)."""
    seeing: set[CenterKind] = set()
    for membership in await CenterMembership.filter(user_id=user_id):
        center = CenterKind(membership.center)
        org = membership.organisation_id
        if (
            center in SEE_ALL
            or (center is CenterKind.BUILDER and org == project.builder_id)
            or (center is CenterKind.SUPERVISOR and org == project.supervisor_id)
            or (center is CenterKind.VENDOR and org == project.vendor_id)
            or (center is CenterKind.EXPERT and project.id in await _expert_project_ids(user_id))
        ):
            seeing.add(center)
    return seeing


async def may_see(user_id: int, project: Project) -> bool:
    return bool(await centers_seeing(user_id, project))


async def sees_deliberation(user_id: int, project: Project) -> bool:
    """Visible through an internal center: its decisions, opinions, scores and materials."""
    return bool(await centers_seeing(user_id, project) & INTERNAL)


# Who reads a project's materials (电子档案): the internal centers, and the experts working on it (the plan
# they score), who still never see the deliberation (decisions, opinions, other experts).
MATERIAL_READERS = INTERNAL | {CenterKind.EXPERT}


async def reads_materials(user_id: int, project: Project) -> bool:
    return bool(await centers_seeing(user_id, project) & MATERIAL_READERS)


async def may_write(user_id: int, project: Project) -> bool:
    """Visible through at least one center that is not read-only (audit changes nothing but findings)."""
    return bool(await centers_seeing(user_id, project) - READ_ONLY)


# Acts of the expert library (third parties included) whose author is named to oversight only.
EXPERT_ACTIONS = frozenset({"PRICE_ASSESSMENT", "SUBMIT_SHEET"})

# What vendors and supervisors may read of a project's record: facts of their work, never deliberation.
PUBLIC_ACTIONS = frozenset({"DECLARE", "RECORD_CONTRACT", "ASSIGN_SUPERVISOR", "RECORD_PAYMENT", "VERIFY_RESOURCE"})


async def history_for(user_id: int, project: Project) -> list[dict]:
    """The project's record (decisions in order) as this user may read it; empty when not visible.

    Each row says whether the reader may see who acted (`actor_named`): oversight (the bureaus,
    finance, DRC, audit) sees everyone; the others never learn who acted for an expert seat (the
    panel stays anonymous to the applicant and to the other experts).
    """
    from domain.reviews.visibility import history_visible_to  # blind scoring filter lives with the reviews

    centers = await centers_seeing(user_id, project)
    if not centers:
        return []
    decisions = await history_visible_to(user_id, project.id)
    internal = bool(centers & INTERNAL) or CenterKind.EXPERT in centers
    oversight = bool(centers & SEE_ALL)
    task_ids = {d.task_id for d in decisions if d.task_id is not None}
    expert_seats = (
        set()
        if oversight or not task_ids
        else set(await Task.filter(id__in=task_ids, center=CenterKind.EXPERT).values_list("id", flat=True))
    )
    rows = [
        {
            "id": d.id,
            "action": d.action,
            "actor_id": d.actor_id,
            "on_behalf_of_id": d.on_behalf_of_id,
            "comment": d.comment,
            "at": d.at,
            "step_run_id": d.step_run_id,
            "actor_named": oversight or (d.task_id not in expert_seats and d.action not in EXPERT_ACTIONS),
            # The to-do it finished, for 满意度 and 取回; an expert seat's stays unnamed like its expert.
            "task_id": d.task_id if oversight or d.task_id not in expert_seats else None,
        }
        for d in decisions
        if internal or d.action in PUBLIC_ACTIONS
    ]
    if not internal:
        for row in rows:
            row["comment"] = ""
    return rows
