"""Subscriptions (graphql-transport-ws): what changed for the signed-in user, as it happens."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from schema.shared import ids
from schema.shared.context import Context
from schema.shared.permissions import IsFullySignedIn, signed_in


@strawberry.type(description="Something changed that concerns you: refresh the to-dos or the project.")
class LiveUpdate:
    kind: str
    project_id: strawberry.ID | None
    event_id: strawberry.ID


@strawberry.type
class Subscription:
    @strawberry.subscription(permission_classes=[IsFullySignedIn], description="Your to-dos and projects changing.")
    async def my_updates(self, info: strawberry.Info) -> AsyncGenerator[LiveUpdate, None]:
        context: Context = info.context
        if context.live is None:
            return
        async for event in context.live.subscribe(signed_in(info).user.id):
            yield LiveUpdate(
                kind=event.kind,
                project_id=strawberry.ID(ids.encode("Project", event.project_id)) if event.project_id else None,
                event_id=strawberry.ID(ids.encode("Event", event.event_id)),
            )
