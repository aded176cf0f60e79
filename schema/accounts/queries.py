"""Queries of accounts: who am I, the organisation directory, and colleagues to hand work to."""

from __future__ import annotations

import strawberry
from tortoise.expressions import Q, Subquery

from domain.accounts import kinds
from domain.accounts.models import CenterMembership
from domain.accounts.models import User as UserRow
from domain.accounts.service import organisation_page
from schema.accounts.types import Me, Organisation, OrganisationKind, User
from schema.shared.pagination import Connection, Edge, PageInfo, after_key, cursor, page_size
from schema.shared.permissions import IsFullySignedIn, IsSignedIn, signed_in


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[IsSignedIn], description="The signed-in user and their centers.")
    async def me(self, info: strawberry.Info) -> Me:
        return Me(user=User(row=signed_in(info).user))

    @strawberry.field(
        permission_classes=[IsFullySignedIn],
        description="The organisation directory of one kind, for pickers (vendors, supervisors, third-party "
        "institutions...), by name; paginated.",
    )
    async def organisations(
        self,
        info: strawberry.Info,
        kind: OrganisationKind,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Organisation]:
        locale = info.context.locale
        limit = page_size(first, locale)
        rows, total = await organisation_page(
            kind=kinds.OrganisationKind(kind.value if hasattr(kind, "value") else kind),
            search=search,
            after_id=after_key(after, locale),
            limit=limit,
        )
        edges = [Edge(cursor=cursor(row["id"]), node=Organisation(row=row)) for row in rows[:limit]]
        return Connection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > limit, end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )


@strawberry.type
class ColleagueQueries:
    @strawberry.field(
        permission_classes=[IsFullySignedIn],
        description="People of your centers' organisations you may transfer to, delegate to or add as signer.",
    )
    async def colleagues(self, info: strawberry.Info, search: str | None = None, first: int | None = 20) -> list[User]:
        me = signed_in(info).user
        limit = page_size(first, info.context.locale)
        mine = await CenterMembership.filter(user_id=me.id).values_list("center", "organisation_id")
        if not mine:
            return []
        same = Q(*[Q(center=center, organisation_id=organisation) for center, organisation in mine], join_type="OR")
        users = CenterMembership.filter(same).exclude(user_id=me.id).values_list("user_id", flat=True)
        query = UserRow.filter(id__in=Subquery(users), is_active=True)
        if search and search.strip():
            query = query.filter(display_name__icontains=search.strip()[:50])
        return [User(row=row) for row in await query.order_by("display_name").limit(limit)]
