"""Queries of the accounts area."""

from __future__ import annotations

from collections.abc import Sequence

from domain.accounts.kinds import CenterKind
from domain.accounts.models import CenterMembership, Organisation, User
from domain.accounts.rules import normalise_username


async def user_by_username(*, username: str) -> User | None:
    """The user with this (normalised) username, if any."""
    return await User.get_or_none(username=normalise_username(username))


async def memberships_of(*, user_ids: Sequence[int]) -> dict[int, list[CenterMembership]]:
    """Center memberships per user, in the order of the centers' enumeration."""
    order = {kind: i for i, kind in enumerate(CenterKind)}
    rows = await CenterMembership.filter(user_id__in=list(user_ids))
    result: dict[int, list[CenterMembership]] = {uid: [] for uid in user_ids}
    for row in sorted(rows, key=lambda m: (order[m.center], m.id)):
        result[row.user_id].append(row)
    return result


async def membership(*, user_id: int, center: CenterKind) -> CenterMembership | None:
    """The user's membership of one center, if they hold it."""
    return await CenterMembership.get_or_none(user_id=user_id, center=center)


async def organisations_by_id(*, ids: Sequence[int]) -> dict[int, Organisation]:
    """Organisations keyed by id."""
    return {o.id: o for o in await Organisation.filter(id__in=list(ids))}
