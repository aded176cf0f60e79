"""Following a project: its news reaches the follower's inbox, whoever holds it."""

from __future__ import annotations

from domain import clock
from domain.projects.errors import ProjectError
from domain.projects.models import Project, ProjectFollow
from domain.projects.visibility import may_see


async def follow(*, user_id: int, project_id: int, follow: bool = True) -> None:
    """Follow a project the user can see, or stop; following twice is following once."""
    project = await Project.get_or_none(id=project_id)
    if project is None or not await may_see(user_id, project):
        raise ProjectError("NOT_FOUND", field="project_id")
    if follow:
        await ProjectFollow.get_or_create(project_id=project_id, user_id=user_id, defaults={"since": clock.now()})
    else:
        await ProjectFollow.filter(project_id=project_id, user_id=user_id).delete()
