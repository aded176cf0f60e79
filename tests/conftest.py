"""Real databases for every test: SQLite by default, PostgreSQL + Redis when the test command
sets QC_TEST_DATABASE_URL and QC_TEST_REDIS_URL. Migrations are applied once per run; each
test starts from empty tables."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from redis.asyncio import Redis
from starlette.applications import Starlette
from tortoise import Tortoise

from api.app import create_app, make_passwords
from api.cli import migrate
from api.settings import Settings
from domain import clock
from domain.demo.seed import load_demo
from tests.pg import reset_schema

ROOT_DIR = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("QC_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("QC_TEST_REDIS_URL") or None
DEMO_PASSWORD = "Demo-2026"

GraphQL = Callable[..., Awaitable[dict[str, Any]]]


def _test_settings(var_dir: Path, database_url: str) -> Settings:
    return Settings(
        mode="test",
        database_url=database_url,
        redis_url=REDIS_URL,
        var_dir=var_dir,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        argon2_parallelism=1,
        login_attempts_per_minute=1000,
        pwa_dist=var_dir / "pwa-dist",
        scan_interval_seconds=0,  # tests run the scanner themselves
        max_upload_bytes=2_000_000,
        # No background work while tests count statements: tests run these themselves,
        # and the end-to-end tests cover the live relay against real servers.
        live_poll_ms=0,
        notify_interval_seconds=0,
        audit_anchor_seconds=0,
        tally_compact_seconds=0,  # tests fold the tallies themselves (test_tallies.py)
    )


@pytest.fixture(scope="session")
def var_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="qc-test-"))


@pytest.fixture(scope="session")
def settings(var_dir: Path) -> Settings:
    url = DATABASE_URL or f"sqlite://{var_dir / 'test.sqlite3'}"
    return _test_settings(var_dir, url)


@pytest_asyncio.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    if settings.uses_postgres:
        await reset_schema(settings.database_url)
    await migrate(settings)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application
    if settings.uses_postgres:
        await reset_schema(settings.database_url)  # leave no test data behind


# Emptied last on SQLite: deleting rows with foreign keys off runs the tallies' triggers (migration 0015).
TALLIES = ("project_tally", "clock_tally")


def _tables() -> list[str]:
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    return [t for t in tables if t not in TALLIES] + list(TALLIES)


@pytest_asyncio.fixture(autouse=True)
async def clean_state(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Every test that touches the app starts from empty tables and an empty Redis."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    application.state.graphql.login_limiter.backend.reset()
    conn = Tortoise.get_connection("default")
    tables = _tables()
    if DATABASE_URL.startswith(("postgres://", "postgresql://")):
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE;")
    else:
        await conn.execute_script(
            "PRAGMA foreign_keys=OFF;"
            + "".join(f"DELETE FROM {t};" for t in tables)
            + "DELETE FROM sqlite_sequence; PRAGMA foreign_keys=ON;"
        )
    if REDIS_URL:
        redis = Redis.from_url(REDIS_URL)
        await redis.flushdb()
        await redis.aclose()
    yield


@pytest_asyncio.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest_asyncio.fixture
async def demo(app: Starlette, settings: Settings) -> None:
    await load_demo(passwords=make_passwords(settings))


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQL:
    async def run(
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        sent = {"accept-language": "en", **(headers or {})}
        if token:
            sent["authorization"] = f"Bearer {token}"
        response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=sent)
        assert response.status_code == 200, response.text
        return response.json()

    return run


LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on AuthPayload { accessToken refreshToken scope user { username } }
    ... on AuthError { code message field }
  }
}
"""


@pytest.fixture
def sign_in(gql: GraphQL) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def run(username: str, password: str = DEMO_PASSWORD, otp: str | None = None) -> dict[str, Any]:
        body = await gql(LOGIN, {"input": {"username": username, "password": password, "otp": otp}})
        return body["data"]["login"]

    return run


@dataclass(frozen=True)
class Session:
    """A client signed in as one demo user: call it with a document and variables."""

    username: str
    token: str
    gql: GraphQL

    async def __call__(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        return await self.gql(query, variables, token=self.token, **kw)


@pytest.fixture
def as_user(sign_in: Callable[..., Awaitable[dict[str, Any]]], gql: GraphQL) -> Callable[[str], Awaitable[Session]]:
    """Sign in as any user once per test; later calls for the same user reuse the session."""
    sessions: dict[str, Session] = {}

    async def run(username: str) -> Session:
        if username not in sessions:
            payload = await sign_in(username)
            assert payload["__typename"] == "AuthPayload", payload
            sessions[username] = Session(username, payload["accessToken"], gql)
        return sessions[username]

    return run


# One signed-in client per center, as its demo user (they need the `demo` city loaded).
@pytest_asyncio.fixture
async def data_bureau(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("data")


@pytest_asyncio.fixture
async def finance(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("finance")


@pytest_asyncio.fixture
async def drc(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("drc")


@pytest_asyncio.fixture
async def auditor(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("audit")


@pytest_asyncio.fixture
async def builder(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("builder")


@pytest_asyncio.fixture
async def expert(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("expert")


@pytest_asyncio.fixture
async def supervisor(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("supervisor")


@pytest_asyncio.fixture
async def vendor(demo: None, as_user: Callable[[str], Awaitable[Session]]) -> Session:
    return await as_user("vendor")


class Clock:
    """Moves domain time forward without sleeping."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


def move_clock(monkeypatch: pytest.MonkeyPatch, base: datetime | None) -> Clock:
    """Domain time = `base` (or the real time) plus what the test advances, still ticking."""
    moved = Clock()
    real_now = clock.now
    shift = (base - real_now()) if base else timedelta(0)

    def now() -> datetime:
        return real_now() + shift + moved.offset

    monkeypatch.setattr(clock, "now", now)
    return moved


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return move_clock(monkeypatch, None)
