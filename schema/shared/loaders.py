"""DataLoaders, created per request; each reads plain rows and returns results in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from domain.accounts.models import CenterMembership, Organisation, User
from domain.accounts.service import memberships_of
from domain.inbox.models import Delivery
from domain.projects.models import PROJECT_FIELDS, Project
from domain.workflow.models import StageRun
from domain.workflow.queries import active_steps_of, holders_of, steps_by_id

Row = dict[str, Any]


async def _organisations(ids: Sequence[int]) -> list[Row | None]:
    found = {
        row["id"]: row
        for row in await Organisation.filter(id__in=list(ids)).values(
            "id", "name", "kind", "contact_person", "contact_phone", "address"
        )
    }
    return [found.get(i) for i in ids]


async def _users(ids: Sequence[int]) -> list[Row | None]:
    found = {row["id"]: row for row in await User.filter(id__in=list(ids)).values("id", "display_name")}
    return [found.get(i) for i in ids]


async def _memberships(user_ids: Sequence[int]) -> list[list[CenterMembership]]:
    found = await memberships_of(user_ids=user_ids)
    return [found.get(uid, []) for uid in user_ids]


async def _projects(ids: Sequence[int]) -> list[Row | None]:
    found = {row["id"]: row for row in await Project.filter(id__in=list(ids)).values(*PROJECT_FIELDS)}
    return [found.get(i) for i in ids]


async def _steps(ids: Sequence[int]) -> list[Row | None]:
    found = await steps_by_id(list(ids))
    return [found.get(i) for i in ids]


async def _active_steps(project_ids: Sequence[int]) -> list[list[Row]]:
    found = await active_steps_of(list(project_ids))
    return [found.get(i, []) for i in project_ids]


async def _holders(step_ids: Sequence[int]) -> list[list[Row]]:
    found = await holders_of(list(step_ids))
    return [found.get(i, []) for i in step_ids]


async def _stage_runs(project_ids: Sequence[int]) -> list[list[Row]]:
    rows = await StageRun.filter(project_id__in=list(project_ids)).values(
        "project_id", "stage", "status", "opened_at", "closed_at"
    )
    grouped: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["project_id"]].append(row)
    return [grouped.get(i, []) for i in project_ids]


async def _seats(keys: Sequence[tuple[int, int]]) -> list[int | None]:
    from schema.reviews.sheets import seat_ids_for

    found: dict[tuple[int, int], int] = {}
    for user_id in {user for user, _ in keys}:
        projects = [project for user, project in keys if user == user_id]
        for project, seat in (await seat_ids_for(user_id, projects)).items():
            found[(user_id, project)] = seat
    return [found.get(key) for key in keys]


async def _deliberation_readers(keys: Sequence[tuple[int, int]]) -> list[bool]:
    """(user, project) -> the user sees the project's deliberation (an internal center sees it)."""
    from domain.projects.visibility import sees_deliberation

    projects = {p.id: p for p in await Project.filter(id__in=[project for _, project in keys])}
    return [project in projects and await sees_deliberation(user, projects[project]) for user, project in keys]


async def _material_readers(keys: Sequence[tuple[int, int]]) -> list[bool]:
    """(user, project) -> the user reads the project's materials (internal centers, its experts)."""
    from domain.projects.visibility import reads_materials

    projects = {p.id: p for p in await Project.filter(id__in=[project for _, project in keys])}
    return [project in projects and await reads_materials(user, projects[project]) for user, project in keys]


async def _escalations(task_ids: Sequence[int]) -> list[list[Any]]:
    from schema.projects.escalation import escalations_by_task  # the types live with the projects

    return await escalations_by_task(list(task_ids))


async def _deliveries(notification_ids: Sequence[int]) -> list[list[Row]]:
    found: dict[int, list[Row]] = defaultdict(list)
    for row in await Delivery.filter(notification_id__in=list(notification_ids)).order_by("id").values():
        found[row["notification_id"]].append(row)
    return [found.get(n, []) for n in notification_ids]


class Loaders:
    def __init__(self) -> None:
        self.organisation_by_id: DataLoader[int, Row | None] = DataLoader(_organisations)
        self.user_by_id: DataLoader[int, Row | None] = DataLoader(_users)
        self.memberships_by_user_id: DataLoader[int, list[CenterMembership]] = DataLoader(_memberships)
        self.project_by_id: DataLoader[int, Row | None] = DataLoader(_projects)
        self.step_by_id: DataLoader[int, Row | None] = DataLoader(_steps)
        self.active_steps_by_project_id: DataLoader[int, list[Row]] = DataLoader(_active_steps)
        self.holders_by_step_id: DataLoader[int, list[Row]] = DataLoader(_holders)
        self.stage_runs_by_project_id: DataLoader[int, list[Row]] = DataLoader(_stage_runs)
        self.seat_by_user_and_project: DataLoader[tuple[int, int], int | None] = DataLoader(_seats)
        self.reads_deliberation: DataLoader[tuple[int, int], bool] = DataLoader(_deliberation_readers)
        self.reads_materials: DataLoader[tuple[int, int], bool] = DataLoader(_material_readers)
        self.escalations_by_task_id: DataLoader[int, list[Any]] = DataLoader(_escalations)
        self.deliveries_by_notification_id: DataLoader[int, list[Row]] = DataLoader(_deliveries)
