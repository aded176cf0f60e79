"""Materials (申报材料): files checked by their content, stored once by hash, recorded append-only."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Protocol

from domain import clock
from domain.actions.acting import Acting, locked_project, log, result
from domain.actions.idempotency import run_once
from domain.projects.errors import ProjectError
from domain.projects.kinds import Stage
from domain.projects.models import Material
from domain.projects.results import MaterialAdded
from domain.projects.uploads import PartialUploads, UploadRefused, check_owner
from domain.projects.visibility import may_write

MAX_TITLE = 200

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFD = "application/ofd"  # 版式文档 GB/T 33190, common in government
# The types a material may have (what `sniff` recognises), and the extension its file name gets.
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx", OFD: ".ofd"}


class MaterialStore(Protocol):
    """Where file contents live; keyed by their SHA-256 (the same file is stored once)."""

    async def put(self, sha256: str, data: bytes) -> None: ...


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (never the name's or the client's claim); None if not allowed."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        if "OFD.xml" in names:
            return OFD
    return None


async def add_material(
    *, acting: Acting, store: MaterialStore, project_id: int, stage: Stage, title: str, data: bytes, max_bytes: int
) -> MaterialAdded:
    """Attach a file to a project's record; a corrected file is a new material, the old one stays."""
    digest = hashlib.sha256(data).hexdigest()

    async def perform() -> MaterialAdded:
        return await _attach(
            acting=acting, store=store, project_id=project_id, stage=stage, title=title, data=data, max_bytes=max_bytes
        )

    return await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="add_material",
        request=_request(project_id, stage, title, digest),
        perform=perform,
    )


async def attach_upload(
    *,
    acting: Acting,
    store: MaterialStore,
    uploads: PartialUploads,
    project_id: int,
    stage: Stage,
    title: str,
    upload_id: str,
    max_bytes: int,
) -> MaterialAdded:
    """Attach a file sent in byte ranges, once: the same request and key as a whole-file upload of it."""
    try:
        upload = check_owner(await uploads.get(upload_id), user_id=acting.user_id, now=clock.now())
    except UploadRefused as refused:
        raise ProjectError("NOT_FOUND" if refused.status == 404 else refused.code, field="upload_id") from None
    data = b""
    if not upload.attached:  # a replay of an attached upload is answered by its key alone
        if upload.offset != upload.size:
            raise ProjectError("UPLOAD_INCOMPLETE", field="upload_id", offset=upload.offset)
        data = await uploads.content(upload_id)
        if len(data) != upload.size or hashlib.sha256(data).hexdigest() != upload.sha256:
            await uploads.discard(upload_id)  # these bytes can never match: the client starts again
            raise ProjectError("CHECKSUM_MISMATCH", field="upload_id")

    async def perform() -> MaterialAdded:
        if upload.attached:
            raise ProjectError("NOT_FOUND", field="upload_id")  # attached under another key
        return await _attach(
            acting=acting, store=store, project_id=project_id, stage=stage, title=title, data=data, max_bytes=max_bytes
        )

    added = await run_once(
        user_id=acting.user_id,
        key=acting.key,
        action="add_material",
        request=_request(project_id, stage, title, upload.sha256),
        perform=perform,
    )
    await uploads.mark_attached(upload_id)
    return added


def _request(project_id: int, stage: Stage, title: str, digest: str) -> dict[str, object]:
    return {"project": project_id, "stage": stage.value, "title": title, "sha256": digest}


async def _attach(
    *, acting: Acting, store: MaterialStore, project_id: int, stage: Stage, title: str, data: bytes, max_bytes: int
) -> MaterialAdded:
    digest = hashlib.sha256(data).hexdigest()
    project = await locked_project(project_id, field="project_id")
    if not await may_write(acting.user_id, project):
        raise ProjectError("NOT_FOUND", field="project_id")
    if not title.strip() or len(title) > MAX_TITLE:
        raise ProjectError("INVALID_INPUT", field="title")
    if not data:
        raise ProjectError("INVALID_INPUT", field="file")
    if len(data) > max_bytes:
        raise ProjectError("FILE_TOO_LARGE", field="file", limit=max_bytes)
    content_type = sniff(data)
    if content_type is None:
        raise ProjectError("UNSUPPORTED_FILE_TYPE", field="file")
    await store.put(digest, data)
    material = await Material.create(
        project=project,
        stage=stage,
        title=title.strip(),
        content_type=content_type,
        size=len(data),
        sha256=digest,
        uploaded_by_id=acting.user_id,
        uploaded_at=clock.now(),
    )
    await log(
        project=project,
        acting=acting,
        action="ADD_MATERIAL",
        detail={"material": material.id, "sha256": digest, "type": content_type},
    )
    return MaterialAdded(
        state=result(project), material_id=material.id, sha256=digest, content_type=content_type, size=len(data)
    )
