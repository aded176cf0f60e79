"""Every GraphQL document of the mini-program validates against the committed SDL and is registered
in its trusted-documents manifest, which is what production accepts (and nothing else)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import httpx
from graphql import OperationDefinitionNode, build_schema, parse, validate
from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings
from api.trusted import TrustedDocuments, document_id

ROOT = Path(__file__).resolve().parents[2]
MINIPROGRAM = ROOT / "miniprogram"
MANIFEST = ROOT / "schema" / "trusted" / "miniprogram.json"
OPERATION_TEXT = re.compile(r"\b(query|mutation|subscription)\s+[A-Za-z_]\w*\s*[({]")


def _documents() -> dict[Path, str]:
    found = [p for p in MINIPROGRAM.rglob("*.graphql") if "node_modules" not in p.parts]
    return {path: path.read_text(encoding="utf-8") for path in sorted(found)}


def test_every_document_validates_against_the_committed_schema() -> None:
    schema = build_schema((ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8"))
    documents = _documents()
    assert len(documents) >= 9
    for path, text in documents.items():
        document = parse(text)
        assert validate(schema, document) == [], path.name
        [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        assert operation.name is not None and operation.name.value == path.stem


def test_the_manifest_registers_exactly_the_documents_as_sent() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert manifest == {document_id(text): text for text in _documents().values()}
    assert len(TrustedDocuments.load([MANIFEST])) == len(manifest)


def test_the_code_sends_no_operation_text_of_its_own() -> None:
    sources = [p for p in (MINIPROGRAM / "src").rglob("*.ts") if "generated" not in p.parts]
    assert sources
    for path in sources:
        assert not OPERATION_TEXT.search(path.read_text(encoding="utf-8")), path


async def test_production_runs_each_of_them_by_its_id(app: Starlette, settings: Settings) -> None:
    # given: the server as in production, trusted documents only, loading schema/trusted/
    production = create_app(replace(settings, trusted_documents_only=True))
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=production), base_url="http://t") as http:
        # when
        refresh = next(key for key, text in manifest.items() if "mutation RefreshToken" in text)
        answer = await http.post(
            "/graphql", json={"documentId": refresh, "variables": {"input": {"refreshToken": "not-a-token"}}}
        )
        others = [await http.post("/graphql", json={"documentId": key, "variables": {}}) for key in manifest]
        text = await http.post("/graphql", json={"query": manifest[refresh], "variables": {}})
    # then
    assert answer.json()["data"]["refreshToken"]["__typename"] == "AuthError"
    for response in others:  # run (variables missing, not signed in), never refused as unknown
        assert "PERSISTED_QUERY_NOT_FOUND" not in response.text and "UNTRUSTED_DOCUMENT" not in response.text
        assert "errors" in response.json()
    assert text.status_code == 400
