"""The Starlette application: lifespan resources, routes, guards."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from tortoise import Tortoise
from tortoise.contrib.starlette import RegisterTortoise
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import keys
from api.anchor import AnchorFile, keep_periodically
from api.answers import AnswerCache, cacheable_texts
from api.files import FileStore
from api.graphql import QuanchengGraphQL
from api.headers import SecurityHeaders
from api.live import LiveHub
from api.middleware import GraphQLRequestGuard
from api.notify import build as build_notifications
from api.partial import DiskUploads
from api.previews import MaterialFiles
from api.ratelimit import FallbackRateLimiter, MemoryRateLimiter
from api.settings import Settings
from api.static import PwaFiles
from api.trusted import TrustedDocuments
from api.uploads import Uploads
from domain import clock
from domain.accounts.flows import Authenticator
from domain.accounts.passwords import HashParameters, Passwords
from domain.accounts.rules import LockoutPolicy, SessionPolicy
from domain.accounts.tokens import AccessTokens
from domain.db import tortoise_config
from domain.demo.seed import has_demo_data
from domain.projects import tallies
from domain.projects.materials import EXTENSIONS as MATERIAL_TYPES
from domain.projects.previews import PreviewTokens
from domain.workflow import scanner
from notifications.worker import run_forever
from schema.build import Limits, build_schema

log = logging.getLogger("quancheng")


@dataclass(slots=True)
class Resources:
    """What the lifespan opened, for the routes that need it."""

    settings: Settings
    redis: Redis | None = None


def make_redis(url: str) -> Redis:
    """A Redis client with explicit timeouts, retries and a pool that waits rather than fails."""
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=32,
        timeout=2,
        socket_timeout=2,
        socket_connect_timeout=2,
        health_check_interval=30,
    )
    return Redis(connection_pool=pool, retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3))


def load_signing_key(settings: Settings) -> Ed25519PrivateKey:
    return keys.load_private_key(settings.key_file, create=not settings.production)


def make_authenticator(settings: Settings, private_key: Ed25519PrivateKey) -> Authenticator:
    return Authenticator(
        passwords=make_passwords(settings),
        tokens=AccessTokens(
            private_key=private_key,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl=timedelta(minutes=settings.access_ttl_minutes),
        ),
        lockout=LockoutPolicy(
            max_failures=settings.lockout_max_failures,
            lock_for=timedelta(minutes=settings.lockout_minutes),
        ),
        sessions=SessionPolicy(
            access_ttl=timedelta(minutes=settings.access_ttl_minutes),
            idle_timeout=timedelta(minutes=settings.session_idle_minutes),
            absolute_lifetime=timedelta(hours=settings.session_max_hours),
        ),
        require_totp_for_approvers=settings.production,
    )


def make_passwords(settings: Settings) -> Passwords:
    return Passwords(
        HashParameters(
            time_cost=settings.argon2_time_cost,
            memory_cost_kib=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        )
    )


class LoginLimiter:
    """Sign-in attempts per address: in Redis once the lifespan has opened it (per process while it is
    unreachable), else in memory."""

    def __init__(self, settings: Settings) -> None:
        self.limit = settings.login_attempts_per_minute
        self.backend: MemoryRateLimiter | FallbackRateLimiter = MemoryRateLimiter(limit=self.limit)

    def use_redis(self, redis: Redis) -> None:
        self.backend = FallbackRateLimiter(redis, limit=self.limit)

    async def hit(self, key: str) -> bool:
        return await self.backend.hit(key)


async def scan_periodically(interval: int) -> None:
    """The deadline scanner in-process; with several workers the advisory lock lets one scan at a time."""
    while True:
        await asyncio.sleep(interval)
        try:
            report = await scanner.scan()
            if report.supervision_opened:
                log.info("scanner opened %d 督办 tasks", report.supervision_opened)
        except Exception:  # a failed pass is logged and retried next interval, never kills the server
            log.exception("deadline scan failed")


async def compact_periodically(interval: int) -> None:
    """Fold the figures' tallies (each key's change rows into one), so a center's figures stay a few rows: at
    start, then every `interval` (a fold is a write: done at start, it does not retire kept answers later)."""
    while True:
        try:
            await tallies.compact()
        except Exception:  # a failed pass is logged and retried next interval, never kills the server
            log.exception("tally compaction failed")
        await asyncio.sleep(interval)


def create_app(settings: Settings) -> Starlette:
    """The whole product as one ASGI app."""
    resources = Resources(settings=settings)
    if not settings.production:
        clock.configure(settings.clock, file=settings.clock_file)
    trusted = TrustedDocuments.load(settings.trusted_document_files)
    schema = build_schema(
        production=settings.production,
        limits=Limits(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            max_fields=settings.max_fields,
            max_directives=settings.max_directives,
        ),
        trusted_only=frozenset(trusted.documents.values()) if settings.trusted_documents_only else None,
    )
    login_limiter = LoginLimiter(settings)
    signing_key = load_signing_key(settings)
    previews = PreviewTokens(key=keys.derive_secret(signing_key, "material-preview"))
    materials = FileStore(settings.var_dir / "materials")
    partial_uploads = DiskUploads(settings.var_dir / "uploads")
    graphql = QuanchengGraphQL(
        schema,
        auth=make_authenticator(settings, signing_key),
        login_limiter=login_limiter,
        ide=not settings.production,
        allowed_origins=settings.allowed_origins,
        trusted=trusted,
        trusted_only=settings.trusted_documents_only,
        materials=materials,
        previews=previews,
        uploads=partial_uploads,
        max_upload_bytes=settings.max_upload_bytes,
        compiled=settings.compiled_plans,
        answers=AnswerCache(cacheable_texts(trusted), settings.answer_cache_size)
        if settings.answer_cache_size
        else None,
    )
    uploads = Uploads(graphql.auth, partial_uploads, max_bytes=settings.max_upload_bytes)
    wiring = build_notifications(settings)
    graphql.wiring = wiring
    guarded = GraphQLRequestGuard(
        graphql,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        allow_ide=not settings.production,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(RegisterTortoise(app, config=tortoise_config(settings.database_url)))
            if settings.redis_url:
                resources.redis = make_redis(settings.redis_url)
                stack.push_async_callback(resources.redis.aclose)
                try:
                    await resources.redis.ping()
                except (RedisError, OSError) as error:
                    # Redis is optional at run time: sign-in limits fall back to this process until it is back.
                    log.warning("Redis unreachable at start (%s): per-process sign-in limits meanwhile", error)
                login_limiter.use_redis(resources.redis)
            if settings.production and await has_demo_data():
                raise RuntimeError("production mode refuses a database holding demo accounts")
            if settings.live_poll_ms:
                hub = LiveHub(resources.redis, settings.redis_url, poll_seconds=settings.live_poll_ms / 1000)
                await hub.start()
                stack.push_async_callback(hub.stop)
                graphql.live = hub
            stack.push_async_callback(wiring.aclose)
            if settings.notify_interval_seconds:
                notifier = asyncio.create_task(
                    run_forever(
                        wiring.channels,
                        settings.notify_interval_seconds,
                        wiring.policy,
                        listen_url=settings.database_url if settings.uses_postgres else None,
                    )
                )
                stack.callback(notifier.cancel)
            if settings.audit_anchor_seconds:
                keeper = asyncio.create_task(
                    keep_periodically(AnchorFile.under(settings.var_dir), settings.audit_anchor_seconds)
                )
                stack.callback(keeper.cancel)
            if settings.scan_interval_seconds:
                task = asyncio.create_task(scan_periodically(settings.scan_interval_seconds))
                stack.callback(task.cancel)
            if settings.tally_compact_seconds:
                folding = asyncio.create_task(compact_periodically(settings.tally_compact_seconds))
                stack.callback(folding.cancel)
            # What start-up built (schema, templates, modules) lives as long as the worker: frozen out of the
            # collector's view, a full collection no longer walks it in the middle of requests (the tail).
            gc.collect()
            gc.freeze()
            yield

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        checks: dict[str, str] = {}
        try:
            await Tortoise.get_connection("default").execute_query("SELECT 1")
            checks["database"] = "ok"
        except Exception as exc:  # readiness reports any failure of the dependency
            checks["database"] = f"error: {type(exc).__name__}"
        if resources.redis is not None:
            try:
                await resources.redis.ping()
                checks["redis"] = "ok"
            except Exception as exc:  # readiness reports any failure of the dependency
                checks["redis"] = f"error: {type(exc).__name__}"
        # Redis is optional at run time (sign-in limits fall back to the process, live updates reconnect):
        # reported, but an instance without it still serves, so it stays in the load balancer.
        ready = checks["database"] == "ok"
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/graphql", guarded, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        WebSocketRoute("/graphql", graphql),
        Route("/files/{token}", MaterialFiles(previews, materials), methods=["GET"]),
        Route("/uploads", uploads.create, methods=["POST"]),
        Route("/uploads/{upload_id}", uploads.state, methods=["GET"]),  # and HEAD
        Route("/uploads/{upload_id}", uploads.append, methods=["PATCH"]),
        Route("/uploads/{upload_id}", uploads.delete, methods=["DELETE"]),
        Mount("/", app=PwaFiles(settings.pwa_dist)),
    ]
    # GraphQL answers and files the build left uncompressed go out gzipped to a browser that accepts
    # it; a stream (a subscription over HTTP) is never held back to be compressed. Materials (PDF,
    # images, office files) are compressed already: compressing them again would only cost CPU.
    gzip = Middleware(
        GZipMiddleware,
        minimum_size=1024,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "multipart/mixed", *MATERIAL_TYPES),
    )
    # The client's address (audit records, sign-in limits) comes from X-Forwarded-For only when the direct
    # peer is one of QC_TRUSTED_PROXIES; uvicorn's own handling (which trusts 127.0.0.1) is off.
    proxies = [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))]
    middleware = [*(proxies if settings.trusted_proxies else []), Middleware(SecurityHeaders), gzip]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.resources = resources
    app.state.graphql = graphql
    return app
