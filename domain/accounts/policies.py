"""Who may do what, said once: small questions every area's flows and the schema's permission classes ask.

Answers are booleans; the caller raises its area's FORBIDDEN (or NOT_FOUND where saying FORBIDDEN would
tell a stranger that the thing exists)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership
from domain.db import column


class CenterAbility(StrEnum):
    """What a center's home offers its holder. The server says it (`me.centers.abilities`) so that the
    clients keep no lists of roles of their own."""

    DECLARE_PROJECTS = "DECLARE_PROJECTS"  # 申报: only this center may declare (projects.flows.declare)
    FOLLOW_PROJECTS = "FOLLOW_PROJECTS"  # the home lists the projects the center's organisation takes part in
    SEE_CHARTS = "SEE_CHARTS"  # the home charts the city's statistics (managing departments)


# The one center that declares projects: the builder unit (建设单位).
DECLARING_CENTER = CenterKind.BUILDER
ABILITIES: dict[CenterKind, frozenset[CenterAbility]] = {
    CenterKind.DATA: frozenset({CenterAbility.SEE_CHARTS}),
    CenterKind.FINANCE: frozenset({CenterAbility.SEE_CHARTS}),
    DECLARING_CENTER: frozenset({CenterAbility.DECLARE_PROJECTS, CenterAbility.FOLLOW_PROJECTS}),
    CenterKind.SUPERVISOR: frozenset({CenterAbility.FOLLOW_PROJECTS}),
    CenterKind.VENDOR: frozenset({CenterAbility.FOLLOW_PROJECTS}),
}


def abilities_of(center: CenterKind) -> list[CenterAbility]:
    """What the home of `center` offers, in a stable order."""
    return sorted(ABILITIES.get(center, frozenset()))


async def holds_center(user_id: int, center: CenterKind | str) -> bool:
    """The user holds this center (in any organisation)."""
    return await CenterMembership.filter(user_id=user_id, center=center).exists()


async def active_members(center: CenterKind) -> list[int]:
    """The active users who hold `center` (the data bureau organises panels and supervises, for example)."""
    return await column(
        CenterMembership.filter(center=center, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


async def holds_any_center(user_id: int, centers: Iterable[CenterKind]) -> bool:
    return await CenterMembership.filter(user_id=user_id, center__in=list(centers)).exists()


async def acts_in_workflow(user_id: int) -> bool:
    """The user holds a center that acts (every center but audit, which only reads)."""
    return await CenterMembership.filter(user_id=user_id).exclude(center=CenterKind.AUDIT).exists()


async def centers_of(user_id: int) -> set[CenterKind]:
    return {
        CenterKind(c) for c in await column(CenterMembership.filter(user_id=user_id).values_list("center", flat=True))
    }


async def is_builder_of(user_id: int, builder_id: int) -> bool:
    """The user acts for the builder unit (建设单位) that owns a project."""
    return await CenterMembership.filter(
        user_id=user_id, center=CenterKind.BUILDER, organisation_id=builder_id
    ).exists()
