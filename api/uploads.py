"""/uploads: a file sent in byte ranges on a weak network, close to tus (`Upload-Offset`, `Upload-Length`).

POST /uploads {size, sha256, name, contentType} -> 201, Location /uploads/<id>; PATCH /uploads/<id> with
`Upload-Offset` and a chunk (application/offset+octet-stream) -> 204 and the new `Upload-Offset`; HEAD (or GET)
/uploads/<id> -> how many bytes are held; DELETE throws it away. `uploadMaterial(input: {uploadId})` attaches
it. The caller is the Bearer token's, as on /graphql; an upload is its creator's only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from api.graphql import error_response
from api.partial import DiskUploads
from domain import clock
from domain.accounts.flows import Authenticator, Principal
from domain.accounts.tokens import InvalidAccessToken
from domain.db import is_outage
from domain.projects.uploads import MAX_CHUNK_BYTES, PartialUpload, UploadRefused, check_new, check_owner
from schema.shared.messages import message, pick_locale

log = logging.getLogger("quancheng")

CHUNK_TYPE = "application/offset+octet-stream"
# A creation request is a small JSON object.
MAX_CREATE_BODY = 4096


class _Refused(Exception):
    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


def _state_headers(upload: PartialUpload) -> dict[str, str]:
    return {
        "upload-offset": str(upload.offset),
        "upload-length": str(upload.size),
        "upload-expires": upload.expires_at.isoformat(),
        "cache-control": "no-store",
    }


def _refusal(refused: UploadRefused, locale: str) -> Response:
    """The error contract's shape; an offset mismatch tells the offset to continue from."""
    extensions: dict[str, object] = {"code": refused.code}
    headers = {"cache-control": "no-store"}
    if refused.offset is not None:
        extensions["offset"] = refused.offset
        headers["upload-offset"] = str(refused.offset)
    if refused.limit is not None:
        extensions["limit"] = refused.limit
    body = {"errors": [{"message": message(refused.code, locale), "extensions": extensions}]}
    return JSONResponse(body, refused.status, headers)


class Uploads:
    """The endpoint; `max_bytes` is the per-file limit (QC_MAX_UPLOAD_BYTES), the same as `uploadMaterial`'s."""

    def __init__(self, auth: Authenticator, store: DiskUploads, *, max_bytes: int) -> None:
        self.auth = auth
        self.store = store
        self.max_bytes = max_bytes

    async def create(self, request: Request) -> Response:
        return await self._answer(request, self._create)

    async def state(self, request: Request) -> Response:
        return await self._answer(request, self._state)

    async def append(self, request: Request) -> Response:
        return await self._answer(request, self._append)

    async def delete(self, request: Request) -> Response:
        return await self._answer(request, self._delete)

    async def _answer(self, request: Request, handle: Callable[[Request, Principal], Awaitable[Response]]) -> Response:
        locale = pick_locale(request.headers.get("accept-language"))
        try:
            principal = await self._principal(request)
            return await handle(request, principal)
        except _Refused as refused:
            return error_response(refused.status, refused.code, locale)
        except UploadRefused as refused:
            return _refusal(refused, locale)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is left to read it; the chunk was not kept
        except Exception as error:
            if not is_outage(error):
                raise
            log.warning("database unavailable for an upload: %s", type(error).__name__)
            return error_response(503, "SERVICE_UNAVAILABLE", locale)

    async def _principal(self, request: Request) -> Principal:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _Refused(401, "UNAUTHENTICATED")
        try:
            principal = await self.auth.authenticate(token.strip())
        except InvalidAccessToken:
            raise _Refused(401, "UNAUTHENTICATED") from None
        if not principal.fully_signed_in:
            raise _Refused(403, "TOTP_ENROLMENT_REQUIRED")
        return principal

    async def _own(self, request: Request, principal: Principal, *, attached: bool = False) -> PartialUpload:
        upload = await self.store.get(request.path_params["upload_id"])
        if upload is not None and upload.attached and not attached:
            upload = None  # attached: nothing more to send
        return check_owner(upload, user_id=principal.user.id, now=clock.now())

    async def _create(self, request: Request, principal: Principal) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise _Refused(415, "UNSUPPORTED_MEDIA_TYPE")
        body = await _read(request, MAX_CREATE_BODY)
        try:
            fields = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise _Refused(400, "MALFORMED_JSON") from None
        if not isinstance(fields, dict):
            raise _Refused(400, "BAD_REQUEST")
        size, sha256, name = fields.get("size"), fields.get("sha256"), fields.get("name")
        content_type = fields.get("contentType") or ""
        if not (isinstance(size, int) and isinstance(sha256, str) and isinstance(name, str)):
            raise _Refused(400, "BAD_REQUEST")
        if not isinstance(content_type, str):
            raise _Refused(400, "BAD_REQUEST")
        check_new(size=size, sha256=sha256.lower(), name=name, max_bytes=self.max_bytes)
        upload = await self.store.create(
            user_id=principal.user.id,
            size=size,
            sha256=sha256.lower(),
            name=name,
            content_type=content_type[:100],
            now=clock.now(),
        )
        answer = {"id": upload.id, "offset": 0, "size": upload.size, "expiresAt": upload.expires_at.isoformat()}
        headers = {**_state_headers(upload), "location": f"/uploads/{upload.id}"}
        return JSONResponse(answer, 201, headers)

    async def _state(self, request: Request, principal: Principal) -> Response:
        upload = await self._own(request, principal, attached=True)
        if upload.attached:  # every byte arrived: a client whose answer to the attachment was lost asks again
            upload = replace(upload, offset=upload.size)
        answer = {"id": upload.id, "offset": upload.offset, "size": upload.size, "attached": upload.attached}
        return JSONResponse(answer, 200, _state_headers(upload))

    async def _append(self, request: Request, principal: Principal) -> Response:
        upload = await self._own(request, principal)
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != CHUNK_TYPE:
            raise _Refused(415, "UNSUPPORTED_MEDIA_TYPE")
        declared = request.headers.get("upload-offset", "")
        if not declared.isdigit():
            raise UploadRefused("UPLOAD_OFFSET_MISMATCH", 409, offset=upload.offset)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_CHUNK_BYTES):
            raise UploadRefused("PAYLOAD_TOO_LARGE", 413, offset=upload.offset, limit=MAX_CHUNK_BYTES)
        if int(declared) != upload.offset:  # before reading a body that would be thrown away
            raise UploadRefused("UPLOAD_OFFSET_MISMATCH", 409, offset=upload.offset)
        try:
            chunk = await _read(request, MAX_CHUNK_BYTES)
        except _Refused:
            raise UploadRefused("PAYLOAD_TOO_LARGE", 413, offset=upload.offset, limit=MAX_CHUNK_BYTES) from None
        offset = await self.store.append(upload.id, offset=int(declared), data=chunk)
        return Response(status_code=204, headers={"upload-offset": str(offset), "cache-control": "no-store"})

    async def _delete(self, request: Request, principal: Principal) -> Response:
        upload = await self._own(request, principal)
        await self.store.discard(upload.id)
        return Response(status_code=204)


async def _read(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes `limit` (whatever Content-Length said)."""
    received = bytearray()
    async for part in request.stream():
        received += part
        if len(received) > limit:
            raise _Refused(413, "PAYLOAD_TOO_LARGE")
    return bytes(received)
