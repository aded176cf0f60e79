"""Partial uploads on disk under var/uploads/: `<id>.json` says what is expected, `<id>.part` holds the bytes."""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import secrets
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from domain.projects.uploads import (
    MAX_OPEN_UPLOADS,
    UPLOAD_ID,
    UPLOAD_TTL,
    PartialUpload,
    UploadRefused,
    check_append,
)


class DiskUploads:
    """The `PartialUploads` of one server (or of several sharing var/): appends are serialised by a file lock."""

    def __init__(self, root: Path) -> None:
        self.root = root

    async def create(
        self, *, user_id: int, size: int, sha256: str, name: str, content_type: str, now: datetime
    ) -> PartialUpload:
        return await asyncio.to_thread(self._create, user_id, size, sha256, name, content_type, now)

    async def get(self, upload_id: str) -> PartialUpload | None:
        return await asyncio.to_thread(self._get, upload_id)

    async def append(self, upload_id: str, *, offset: int, data: bytes) -> int:
        """Writes a chunk that starts where the held bytes end; the new offset."""
        return await asyncio.to_thread(self._append, upload_id, offset, data)

    async def content(self, upload_id: str) -> bytes:
        return await asyncio.to_thread(self._data(upload_id).read_bytes)

    async def mark_attached(self, upload_id: str) -> None:
        await asyncio.to_thread(self._mark_attached, upload_id)

    async def discard(self, upload_id: str) -> None:
        await asyncio.to_thread(self._discard, upload_id)

    async def sweep(self, now: datetime) -> int:
        """Throws away the expired uploads; how many."""
        return await asyncio.to_thread(self._sweep, now)

    def _meta(self, upload_id: str) -> Path:
        return self.root / f"{upload_id}.json"

    def _data(self, upload_id: str) -> Path:
        return self.root / f"{upload_id}.part"

    def _create(
        self, user_id: int, size: int, sha256: str, name: str, content_type: str, now: datetime
    ) -> PartialUpload:
        self.root.mkdir(parents=True, exist_ok=True)
        self._sweep(now)
        open_uploads = [u for u in self._all() if u.user_id == user_id and not u.attached]
        if len(open_uploads) >= MAX_OPEN_UPLOADS:
            raise UploadRefused("TOO_MANY_UPLOADS", 429, limit=MAX_OPEN_UPLOADS)
        upload = PartialUpload(
            id=secrets.token_urlsafe(18),
            user_id=user_id,
            size=size,
            sha256=sha256,
            name=name,
            content_type=content_type,
            created_at=now,
            expires_at=now + UPLOAD_TTL,
        )
        self._data(upload.id).touch()
        self._write_meta(upload)
        return upload

    def _write_meta(self, upload: PartialUpload) -> None:
        record = {
            "user_id": upload.user_id,
            "size": upload.size,
            "sha256": upload.sha256,
            "name": upload.name,
            "content_type": upload.content_type,
            "created_at": upload.created_at.isoformat(),
            "expires_at": upload.expires_at.isoformat(),
            "attached": upload.attached,
        }
        target = self._meta(upload.id)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(record))
        partial.replace(target)

    def _get(self, upload_id: str) -> PartialUpload | None:
        if not UPLOAD_ID.match(upload_id):
            return None
        try:
            record = json.loads(self._meta(upload_id).read_text())
        except FileNotFoundError:
            return None
        data = self._data(upload_id)
        return PartialUpload(
            id=upload_id,
            user_id=record["user_id"],
            size=record["size"],
            sha256=record["sha256"],
            name=record["name"],
            content_type=record["content_type"],
            created_at=datetime.fromisoformat(record["created_at"]),
            expires_at=datetime.fromisoformat(record["expires_at"]),
            offset=data.stat().st_size if data.exists() else 0,
            attached=record["attached"],
        )

    def _append(self, upload_id: str, offset: int, data: bytes) -> int:
        upload = self._get(upload_id)
        if upload is None or upload.attached:
            raise UploadRefused("UPLOAD_NOT_FOUND", 404)
        with self._data(upload_id).open("r+b") as file:
            fcntl.flock(file, fcntl.LOCK_EX)  # two requests for one upload: the second sees the first's bytes
            try:
                held = file.seek(0, os.SEEK_END)
                check_append(replace(upload, offset=held), offset=offset, length=len(data))
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
                return held + len(data)
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    def _mark_attached(self, upload_id: str) -> None:
        upload = self._get(upload_id)
        if upload is None:
            return
        self._write_meta(replace(upload, attached=True, offset=0))
        self._data(upload_id).unlink(missing_ok=True)

    def _discard(self, upload_id: str) -> None:
        if UPLOAD_ID.match(upload_id):
            self._data(upload_id).unlink(missing_ok=True)
            self._meta(upload_id).unlink(missing_ok=True)

    def _all(self) -> list[PartialUpload]:
        if not self.root.is_dir():
            return []
        found = (self._get(path.stem) for path in self.root.glob("*.json"))
        return [upload for upload in found if upload is not None]

    def _sweep(self, now: datetime) -> int:
        expired = [upload.id for upload in self._all() if now >= upload.expires_at]
        for upload_id in expired:
            self._discard(upload_id)
        return len(expired)
