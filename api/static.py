"""Serving the built PWA: hashed assets cached for ever, the service worker never, deep links to index.html."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.types import Receive, Scope, Send

NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>全程通</title>
<p>PWA not built: run <code>scripts/run</code> (it builds <code>pwa/dist</code>).
API: <a href="/graphql">/graphql</a></p>"""


class PwaFiles:
    def __init__(self, directory: Path) -> None:
        self.directory = directory.resolve()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        response = self.response_for(request.url.path)
        await response(scope, receive, send)

    def response_for(self, url_path: str) -> Response:
        index = self.directory / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503)
        relative = url_path.lstrip("/")
        candidate = (self.directory / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(self.directory):
            return FileResponse(candidate, headers={"cache-control": _cache_control(relative)})
        if "." in relative.rsplit("/", 1)[-1]:
            return Response("Not found", status_code=404, media_type="text/plain")
        return FileResponse(index, headers={"cache-control": "no-cache"})


def _cache_control(relative: str) -> str:
    if relative.startswith("assets/"):
        return "public, max-age=31536000, immutable"
    return "no-cache"
