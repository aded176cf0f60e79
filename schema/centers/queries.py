"""The entry to each personal space."""

from __future__ import annotations

import strawberry

from domain.accounts.kinds import CenterKind as CenterKindValue
from schema.accounts.types import CenterKind
from schema.centers.types import Center
from schema.shared.context import Context
from schema.shared.errors import PublicError
from schema.shared.permissions import IsFullySignedIn, audit_denial, signed_in


@strawberry.type
class CenterQueries:
    @strawberry.field(
        permission_classes=[IsFullySignedIn],
        description="One of the signed-in user's centers; FORBIDDEN if they do not hold it.",
    )
    async def center(self, info: strawberry.Info, kind: CenterKind) -> Center:
        context: Context = info.context
        # Through the request's loader: `me { centers }` in the same request reads the same rows.
        mine = await context.loaders.memberships_by_user_id.load(signed_in(info).user.id)
        held = next((m for m in mine if m.center == CenterKindValue(kind)), None)
        if held is None:
            await audit_denial(context, "FORBIDDEN", "Query.center", center=CenterKindValue(kind).value)
            raise PublicError("FORBIDDEN", context.locale)
        return Center(membership=held)
