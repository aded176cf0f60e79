"""The global `node(id:)`: an object the user may not see answers exactly like one that does not exist."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.projects.models import Project as ProjectRow
from domain.projects.visibility import may_see
from domain.reviews.queries import panels_for
from domain.workflow.models import Task
from domain.workflow.queries import TASK_FIELDS
from schema.centers.types import Todo, todo_of
from schema.projects.types import Project
from schema.reviews.types import Panel
from schema.shared import ids
from schema.shared.context import Context
from schema.shared.permissions import IsFullySignedIn, signed_in

Node = Annotated[Project | Todo | Panel, strawberry.union("Node")]


async def resolve_node(info: strawberry.Info, global_id: strawberry.ID) -> Project | Todo | Panel | None:
    context: Context = info.context
    user_id = signed_in(info).user.id
    project_key = ids.decode(global_id, "Project")
    if project_key is not None:
        project = await ProjectRow.get_or_none(id=project_key)
        if project is None or not await may_see(user_id, project):
            return None
        row = await context.loaders.project_by_id.load(project_key)
        return Project(row=row) if row else None
    task_key = ids.decode(global_id, "Task")
    if task_key is not None:
        tasks = await Task.filter(id=task_key, assignee_id=user_id).values(*TASK_FIELDS)
        return await todo_of(context, tasks[0]) if tasks else None
    panel_key = ids.decode(global_id, "Panel")
    if panel_key is not None:
        views = await panels_for(user_id=user_id, panel_id=panel_key)
        return Panel(view=views[0]) if views else None
    return None


@strawberry.type
class NodeQueries:
    @strawberry.field(permission_classes=[IsFullySignedIn], description="Any object by its opaque ID, if visible.")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)
