"""Queries of the accounts area."""

from __future__ import annotations

from collections.abc import Sequence

from domain.accounts.kinds import CenterKind, OrganisationKind
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


ORGANISATION_FIELDS = ("id", "name", "kind", "contact_person", "contact_phone", "address")


async def organisation_page(
    *, kind: OrganisationKind, search: str | None, after_id: int | None, limit: int
) -> tuple[list[dict], int]:
    """A page of the organisation directory of one kind (by id), `limit + 1` rows to tell a next page, and the total."""
    query = Organisation.filter(kind=kind)
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    total = await query.count()
    if after_id is not None:
        query = query.filter(id__gt=after_id)
    rows = await query.order_by("id").limit(limit + 1).values(*ORGANISATION_FIELDS)
    return rows, total
