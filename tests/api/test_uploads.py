"""/uploads: a file sent in byte ranges, resumed from the server's offset, attached once as a material."""

from __future__ import annotations

import hashlib
import itertools

import httpx

from domain.projects.models import Material
from domain.projects.uploads import MAX_CHUNK_BYTES
from domain.workflow.models import Decision
from schema.shared import ids
from tests.factories import declare
from tests.schema.projects.test_upload import PDF, UPLOAD

_keys = itertools.count(1)
CHUNK = {"content-type": "application/offset+octet-stream"}
BIG_PDF = PDF + b"%" + bytes(range(256)) * 4000 + b"\n"  # about 1 MB, sent in 256 KB chunks
CUT = 256 * 1024


def _auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}", "accept-language": "en"}


async def _create(client: httpx.AsyncClient, token: str, data: bytes, *, size: int | None = None) -> httpx.Response:
    body = {
        "size": len(data) if size is None else size,
        "sha256": hashlib.sha256(data).hexdigest(),
        "name": "可行性研究报告.pdf",
        "contentType": "application/pdf",
    }
    return await client.post("/uploads", json=body, headers=_auth(token))


async def _send(client: httpx.AsyncClient, token: str, upload_id: str, offset: int, chunk: bytes) -> httpx.Response:
    headers = {**_auth(token), **CHUNK, "upload-offset": str(offset)}
    return await client.patch(f"/uploads/{upload_id}", content=chunk, headers=headers)


async def _attach(gql, token: str, project_id: int, upload_id: str, key: str | None = None) -> dict:
    variables = {
        "input": {
            "idempotencyKey": key or f"chunked-{next(_keys)}",
            "projectId": ids.encode("Project", project_id),
            "stage": "PRE_REVIEW",
            "title": "可行性研究报告",
            "uploadId": upload_id,
        }
    }
    return (await gql(UPLOAD, variables, token=token))["data"]["uploadMaterial"]


async def test_a_file_cut_mid_way_resumes_from_the_server_offset_and_is_stored_once(
    as_user, demo, client, gql, settings
) -> None:
    # given a builder's project and an upload of about 1 MB
    project = await declare()
    token = (await as_user("builder")).token
    created = await _create(client, token, BIG_PDF)
    assert created.status_code == 201, created.text
    upload_id = created.json()["id"]
    assert created.headers["location"] == f"/uploads/{upload_id}"
    assert created.headers["upload-length"] == str(len(BIG_PDF))
    # when the first chunk arrives and the connection is cut while the second is on its way (nothing of it kept)
    assert (await _send(client, token, upload_id, 0, BIG_PDF[:CUT])).headers["upload-offset"] == str(CUT)
    # then the server says how much it holds, and the client continues from there
    held = await client.head(f"/uploads/{upload_id}", headers=_auth(token))
    assert held.status_code == 200 and held.headers["upload-offset"] == str(CUT)
    assert held.headers["cache-control"] == "no-store"
    offset = CUT
    while offset < len(BIG_PDF):
        answer = await _send(client, token, upload_id, offset, BIG_PDF[offset : offset + CUT])
        assert answer.status_code == 204, answer.text
        offset = int(answer.headers["upload-offset"])
    # and attaching it twice under one key (a lost answer) records one material, byte-identical
    key = f"chunked-{next(_keys)}"
    first = await _attach(gql, token, project.id, upload_id, key)
    again = await _attach(gql, token, project.id, upload_id, key)
    assert first["__typename"] == "MaterialUploaded", first
    assert again == first
    assert first["sha256"] == hashlib.sha256(BIG_PDF).hexdigest() and first["size"] == len(BIG_PDF)
    stored = settings.var_dir / "materials" / first["sha256"][:2] / first["sha256"]
    assert stored.read_bytes() == BIG_PDF
    assert await Material.filter(project_id=project.id).count() == 1
    assert await Decision.filter(project_id=project.id, action="ADD_MATERIAL").count() == 1
    # the bytes waiting on disk are gone once attached, while the server still says it holds them all (a client
    # whose answer was lost asks, then attaches again under its key); another key cannot attach it a second time
    assert not (settings.var_dir / "uploads" / f"{upload_id}.part").exists()
    held = await client.head(f"/uploads/{upload_id}", headers=_auth(token))
    assert (held.status_code, held.headers["upload-offset"]) == (200, str(len(BIG_PDF)))
    assert (await _send(client, token, upload_id, len(BIG_PDF), b"x")).status_code == 404
    assert (await _attach(gql, token, project.id, upload_id))["code"] == "NOT_FOUND"


async def test_a_wrong_offset_is_answered_with_the_offset_held(as_user, demo, client) -> None:
    token = (await as_user("builder")).token
    upload_id = (await _create(client, token, BIG_PDF)).json()["id"]
    await _send(client, token, upload_id, 0, BIG_PDF[:CUT])
    # when a chunk is sent again from 0 (its answer was lost) or one skips ahead
    for offset in (0, 2 * CUT):
        refused = await _send(client, token, upload_id, offset, BIG_PDF[offset : offset + CUT])
        # then a typed 409 says where to continue, and nothing is written twice
        assert refused.status_code == 409
        assert refused.headers["upload-offset"] == str(CUT)
        assert refused.json()["errors"][0]["extensions"] == {"code": "UPLOAD_OFFSET_MISMATCH", "offset": CUT}
    held = await client.head(f"/uploads/{upload_id}", headers=_auth(token))
    assert held.headers["upload-offset"] == str(CUT)


