"""Health, readiness, the PWA files, and production's refusal of a demo database."""

from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path

import brotli
import httpx
import pytest
from starlette.applications import Starlette
from tortoise import Tortoise

from api.app import create_app
from api.settings import Settings
from domain.db import tortoise_config
from tests.conftest import REDIS_URL


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_database_and_redis_when_configured(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    expected = {"database": "ok", **({"redis": "ok"} if REDIS_URL else {})}
    assert response.json() == {"ready": True, "checks": expected}


async def test_readyz_reports_an_unreachable_redis_and_stays_ready(
    app: Starlette, client: httpx.AsyncClient, monkeypatch
) -> None:
    from api.app import make_redis

    resources = app.state.resources
    dead = make_redis("redis://127.0.0.1:1")
    monkeypatch.setattr(resources, "redis", dead)
    response = await client.get("/readyz")
    await dead.aclose()
    # Redis is optional at run time: the instance still serves (tests/e2e/test_redis_outage.py)
    assert response.status_code == 200
    assert response.json()["ready"] is True
    assert response.json()["checks"]["redis"].startswith("error")


@pytest.fixture
def pwa_app(settings: Settings, app: Starlette, tmp_path: Path) -> Starlette:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>全程通</title>", encoding="utf-8")
    (dist / "assets" / "index-abc123.js").write_text("console.log(1)")
    (dist / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    return create_app(replace(settings, pwa_dist=dist))


async def test_pwa_is_served_with_deep_links_and_cache_rules(pwa_app: Starlette) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=pwa_app), base_url="http://t") as http:
        root = await http.get("/")
        deep = await http.get("/todos/42")
        asset = await http.get("/assets/index-abc123.js")
        worker = await http.get("/sw.js")
        missing = await http.get("/assets/nope.js")
        escape = await http.get("/..%2f..%2fpyproject.toml")
    assert "全程通" in root.text and root.headers["cache-control"] == "no-cache"
    assert deep.text == root.text
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert worker.headers["cache-control"] == "no-cache"
    assert missing.status_code == 404
    assert escape.status_code == 404


async def test_the_builds_compressed_copy_is_sent_to_a_browser_that_accepts_it(
    settings: Settings, tmp_path: Path
) -> None:
    # given: a build with Brotli and gzip copies beside the script (as vite-plugin-compression2 leaves them)
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>全程通</title>", encoding="utf-8")
    script = "console.log('全程通');" * 200
    (dist / "assets" / "index-abc.js").write_text(script, encoding="utf-8")
    (dist / "assets" / "index-abc.js.br").write_bytes(brotli.compress(script.encode()))
    (dist / "assets" / "index-abc.js.gz").write_bytes(gzip.compress(script.encode()))
    app = create_app(replace(settings, pwa_dist=dist))

    async def get(accept: str) -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            return await http.get("/assets/index-abc.js", headers={"accept-encoding": accept})

    # when
    chrome = await get("gzip, deflate, br, zstd")
    plain_http = await get("gzip, deflate")
    refused_br = await get("br;q=0, gzip")
    identity = await get("identity")
    # then: each gets the best copy it accepts, the same script once decoded, typed as JavaScript
    assert chrome.headers["content-encoding"] == "br"
    assert plain_http.headers["content-encoding"] == "gzip"
    assert refused_br.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in identity.headers
    for response in (chrome, plain_http, refused_br, identity):
        assert response.text == script
        assert response.headers["content-type"].startswith("text/javascript")
        assert response.headers["vary"] == "Accept-Encoding"
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert int(chrome.headers["content-length"]) < len(script.encode()) / 10


async def test_graphql_answers_are_gzipped_for_a_browser_that_accepts_it(client: httpx.AsyncClient) -> None:
    # given: a document whose answer is larger than a kilobyte (the schema's types)
    query = {"query": "{ __schema { types { name description } } }"}
    # when
    zipped = await client.post("/graphql", json=query, headers={"accept-encoding": "gzip"})
    plain = await client.post("/graphql", json=query, headers={"accept-encoding": "identity"})
    # then
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.json() == plain.json()
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3


async def test_unbuilt_pwa_says_how_to_build_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 503
    assert "scripts/run" in response.text


async def test_production_refuses_a_database_with_demo_accounts(demo, settings: Settings) -> None:
    production = create_app(replace(settings, mode="production"))
    try:
        with pytest.raises(RuntimeError, match="demo accounts"):
            async with production.router.lifespan_context(production):
                pass
    finally:
        # The failed start closed the ORM's connections: open them again for the other tests.
        await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
