"""The strawberry ASGI view: builds the typed context per request, JSON as text."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import orjson
import strawberry
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError

from api.answers import AnswerCache
from api.multipart import texts_are_utf8
from api.notify import Wiring
from api.trusted import TrustedDocuments, document_id
from domain import clock
from domain.accounts.flows import Authenticator, Principal
from domain.accounts.tokens import InvalidAccessToken
from domain.audit.service import Origin
from domain.calendar import china_today
from domain.db import database_stamp, is_outage
from domain.projects.materials import MaterialStore
from domain.projects.previews import PreviewTokens
from domain.projects.uploads import PartialUploads
from schema.compiled import HOME_SCREEN, home_screen
from schema.shared.context import Context, LiveFeed, RateLimiter
from schema.shared.loaders import Loaders
from schema.shared.messages import message, pick_locale

MAX_SUBSCRIPTIONS = 5  # per websocket: a phone needs one or two
RETRY_AFTER_SECONDS = 2

log = logging.getLogger("quancheng")


class EdgeError(HTTPException):
    """A request refused before GraphQL runs, with the stable code of the error contract."""

    def __init__(self, status_code: int, code: str, detail: str = "") -> None:
        super().__init__(status_code, detail or code)
        self.code = code


# strawberry's own refusals, by status.
_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE"}


def error_response(status: int, code: str, locale: str, *, detail: str | None = None) -> JSONResponse:
    """The one JSON shape of every refusal: {"errors": [{"message", "extensions": {"code", ...}}]}."""
    extensions: dict[str, object] = {"code": code}
    headers: dict[str, str] = {}
    if status == 503:
        extensions["retryable"] = True
        headers["retry-after"] = str(RETRY_AFTER_SECONDS)
    if detail and detail != code:
        extensions["detail"] = detail
    return JSONResponse({"errors": [{"message": message(code, locale), "extensions": extensions}]}, status, headers)


def _code_of(error: HTTPException) -> str:
    if isinstance(error, EdgeError):
        return error.code
    if error.reason == "Unable to parse request body as JSON":
        return "MALFORMED_JSON"
    return _CODES.get(error.status_code, "BAD_REQUEST")


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
        trusted: TrustedDocuments | None = None,
        trusted_only: bool = False,
        materials: MaterialStore | None = None,
        previews: PreviewTokens | None = None,
        uploads: PartialUploads | None = None,
        max_upload_bytes: int = 20_000_000,
        answers: AnswerCache | None = None,
        compiled: bool = True,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if ide else None,
            allow_queries_via_get=False,
            multipart_uploads_enabled=True,
            allowed_origins=allowed_origins,
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS,
            connection_init_wait_timeout=timedelta(seconds=10),
        )
        self.auth = auth
        self.login_limiter = login_limiter
        self.live: LiveFeed | None = None
        self.wiring: Wiring | None = None
        self.trusted = trusted or TrustedDocuments({})
        self.trusted_only = trusted_only
        self.materials = materials
        self.previews = previews
        self.uploads = uploads
        self.max_upload_bytes = max_upload_bytes
        self.answers = answers
        # The plan answers HomeScreen only where that text is registered (checked once, not per request).
        self.compiled = compiled and self.trusted.get(document_id(HOME_SCREEN)) == HOME_SCREEN

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Every HTTP answer is JSON in the error contract's shape, a database outage a 503."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        locale = pick_locale(request.headers.get("accept-language"))
        response: Response
        try:
            response = await self._answer(request, locale)
        except HTTPException as error:
            code = _code_of(error)
            detail = error.reason if code == "BAD_REQUEST" or isinstance(error, EdgeError) else None
            response = error_response(error.status_code, code, locale, detail=detail)
        except Exception as error:
            if not is_outage(error):
                raise  # GraphQLRequestGuard answers it (500 in the contract's shape) and logs it
            log.warning("database unavailable before GraphQL ran: %s", type(error).__name__)
            response = error_response(503, "SERVICE_UNAVAILABLE", locale)
        await response(scope, receive, send)

    async def _answer(self, request: Request, locale: str) -> Response:
        """Strawberry's answer; for the registered home documents, the kept answer while the data is unchanged
        (api/answers.py), and HomeScreen through its compiled plan (schema/compiled.py)."""
        fast = await self._home_request(request)
        if fast is None:
            return await self.run(request)
        text, raw, principal = fast
        answers, key, stamp = self.answers, None, ""
        if answers is not None and text in answers.texts:
            today = china_today(clock.now())
            variables = orjson.dumps(raw.get("variables"), option=orjson.OPT_SORT_KEYS)
            key = (text, variables, raw.get("operationName"), principal.user.id, principal.scope, locale, today)
            stamp = await database_stamp()
            kept = answers.get(key, stamp)
            if kept is not None:
                return Response(kept, media_type="application/json")
        body = None
        if self.compiled and text == HOME_SCREEN and raw.get("operationName") in (None, "HomeScreen"):
            body = await home_screen(principal.user, principal.fully_signed_in, raw.get("variables"))
        response = Response(body, media_type="application/json") if body is not None else await self.run(request)
        answered = response.status_code == 200 and "errors" not in orjson.loads(response.body)
        if key is not None and answers is not None and answered:
            answers.put(key, stamp, bytes(response.body))
        return response

    async def _home_request(self, request: Request) -> tuple[str, dict[str, Any], Principal] | None:
        """A signed-in POST of a registered home document (kept or compiled): its text and body."""
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if request.method != "POST" or media != "application/json":
            return None
        try:
            raw = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return None  # the normal path answers it with the error contract
        if not isinstance(raw, dict):
            return None
        wanted = raw.get("documentId")
        text = self.trusted.get(wanted) if isinstance(wanted, str) else raw.get("query")
        if not isinstance(text, str):
            return None
        kept = self.answers is not None and text in self.answers.texts
        compiled = self.compiled and text == HOME_SCREEN
        if not (kept or compiled):
            return None
        principal, _ = await self._signed_in(request)
        return None if principal is None else (text, raw, principal)

    async def _signed_in(self, request: Request | WebSocket) -> tuple[Principal | None, bool]:
        """The request's principal from its bearer token, and whether a token was sent and refused
        (looked up once per request)."""
        known = getattr(request.state, "signed_in", None)
        if known is not None:
            return known
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        found: tuple[Principal | None, bool] = (None, False)
        if header:
            if scheme.lower() != "bearer" or not token.strip():
                found = (None, True)
            else:
                try:
                    found = (await self.auth.authenticate(token.strip()), False)
                except InvalidAccessToken:
                    found = (None, True)
        request.state.signed_in = found
        return found

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        client = request.client.host if request.client else None
        context = Context(
            auth=self.auth,
            login_limiter=self.login_limiter,
            origin=Origin(ip=client, device=request.headers.get("user-agent")),
            locale=pick_locale(request.headers.get("accept-language")),
            loaders=Loaders(),
            live=self.live,
            materials=self.materials,
            previews=self.previews,
            uploads=self.uploads,
            max_upload_bytes=self.max_upload_bytes,
            identity=self.wiring.identity if self.wiring else None,
            public=self.wiring.public if self.wiring else None,
        )
        context.principal, context.token_refused = await self._signed_in(request)
        return context

    async def on_ws_connect(self, context: Context) -> dict[str, object] | None:
        """Authenticate the websocket at connection_init: {"authorization": "Bearer <access token>"}."""
        params = context.connection_params or {}
        raw = str(params.get("authorization") or params.get("Authorization") or "")
        scheme, _, token = raw.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"})
        try:
            context.principal = await self.auth.authenticate(token.strip())
        except InvalidAccessToken:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"}) from None
        except Exception as error:
            if not is_outage(error):
                raise
            # The session could not be looked up: the client retries the connection later.
            log.warning("database unavailable at a websocket's connection_init: %s", type(error).__name__)
            raise ConnectionRejectionError({"code": "SERVICE_UNAVAILABLE", "retryable": True}) from None
        return None

    async def parse_http_body(self, request: Any) -> Any:
        """A JSON object (a bare value or a batch is refused); a `documentId` names a trusted document,
        and in trusted-only mode nothing else is accepted."""
        media = (request.content_type or "").split(";")[0].strip().lower()
        raw: object = {}
        if media == "application/json":
            raw = self.parse_json(await request.get_body())
        elif media == "multipart/form-data":  # the multipart spec's `operations` field (read once, cached)
            if not texts_are_utf8(await request.get_body(), request.content_type or ""):
                raise EdgeError(400, "INVALID_CHARACTER", "A multipart field or file name is not UTF-8.")
            raw = self.parse_json((await request.get_form_data()).form.get("operations", "{}"))
        if not isinstance(raw, dict):
            raise EdgeError(400, "BAD_REQUEST", 'The body must be one JSON object: {"query": ..., "variables": ...}.')
        data = await super().parse_http_body(request)
        if isinstance(data, list):  # batching is off; parse_http_body answers one request
            raise EdgeError(400, "BAD_REQUEST", 'The body must be one JSON object: {"query": ..., "variables": ...}.')
        wanted = raw.get("documentId")
        if isinstance(wanted, str):
            text = self.trusted.get(wanted)
            if text is None:
                raise EdgeError(400, "PERSISTED_QUERY_NOT_FOUND")
            data.query = text
        elif self.trusted_only:
            raise EdgeError(
                400, "TRUSTED_DOCUMENTS_ONLY", "Only trusted documents are accepted: send a registered documentId."
            )
        return data

    def encode_json(self, data: object) -> str:
        # str, not bytes: bytes would turn websocket frames binary.
        return orjson.dumps(data, default=_json_default).decode()

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)
