"""DataLoaders, created per request; each returns results in key order."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from domain.accounts.models import CenterMembership, Organisation
from domain.accounts.service import memberships_of, organisations_by_id


async def _organisations(ids: Sequence[int]) -> list[Organisation | None]:
    found = await organisations_by_id(ids=ids)
    return [found.get(i) for i in ids]


async def _memberships(user_ids: Sequence[int]) -> list[list[CenterMembership]]:
    found = await memberships_of(user_ids=user_ids)
    return [found.get(uid, []) for uid in user_ids]


class Loaders:
    def __init__(self) -> None:
        self.organisation_by_id: DataLoader[int, Organisation | None] = DataLoader(_organisations)
        self.memberships_by_user_id: DataLoader[int, list[CenterMembership]] = DataLoader(_memberships)
