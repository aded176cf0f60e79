"""ASGI guards in front of /graphql: method, content type and body size, before any parsing."""

from __future__ import annotations

import logging

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.shared.messages import message, pick_locale

log = logging.getLogger("quancheng")

# What a multipart upload carries beside its file (operations, map, boundaries); the file itself is
# held to the per-file limit by uploadMaterial.
MULTIPART_OVERHEAD = 64 * 1024


async def _reject(send: Send, status: int, code: str, text: str, locale: str) -> None:
    """The error contract's shape, in the caller's language; `detail` says what to send instead."""
    error = {"message": message(code, locale), "extensions": {"code": code, "detail": text}}
    body = orjson.dumps({"errors": [error]})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class GraphQLRequestGuard:
    """POST with application/json, or multipart/form-data for uploads (GET only for the GraphiQL page
    where enabled); bodies above the limit are refused with 413 whether or not Content-Length says so."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int, allow_ide: bool) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.allow_ide = allow_ide

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"]
        locale = pick_locale(headers.get("accept-language"))
        if method == "GET":
            wants_page = "text/html" in headers.get("accept", "")
            if self.allow_ide and wants_page and not scope.get("query_string"):
                await self.app(scope, receive, send)
                return
            await _reject(send, 405, "METHOD_NOT_ALLOWED", "GraphQL accepts POST only.", locale)
            return
        if method != "POST":
            await _reject(send, 405, "METHOD_NOT_ALLOWED", "GraphQL accepts POST only.", locale)
            return
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in ("application/json", "multipart/form-data"):
            await _reject(send, 415, "UNSUPPORTED_MEDIA_TYPE", "Send application/json (multipart for uploads).", locale)
            return
        # Multipart (the GraphQL multipart request spec) carries a file: the per-file limit plus room for the
        # operation, the map and the part headers, so a file just under the limit is not refused as a request.
        multipart = media_type == "multipart/form-data"
        limit = self.max_upload_bytes + MULTIPART_OVERHEAD if multipart else self.max_body_bytes
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _reject(send, 413, "PAYLOAD_TOO_LARGE", "The request body is too large.", locale)
            return

        received = 0
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _BodyTooLarge
            return message

        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except _BodyTooLarge:
            await _reject(send, 413, "PAYLOAD_TOO_LARGE", "The request body is too large.", locale)
        except Exception:
            if started:
                raise
            log.exception("GraphQL request failed outside execution")
            await _reject(send, 500, "INTERNAL_ERROR", "See the server log.", locale)


class _BodyTooLarge(Exception):
    pass
