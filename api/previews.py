"""GET /files/{token}: a material's bytes for a signed, short-lived preview link (`MaterialView.previewUrl`)."""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from api.files import FileStore
from api.graphql import error_response
from domain import clock
from domain.db import is_outage
from domain.projects.materials import EXTENSIONS, PDF
from domain.projects.previews import ExpiredPreviewToken, InvalidPreviewToken, PreviewTokens, material_for_reader
from schema.shared.messages import pick_locale

log = logging.getLogger("quancheng")

# A file shown at the top level runs in an opaque origin: no script of an uploaded file reaches ours.
# Not for PDFs: Chromium's and Safari's PDF viewers show a blank page under `sandbox` (Chromium
# issue 413851), and a PDF's own script runs inside the viewer, never in our origin. Every stored
# type was read from the content at upload (never HTML or SVG), and nosniff holds the browser to it.
SANDBOX = "sandbox"
# A PDF keeps no sandbox (phone PDF viewers show a blank page under it) but may not be framed either.
PDF_POLICY = "frame-ancestors 'none'"
UNSANDBOXED = frozenset({PDF})
# The token is in the address: a link inside a PDF must not carry it to another site.
COMMON = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}

EXPIRED = "链接已过期，请回到应用重新打开材料。\nThis link has expired: open the material again in the app.\n"
INVALID = "链接无效。\nThis link is not valid.\n"
NOT_FOUND = "找不到该材料。\nNot found.\n"


def _refusal(text: str, status: int) -> Response:
    return PlainTextResponse(text, status_code=status, headers={**COMMON, "cache-control": "no-store"})


def filename(title: str, content_type: str) -> str:
    extension = EXTENSIONS.get(content_type, "")
    return title if title.lower().endswith(extension) else title + extension


class MaterialFiles:
    """The endpoint: the token is checked, then the reader's right again, then the file is sent as it is."""

    def __init__(self, tokens: PreviewTokens, store: FileStore) -> None:
        self.tokens = tokens
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        try:
            response = await self.response_for(request)
        except Exception as error:
            if not is_outage(error):
                raise
            # The database is away: a typed, retryable answer (the error contract's 503), never a bare 500.
            log.warning("database unavailable for a material preview: %s", type(error).__name__)
            response = error_response(503, "SERVICE_UNAVAILABLE", pick_locale(request.headers.get("accept-language")))
        await response(scope, receive, send)

    async def response_for(self, request: Request) -> Response:
        now = clock.now()
        try:
            grant = self.tokens.verify(request.path_params["token"], now=now)
        except ExpiredPreviewToken:
            return _refusal(EXPIRED, 403)
        except InvalidPreviewToken:
            return _refusal(INVALID, 403)
        material = await material_for_reader(material_id=grant.material_id, user_id=grant.user_id)
        if material is None:
            return _refusal(NOT_FOUND, 404)
        path = self.store.path(material.sha256)
        if not path.is_file():
            log.warning("material %d: content %s missing from the store", material.id, material.sha256)
            return _refusal(NOT_FOUND, 404)
        name = filename(material.title, material.content_type)
        headers = {
            **COMMON,
            "content-disposition": f"inline; filename*=UTF-8''{quote(name, safe='')}",
            "cache-control": f"private, max-age={grant.seconds_left(now)}",
        }
        headers["content-security-policy"] = PDF_POLICY if material.content_type in UNSANDBOXED else SANDBOX
        return FileResponse(path, media_type=material.content_type, headers=headers)
