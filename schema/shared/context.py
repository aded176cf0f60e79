"""The typed per-request context: who is asking, from where, and the request's DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from domain import clock
from domain.accounts.flows import Authenticator, Principal
from domain.audit.service import Origin
from domain.calendar import WorkingCalendar, china_today
from domain.calendar.service import current_calendar
from domain.projects.materials import MaterialStore
from domain.projects.previews import PreviewTokens
from domain.projects.uploads import PartialUploads
from schema.shared.loaders import Loaders


class LiveFeed(Protocol):
    """Updates for one user as they happen (an outbox event concerning them)."""

    def subscribe(self, user_id: int) -> AsyncIterator[Any]: ...


class RateLimiter(Protocol):
    """Counts hits per key in a fixed window; says whether this hit is still allowed."""

    async def hit(self, key: str) -> bool: ...


@dataclass(slots=True)
class Context:
    auth: Authenticator
    login_limiter: RateLimiter
    origin: Origin
    locale: str
    principal: Principal | None = None
    # A token was sent but refused (expired, forged, ended session).
    token_refused: bool = False
    loaders: Loaders = field(default_factory=Loaders)
    live: LiveFeed | None = None
    materials: MaterialStore | None = None
    # Signs the preview links of materials (MaterialView.previewUrl).
    previews: PreviewTokens | None = None
    # Files sent in byte ranges (/uploads), attached by uploadMaterial(input: {uploadId}).
    uploads: PartialUploads | None = None
    max_upload_bytes: int = 20_000_000
    # Set from the websocket's connection_init payload (graphql-transport-ws).
    connection_params: dict[str, Any] | None = None
    # WeChat / DingTalk sign-in code exchangers, by provider (absent: that sign-in is disabled here).
    identity: dict[str, Any] | None = None
    # What channels run here and what clients may know (schema.centers.notify.Public).
    public: Any = None
    _calendar: asyncio.Future[WorkingCalendar] | None = None

    async def calendar(self) -> WorkingCalendar:
        """The working calendar, read once per request (concurrent resolvers share the one read)."""
        if self._calendar is None:
            self._calendar = asyncio.ensure_future(current_calendar())
        return await self._calendar

    @property
    def today(self) -> date:
        return china_today(clock.now())
