"""Who may see a project: decided here, for every query and flow of the projects area."""

from __future__ import annotations

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership
from domain.projects.models import Project
from domain.workflow.models import Task

SEE_ALL = frozenset({CenterKind.DATA, CenterKind.FINANCE, CenterKind.DRC, CenterKind.AUDIT})
READ_ONLY = frozenset({CenterKind.AUDIT})


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
        ) or (center is CenterKind.EXPERT and await Task.filter(project_id=project.id, assignee_id=user_id).exists()):
            seeing.add(center)
    return seeing


async def may_see(user_id: int, project: Project) -> bool:
    return bool(await centers_seeing(user_id, project))


async def may_write(user_id: int, project: Project) -> bool:
    """Visible through at least one center that is not read-only (audit changes nothing but findings)."""
    return bool(await centers_seeing(user_id, project) - READ_ONLY)
