"""Material upload per the GraphQL multipart request spec: the content decides the type, limits hold."""

from __future__ import annotations

import io
import itertools
import json
import zipfile

import httpx

from domain.projects.models import Material
from domain.workflow.models import Decision
from schema.shared import ids
from tests.factories import declare

_keys = itertools.count(1)
UPLOAD = """mutation($input: UploadMaterialInput!) { uploadMaterial(input: $input) {
  __typename ... on MaterialUploaded { sha256 contentType size } ... on ActionError { code field } } }"""
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


async def _upload(
    client: httpx.AsyncClient,
    token: str,
    project_id: int,
    name: str,
    data: bytes,
    claimed: str,
    document: dict | None = None,
) -> httpx.Response:
    operations = {
        **(document or {"query": UPLOAD}),
        "variables": {
            "input": {
                "idempotencyKey": f"upload-{next(_keys)}",
                "projectId": ids.encode("Project", project_id),
                "stage": "PRE_REVIEW",
                "title": "可行性研究报告",
                "file": None,
            }
        },
    }
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": (name, data, claimed)},
        headers={"authorization": f"Bearer {token}"},
    )
    return response


async def test_a_pdf_is_stored_once_and_recorded(as_user, demo, client, settings) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    response = await _upload(client, token, project.id, "报告.pdf", PDF, "application/pdf")
    done = response.json()["data"]["uploadMaterial"]
    assert (done["__typename"], done["contentType"], done["size"]) == ("MaterialUploaded", "application/pdf", len(PDF))
    stored = settings.var_dir / "materials" / done["sha256"][:2] / done["sha256"]
    assert stored.read_bytes() == PDF
    assert await Decision.filter(project_id=project.id, action="ADD_MATERIAL").count() == 1
    docx = (await _upload(client, token, project.id, "方案.docx", _docx(), "application/octet-stream")).json()
    assert docx["data"]["uploadMaterial"]["contentType"].endswith("wordprocessingml.document")


async def test_the_name_and_the_claimed_type_are_not_trusted(as_user, demo, client) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    script = b"#!/bin/sh\nrm -rf /\n"
    refused = (await _upload(client, token, project.id, "报告.pdf", script, "application/pdf")).json()
    assert refused["data"]["uploadMaterial"] == {
        "__typename": "ProjectError",
        "code": "UNSUPPORTED_FILE_TYPE",
        "field": "file",
    }
    empty = (await _upload(client, token, project.id, "空.pdf", b"", "application/pdf")).json()
    assert empty["data"]["uploadMaterial"]["field"] == "file"
    assert await Material.filter(project_id=project.id).count() == 0


async def test_an_outsider_and_an_oversized_file_are_refused(as_user, demo, app, client, settings) -> None:
    project = await declare()
    stranger = (await as_user("builder2")).token
    denied = (await _upload(client, stranger, project.id, "报告.pdf", PDF, "application/pdf")).json()
    assert denied["data"]["uploadMaterial"]["code"] == "NOT_FOUND"
    token = (await as_user("builder")).token
    # a file just over the per-file limit is refused as a file (typed), a body far over it as a request (413)
    over = PDF + b"0" * (settings.max_upload_bytes + 10)
    refused = (await _upload(client, token, project.id, "大.pdf", over, "application/pdf")).json()
    assert refused["data"]["uploadMaterial"]["code"] == "FILE_TOO_LARGE"
    huge = PDF + b"0" * (settings.max_upload_bytes + 100_000)
    response = await _upload(client, token, project.id, "大.pdf", huge, "application/pdf")
    assert response.status_code == 413
    assert await Material.filter(project_id=project.id).count() == 0


async def test_uploads_work_by_trusted_document_id(as_user, demo, app, settings, tmp_path) -> None:
    from dataclasses import replace

    from api.app import create_app
    from api.trusted import document_id

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "persisted-operations.json").write_text(json.dumps({document_id(UPLOAD): UPLOAD}))
    strict = create_app(replace(settings, pwa_dist=dist, trusted_documents_only=True))
    project = await declare()
    token = (await as_user("builder")).token
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=strict), base_url="http://t") as http:
        by_id = await _upload(
            http, token, project.id, "a.pdf", PDF, "application/pdf", document={"documentId": document_id(UPLOAD)}
        )
        by_text = await _upload(http, token, project.id, "a.pdf", PDF, "application/pdf")
    assert by_id.json()["data"]["uploadMaterial"]["__typename"] == "MaterialUploaded"
    assert by_text.status_code == 400


async def test_materials_appear_in_the_archive_for_internal_readers(as_user, demo, client, gql) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    await _upload(client, token, project.id, "报告.pdf", PDF, "application/pdf")
    query = "query($id: ID!) { node(id: $id) { ... on Project { materials { title contentType size } } } }"
    pid = ids.encode("Project", project.id)
    mine = (await gql(query, {"id": pid}, token=token))["data"]["node"]["materials"]
    assert mine == [{"title": "可行性研究报告", "contentType": "application/pdf", "size": len(PDF)}]
    audit = (await gql(query, {"id": pid}, token=(await as_user("audit")).token))["data"]["node"]
    assert len(audit["materials"]) == 1


def _multipart(operations: bytes, filename: bytes, boundary: bytes = b"qc-boundary") -> bytes:
    parts = [
        b'Content-Disposition: form-data; name="operations"\r\n\r\n' + operations,
        b'Content-Disposition: form-data; name="map"\r\n\r\n{"0": ["variables.input.file"]}',
        b'Content-Disposition: form-data; name="0"; filename="' + filename + b'"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + PDF,
    ]
    return b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts) + b"--" + boundary + b"--\r\n"


async def test_invalid_utf8_in_a_title_or_file_name_is_refused(as_user, demo, client: httpx.AsyncClient) -> None:
    # given a builder and their project
    token = (await as_user("builder")).token
    project = await declare()
    variables = {
        "input": {
            "idempotencyKey": "utf8",
            "projectId": ids.encode("Project", project.id),
            "stage": "PRE_REVIEW",
            "title": "TITLE",
            "file": None,
        }
    }
    operations = json.dumps({"query": UPLOAD, "variables": variables}, ensure_ascii=False).encode()
    headers = {"authorization": f"Bearer {token}", "content-type": "multipart/form-data; boundary=qc-boundary"}
    for body in (
        _multipart(operations.replace(b"TITLE", b"\xb1\xa8\xb8\xe6"), "报告.pdf".encode()),  # GBK, not UTF-8
        _multipart(operations, b"\xb1\xa8\xb8\xe6.pdf"),
    ):
        # when a title or a file name is not UTF-8
        response = await client.post("/graphql", content=body, headers=headers)
        # then a typed 400, and nothing stored garbled
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_CHARACTER"
    assert await Material.all().count() == 0
    # while the same request in UTF-8 is stored with its Chinese title
    good = _multipart(operations.replace(b"TITLE", "报告".encode()), "报告.pdf".encode())
    answer = (await client.post("/graphql", content=good, headers=headers)).json()
    assert answer["data"]["uploadMaterial"]["__typename"] == "MaterialUploaded", answer
    assert [m.title for m in await Material.all()] == ["报告"]
