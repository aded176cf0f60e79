"""Queries of accounts: who am I."""

from __future__ import annotations

import strawberry

from schema.accounts.types import Me, User
from schema.permissions import IsSignedIn, signed_in


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[IsSignedIn], description="The signed-in user and their centers.")
    async def me(self, info: strawberry.Info) -> Me:
        return Me(user=User(row=signed_in(info).user))
