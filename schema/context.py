"""The typed per-request context: who is asking, from where, and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from domain.accounts.flows import Authenticator, Principal
from domain.audit.service import Origin
from schema.loaders import Loaders


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
