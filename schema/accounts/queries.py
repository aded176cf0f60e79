"""Queries of accounts: who am I."""

from __future__ import annotations

import strawberry

from schema.accounts.types import Me, User
from schema.context import Context
from schema.permissions import IsSignedIn


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[IsSignedIn], description="The signed-in user and their centers.")
    async def me(self, info: strawberry.Info) -> Me:
        context: Context = info.context
        assert context.principal is not None
        return Me(user=User(row=context.principal.user))
