"""Trusted documents: registered operations by id; in trusted-only mode nothing else runs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from api.trusted import TrustedDocuments, TrustedDocumentsError, document_id

TYPENAME = "query Probe { __typename }"


def _manifest(directory: Path, *texts: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "persisted-operations.json").write_text(json.dumps({document_id(t): t for t in texts}))


def test_a_manifest_entry_must_hash_to_its_id(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({document_id("query A { __typename }"): "query B { __typename }"}))
    with pytest.raises(TrustedDocumentsError, match="does not match"):
        TrustedDocuments.load([path])
    assert len(TrustedDocuments.load([tmp_path / "absent.json"])) == 0


async def _client(settings: Settings, tmp_path: Path, *, only: bool) -> httpx.AsyncClient:
    _manifest(tmp_path / "dist", TYPENAME)
    app = create_app(replace(settings, pwa_dist=tmp_path / "dist", trusted_documents_only=only))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_a_registered_document_runs_by_its_id(app: Starlette, settings: Settings, tmp_path: Path) -> None:
    async with await _client(settings, tmp_path, only=False) as http:
        by_id = await http.post("/graphql", json={"documentId": document_id(TYPENAME)})
        unknown = await http.post("/graphql", json={"documentId": "sha256:" + "0" * 64})
        plain = await http.post("/graphql", json={"query": "{ __typename }"})
    assert by_id.json() == {"data": {"__typename": "Query"}}
    assert unknown.status_code == 400 and "PERSISTED_QUERY_NOT_FOUND" in unknown.text
    assert plain.json() == {"data": {"__typename": "Query"}}


async def test_trusted_only_refuses_any_other_text(app: Starlette, settings: Settings, tmp_path: Path) -> None:
    async with await _client(settings, tmp_path, only=True) as http:
        plain = await http.post("/graphql", json={"query": "{ __typename }"})
        by_id = await http.post("/graphql", json={"documentId": document_id(TYPENAME)})
    assert plain.status_code == 400 and "trusted documents" in plain.text
    assert by_id.json() == {"data": {"__typename": "Query"}}
