"""GET /files/{token}: a material opens from the link its reader was given, and from no other."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from domain import clock
from domain.accounts.models import User
from domain.projects.models import Material, Project
from schema.shared import ids
from tests.factories import declare, user_id
from tests.schema.projects.test_upload import PDF, _upload
from tests.schema.shared.sqlcount import count_statements

MATERIALS = """query($id: ID!) { node(id: $id) { ... on Project {
  materials { id title contentType previewUrl } } } }"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LONG_PDF = PDF + b"%" + b" " * 4096 + b"\n"  # long enough that the GZip middleware would compress it


async def _upload_and_read(client: httpx.AsyncClient, gql, token: str, project: Project, *files: bytes) -> list[dict]:
    for data in files:
        done = (await _upload(client, token, project.id, "a.bin", data, "application/octet-stream")).json()
        assert done["data"]["uploadMaterial"]["__typename"] == "MaterialUploaded", done
    body = await gql(MATERIALS, {"id": ids.encode("Project", project.id)}, token=token)
    return body["data"]["node"]["materials"]


async def test_the_builder_previews_the_pdf_they_uploaded(as_user, demo, client, gql) -> None:
    # given a PDF the builder uploaded
    project = await declare()
    token = (await as_user("builder")).token
    [material] = await _upload_and_read(client, gql, token, project, LONG_PDF)
    # when the link is opened the way a browser opens <a href>: no Authorization header
    assert material["previewUrl"].startswith("/files/")
    response = await client.get(material["previewUrl"], headers={"accept-encoding": "gzip"})
    # then the same bytes come back, shown inline, never run as a page of ours
    assert response.status_code == 200
    assert response.content == LONG_PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        "inline; filename*=UTF-8''%E5%8F%AF%E8%A1%8C%E6%80%A7%E7%A0%94%E7%A9%B6%E6%8A%A5%E5%91%8A.pdf"
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    # no CSP sandbox for a PDF: phone PDF viewers show a blank page under it (api/previews.py); no framing
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "content-encoding" not in response.headers
    cache, max_age = response.headers["cache-control"].split(", max-age=")
    assert cache == "private" and 290 <= int(max_age) <= 300


async def test_an_image_gets_its_type_and_extension(as_user, demo, client, gql) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    [material] = await _upload_and_read(client, gql, token, project, PNG)
    response = await client.get(material["previewUrl"])
    assert (response.status_code, response.headers["content-type"]) == (200, "image/png")
    assert response.headers["content-disposition"].endswith(".png")
    assert response.headers["content-security-policy"] == "sandbox; frame-ancestors 'none'"


async def test_a_link_changed_to_another_material_or_reader_is_refused(as_user, demo, client, gql) -> None:
    # given two materials and the builder's link to the first
    project = await declare()
    token = (await as_user("builder")).token
    first, second = await _upload_and_read(client, gql, token, project, PDF, PNG)
    material, reader, expires, signature = first["previewUrl"].removeprefix("/files/").split(".")
    other_material = str(ids.decode(second["id"], "Material"))
    other_reader = str(await user_id("audit"))
    # when the link is edited to name the other material, another reader, a later expiry or a forged signature
    edited = [
        f"{other_material}.{reader}.{expires}.{signature}",
        f"{material}.{other_reader}.{expires}.{signature}",
        f"{material}.{reader}.{int(expires) + 3600}.{signature}",
        f"{material}.{reader}.{expires}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{material}.{reader}.{expires}",
        "not-a-token",
    ]
    for token_text in edited:
        response = await client.get(f"/files/{token_text}")
        # then it opens nothing, and says so in a line of text
        assert response.status_code == 403, token_text
        assert response.headers["content-type"].startswith("text/plain")
        assert "not valid" in response.text and PDF not in response.content
        assert response.headers["cache-control"] == "no-store"


