"""Every HTTP answer carries the security headers: the PWA's pages and files, GraphQL, refusals,
health checks and materials. (The PWA working under this policy in Chromium: pwa/e2e/smoke.test.mjs.)"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from api.app import create_app
from api.headers import CONTENT_SECURITY_POLICY
from api.settings import Settings


@pytest.fixture
async def pwa_client(settings: Settings, app: Starlette, tmp_path: Path) -> httpx.AsyncClient:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>全程通</title>")
    (dist / "assets" / "index-abc.js").write_text("console.log(1)")
    (dist / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    server = create_app(replace(settings, pwa_dist=dist))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=server), base_url="http://t")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/", None),
        ("GET", "/centers/BUILDER", None),
        ("GET", "/assets/index-abc.js", None),
        ("GET", "/sw.js", None),
        ("GET", "/missing.png", None),
        ("GET", "/healthz", None),
        ("GET", "/files/not-a-token", None),
        ("POST", "/graphql", {"query": "{ __typename }"}),
        ("POST", "/graphql", 5),
        ("GET", "/graphql", None),
    ],
)
async def test_every_answer_carries_the_security_headers(
    pwa_client: httpx.AsyncClient, method: str, path: str, body: object
) -> None:
    async with pwa_client as http:
        response = await http.request(method, path, json=body, headers={"accept-encoding": "gzip"})
    headers = response.headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    # a material's link carries its token: its answers send no referrer at all
    expected = "no-referrer" if path.startswith("/files/") else "strict-origin-when-cross-origin"
    assert headers["referrer-policy"] == expected
    assert headers["x-frame-options"] == "DENY"


def test_the_policy_allows_no_inline_or_foreign_script() -> None:
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["connect-src"] == "'self'"
