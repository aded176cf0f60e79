"""The strawberry ASGI view: builds the typed context per request, JSON as text."""

from __future__ import annotations

from typing import Any

import orjson
import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from domain.accounts.flows import Authenticator
from domain.accounts.tokens import InvalidAccessToken
from domain.audit.service import Origin
from schema.context import Context, RateLimiter
from schema.loaders import Loaders
from schema.messages import pick_locale


def _json_default(value: Any) -> Any:
    raise TypeError(f"cannot encode {type(value).__name__}")


class QuanchengGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        schema: strawberry.Schema,
        *,
        auth: Authenticator,
        login_limiter: RateLimiter,
        ide: bool,
        allowed_origins: tuple[str, ...],
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if ide else None,
            allow_queries_via_get=False,
            multipart_uploads_enabled=False,
            allowed_origins=allowed_origins,
        )
        self.auth = auth
        self.login_limiter = login_limiter

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        client = request.client.host if request.client else None
        context = Context(
            auth=self.auth,
            login_limiter=self.login_limiter,
            origin=Origin(ip=client, device=request.headers.get("user-agent")),
            locale=pick_locale(request.headers.get("accept-language")),
            loaders=Loaders(),
        )
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if header:
            if scheme.lower() != "bearer" or not token.strip():
                context.token_refused = True
            else:
                try:
                    context.principal = await self.auth.authenticate(token.strip())
                except InvalidAccessToken:
                    context.token_refused = True
        return context

    def encode_json(self, data: object) -> str:
        # str, not bytes: bytes would turn websocket frames binary.
        return orjson.dumps(data, default=_json_default).decode()

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)
