"""Who may do what, said once: small questions every area's flows and the schema's permission classes ask.

Answers are booleans; the caller raises its area's FORBIDDEN (or NOT_FOUND where saying FORBIDDEN would
tell a stranger that the thing exists)."""

from __future__ import annotations

from collections.abc import Iterable

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership


async def holds_center(user_id: int, center: CenterKind | str) -> bool:
    """The user holds this center (in any organisation)."""
    return await CenterMembership.filter(user_id=user_id, center=center).exists()


async def holds_any_center(user_id: int, centers: Iterable[CenterKind]) -> bool:
    return await CenterMembership.filter(user_id=user_id, center__in=list(centers)).exists()


async def acts_in_workflow(user_id: int) -> bool:
    """The user holds a center that acts (every center but audit, which only reads)."""
    return await CenterMembership.filter(user_id=user_id).exclude(center=CenterKind.AUDIT).exists()


async def centers_of(user_id: int) -> set[CenterKind]:
    return {CenterKind(c) for c in await CenterMembership.filter(user_id=user_id).values_list("center", flat=True)}


async def is_builder_of(user_id: int, builder_id: int) -> bool:
    """The user acts for the builder unit (建设单位) that owns a project."""
    return await CenterMembership.filter(
        user_id=user_id, center=CenterKind.BUILDER, organisation_id=builder_id
    ).exists()
