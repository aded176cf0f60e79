"""Serving the built PWA: hashed assets cached for ever, the service worker never, deep links to index.html.

The build leaves a Brotli and a gzip copy beside each text file (`vite-plugin-compression2`, the
highest levels, made once): the copy the browser accepts is sent, a third of the bytes on a phone's
network. Files without a copy (the service worker, written after) are compressed on the fly by the
app's GZip middleware, which leaves an encoded answer alone.
"""

from __future__ import annotations

from mimetypes import guess_type
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
        response = self.response_for(request.url.path, accepted_encodings(request.headers.get("accept-encoding", "")))
        await response(scope, receive, send)

    def response_for(self, url_path: str, accepted: frozenset[str] = frozenset()) -> Response:
        index = self.directory / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503)
        relative = url_path.lstrip("/")
        candidate = (self.directory / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(self.directory):
            return _file(candidate, _cache_control(relative), accepted)
        if "." in relative.rsplit("/", 1)[-1]:
            return Response("Not found", status_code=404, media_type="text/plain")
        return _file(index, "no-cache", accepted)


# Best first: the suffix of the build's copy and the Content-Encoding that names it.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str) -> frozenset[str]:
    """The codings an Accept-Encoding header allows (RFC 9110 12.5.3): q=0 refuses one."""
    allowed = set()
    for part in header.split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        quality = next((param[2:] for param in params if param.startswith("q=")), "1")
        try:
            refused = float(quality) <= 0
        except ValueError:
            refused = True
        if coding and not refused:
            allowed.add(coding.lower())
    return frozenset(allowed)


def _file(path: Path, cache_control: str, accepted: frozenset[str]) -> FileResponse:
    headers = {"cache-control": cache_control}
    media_type = guess_type(path.name)[0] or "application/octet-stream"
    for coding, suffix in ENCODINGS:
        copy = path.with_name(path.name + suffix)
        if (coding in accepted or "*" in accepted) and copy.is_file():
            encoded = {**headers, "content-encoding": coding, "vary": "Accept-Encoding"}
            return FileResponse(copy, media_type=media_type, headers=encoded)
    # Sent as it is: the GZip middleware compresses it (and says Vary) when the browser accepts it.
    return FileResponse(path, media_type=media_type, headers=headers)


def _cache_control(relative: str) -> str:
    if relative.startswith("assets/"):
        return "public, max-age=31536000, immutable"
    return "no-cache"
