"""Resumable uploads (close to tus): a file sent in byte ranges, then attached once as a material.

The rules are here; where the bytes wait is a store behind `PartialUploads` (disk under var/ in `api/partial.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

# A partial upload left alone this long is thrown away (its bytes and its record).
UPLOAD_TTL = timedelta(hours=24)
# At most this many bytes in one request; clients send 256-512 KB.
MAX_CHUNK_BYTES = 4 * 1024 * 1024
# Unfinished uploads one person may keep at a time (a form holds a few files).
MAX_OPEN_UPLOADS = 20
SHA256 = re.compile(r"^[0-9a-f]{64}$")
UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_NAME = 200


class UploadRefused(Exception):
    """A request about a partial upload refused; `offset` is what the server holds, when it says."""

    def __init__(self, code: str, status: int, *, offset: int | None = None, limit: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.status = status
        self.offset = offset
        self.limit = limit


@dataclass(frozen=True, slots=True)
class PartialUpload:
    id: str
    user_id: int
    size: int
    sha256: str
    name: str
    content_type: str
    created_at: datetime
    expires_at: datetime
    # How many bytes are held (the next chunk must start here).
    offset: int = 0
    # Attached as a material: the bytes are gone, the record stays until it expires (a replay's answer).
    attached: bool = False


class PartialUploads(Protocol):
    """Where partial uploads wait until they are attached."""

    async def get(self, upload_id: str) -> PartialUpload | None: ...

    async def content(self, upload_id: str) -> bytes: ...

    async def mark_attached(self, upload_id: str) -> None: ...

    async def discard(self, upload_id: str) -> None: ...


def check_new(*, size: int, sha256: str, name: str, max_bytes: int) -> None:
    """What a new upload declares: a size within the per-file limit, a SHA-256, a name."""
    if size <= 0:
        raise UploadRefused("INVALID_INPUT", 400)
    if size > max_bytes:
        raise UploadRefused("FILE_TOO_LARGE", 413, limit=max_bytes)
    if not SHA256.match(sha256):
        raise UploadRefused("INVALID_INPUT", 400)
    if not name.strip() or len(name) > MAX_NAME:
        raise UploadRefused("INVALID_INPUT", 400)


def check_owner(upload: PartialUpload | None, *, user_id: int, now: datetime) -> PartialUpload:
    """The caller's own live upload; another's answers as missing (its existence is not told)."""
    if upload is None or upload.user_id != user_id:
        raise UploadRefused("UPLOAD_NOT_FOUND", 404)
    if now >= upload.expires_at:
        raise UploadRefused("UPLOAD_EXPIRED", 410)
    return upload


def check_append(upload: PartialUpload, *, offset: int, length: int) -> None:
    """A chunk must start where the held bytes end and stay within the declared size."""
    if offset != upload.offset:
        raise UploadRefused("UPLOAD_OFFSET_MISMATCH", 409, offset=upload.offset)
    if length > MAX_CHUNK_BYTES:
        raise UploadRefused("PAYLOAD_TOO_LARGE", 413, offset=upload.offset, limit=MAX_CHUNK_BYTES)
    if offset + length > upload.size:
        raise UploadRefused("UPLOAD_LENGTH_EXCEEDED", 413, offset=upload.offset, limit=upload.size)