async def test_an_expired_link_is_refused(as_user, demo, client, gql, frozen_clock) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    [material] = await _upload_and_read(client, gql, token, project, PDF)
    # four minutes on: still open, cached only for what is left
    frozen_clock.advance(minutes=4)
    fresh = await client.get(material["previewUrl"])
    assert fresh.status_code == 200
    assert 55 <= int(fresh.headers["cache-control"].split("max-age=")[1]) <= 60
    # past five minutes: refused
    frozen_clock.advance(minutes=1, seconds=1)
    expired = await client.get(material["previewUrl"])
    assert expired.status_code == 403
    assert "expired" in expired.text
    # asking again gives a link that works
    again = await gql(MATERIALS, {"id": ids.encode("Project", project.id)}, token=token)
    assert (await client.get(again["data"]["node"]["materials"][0]["previewUrl"])).status_code == 200


async def test_a_reader_who_may_not_see_the_project_gets_no_link(as_user, demo, app, client, gql) -> None:
    # given a material, and a vendor on the project, who sees it but not its deliberation
    project = await declare()
    token = (await as_user("builder")).token
    [material] = await _upload_and_read(client, gql, token, project, PDF)
    vendor = await User.get(username="vendor")
    await Project.filter(id=project.id).update(vendor_id=vendor.organisation_id)
    pid = ids.encode("Project", project.id)
    # when the vendor, an outsider and someone not signed in ask for the materials
    vendor_sees = await gql(MATERIALS, {"id": pid}, token=(await as_user("vendor")).token)
    outsider_sees = await gql(MATERIALS, {"id": pid}, token=(await as_user("builder2")).token)
    nobody_sees = await gql(MATERIALS, {"id": pid})
    # then none gets a link
    assert vendor_sees == {"data": {"node": {"materials": []}}}
    assert outsider_sees == {"data": {"node": None}}
    assert nobody_sees["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # and a genuine token minted for them (or for a reader since switched off) opens nothing: the right is checked again
    material_id = ids.decode(material["id"], "Material")
    previews = app.state.graphql.previews
    for username in ("vendor", "builder2"):
        link = previews.mint(material_id=material_id, user_id=await user_id(username), now=clock.now())
        assert (await client.get(f"/files/{link}")).status_code == 404
    builder = await User.get(username="builder")
    link = previews.mint(material_id=material_id, user_id=builder.id, now=clock.now())
    await User.filter(id=builder.id).update(is_active=False)
    assert (await client.get(f"/files/{link}")).status_code == 404


async def test_a_file_missing_from_the_store_answers_404(as_user, demo, client, gql, settings) -> None:
    project = await declare()
    token = (await as_user("builder")).token
    lost = PDF + b"% lost\n"
    [material] = await _upload_and_read(client, gql, token, project, lost)
    digest = hashlib.sha256(lost).hexdigest()
    (settings.var_dir / "materials" / digest[:2] / digest).unlink()
    response = await client.get(material["previewUrl"])
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")


async def test_links_add_no_statement_per_material(as_user, demo, client, gql, monkeypatch: pytest.MonkeyPatch) -> None:
    # given one project with one material and another with three
    token = (await as_user("builder")).token
    one, three = await declare(), await declare()
    await _upload_and_read(client, gql, token, one, PDF)
    await _upload_and_read(client, gql, token, three, PDF, PNG, PDF + b"%\n")
    counts = []
    for project in (one, three):
        # when each project's materials are read with their links
        with count_statements(monkeypatch) as statements:
            body = await gql(MATERIALS, {"id": ids.encode("Project", project.id)}, token=token)
        assert all(m["previewUrl"] for m in body["data"]["node"]["materials"])
        counts.append(len(statements))
    # then three links cost what one costs
    assert await Material.filter(project_id=three.id).count() == 3
    assert counts[0] == counts[1]


async def test_an_outage_while_a_preview_opens_is_a_typed_retryable_503(as_user, demo, client, gql, request) -> None:
    # given a link the builder was given
    project = await declare()
    token = (await as_user("builder")).token
    [material] = await _upload_and_read(client, gql, token, project, PNG)
    # when the database is away as the link is opened (the reader's right is checked again)
    request.getfixturevalue("database_down")
    response = await client.get(material["previewUrl"])
    # then the error contract's 503, retryable, with the security headers; never a bare 500
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    assert response.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
    assert response.headers["x-content-type-options"] == "nosniff"