async def test_sizes_over_the_limits_are_refused(as_user, demo, client, gql, settings) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    # a file over the per-file limit is refused at creation
    too_big = await _create(client, token, PDF, size=settings.max_upload_bytes + 1)
    assert too_big.status_code == 413
    assert too_big.json()["errors"][0]["extensions"]["code"] == "FILE_TOO_LARGE"
    # one exactly at the limit is accepted, in chunks, and attached
    exact = PDF + b"%" + b"0" * (settings.max_upload_bytes - len(PDF) - 1)
    upload_id = (await _create(client, token, exact)).json()["id"]
    offset = 0
    while offset < len(exact):
        offset = int(
            (await _send(client, token, upload_id, offset, exact[offset : offset + 1_000_000])).headers["upload-offset"]
        )
    assert (await _attach(gql, token, project.id, upload_id))["size"] == settings.max_upload_bytes
    # more bytes than declared, and a chunk above the per-request limit, are refused
    small = (await _create(client, token, PDF)).json()["id"]
    over = await _send(client, token, small, 0, PDF + b"extra")
    assert (over.status_code, over.json()["errors"][0]["extensions"]["code"]) == (413, "UPLOAD_LENGTH_EXCEEDED")
    huge = await _send(client, token, small, 0, b"0" * (MAX_CHUNK_BYTES + 1))
    assert (huge.status_code, huge.json()["errors"][0]["extensions"]["code"]) == (413, "PAYLOAD_TOO_LARGE")


async def test_a_whole_file_just_under_the_limit_passes_the_multipart_request(as_user, demo, client, settings) -> None:
    from tests.schema.projects.test_upload import _upload

    project = await declare()
    token = (await as_user("builder")).token
    near = PDF + b"%" + b"0" * (settings.max_upload_bytes - len(PDF) - 1)
    answer = await _upload(client, token, project.id, "大.pdf", near, "application/pdf")
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["uploadMaterial"]["size"] == settings.max_upload_bytes


async def test_a_checksum_mismatch_is_refused_and_the_bytes_dropped(as_user, demo, client, gql) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    upload_id = (await _create(client, token, PDF)).json()["id"]
    # when other bytes of the same length arrive
    await _send(client, token, upload_id, 0, PDF.replace(b"1.7", b"1.4"))
    refused = await _attach(gql, token, project.id, upload_id)
    # then nothing is attached and the client must start again
    assert (refused["code"], refused["field"]) == ("CHECKSUM_MISMATCH", "uploadId")
    assert await Material.filter(project_id=project.id).count() == 0
    assert (await client.head(f"/uploads/{upload_id}", headers=_auth(token))).status_code == 404


async def test_an_incomplete_upload_is_not_attached(as_user, demo, client, gql) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    upload_id = (await _create(client, token, BIG_PDF)).json()["id"]
    await _send(client, token, upload_id, 0, BIG_PDF[:CUT])
    refused = await _attach(gql, token, project.id, upload_id)
    assert refused["code"] == "UPLOAD_INCOMPLETE"
    # and uploadMaterial takes exactly one of a whole file and an upload
    variables = {
        "input": {
            "idempotencyKey": f"neither-{next(_keys)}",
            "projectId": ids.encode("Project", project.id),
            "stage": "PRE_REVIEW",
            "title": "可行性研究报告",
        }
    }
    neither = (await gql(UPLOAD, variables, token=token))["data"]["uploadMaterial"]
    assert (neither["code"], neither["field"]) == ("INVALID_INPUT", "file")


async def test_another_user_can_neither_append_nor_read_nor_attach(as_user, demo, client, gql) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    stranger = (await as_user("builder2")).token
    upload_id = (await _create(client, token, PDF)).json()["id"]
    # then another person's requests answer as for a missing upload
    assert (await _send(client, stranger, upload_id, 0, PDF)).status_code == 404
    assert (await client.head(f"/uploads/{upload_id}", headers=_auth(stranger))).status_code == 404
    assert (await client.delete(f"/uploads/{upload_id}", headers=_auth(stranger))).status_code == 404
    await _send(client, token, upload_id, 0, PDF)
    assert (await _attach(gql, stranger, project.id, upload_id))["code"] == "NOT_FOUND"
    # and without a session nothing is accepted
    anonymous = await client.post("/uploads", json={"size": 1, "sha256": "0" * 64, "name": "a"})
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # while the owner attaches it
    assert (await _attach(gql, token, project.id, upload_id))["__typename"] == "MaterialUploaded"


async def test_a_partial_upload_expires(as_user, demo, client, frozen_clock, sign_in, settings) -> None:
    token = (await as_user("builder")).token
    upload_id = (await _create(client, token, BIG_PDF)).json()["id"]
    await _send(client, token, upload_id, 0, BIG_PDF[:CUT])
    # when a day passes
    frozen_clock.advance(hours=25)
    token = (await sign_in("builder"))["accessToken"]
    # then it is gone, said so, and thrown away at the next creation
    expired = await client.head(f"/uploads/{upload_id}", headers=_auth(token))
    assert expired.status_code == 410
    await _create(client, token, PDF)
    assert not (settings.var_dir / "uploads" / f"{upload_id}.part").exists()
    assert (await client.head(f"/uploads/{upload_id}", headers=_auth(token))).status_code == 404


async def test_an_outage_is_a_retryable_503(as_user, demo, client, request) -> None:
    token = (await as_user("builder")).token
    upload_id = (await _create(client, token, PDF)).json()["id"]
    # when the database is away (the session cannot be looked up)
    request.getfixturevalue("database_down")
    response = await client.patch(
        f"/uploads/{upload_id}", content=PDF, headers={**_auth(token), **CHUNK, "upload-offset": "0"}
    )
    # then the error contract's retryable 503
    assert response.status_code == 503
    assert response.headers["retry-after"]
    assert response.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
