"""One settings object, read from the environment once, failing fast on a bad value."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from domain.clock import ClockError, ClockSetting, parse_setting
from domain.db import DEFAULT_DATABASE_URL, normalise_url

ROOT = Path(__file__).resolve().parent.parent
MODES = ("development", "test", "production")


class SettingsError(ValueError):
    """A setting is missing or has a value we refuse."""


@dataclass(frozen=True, slots=True)
class Settings:
    mode: str = "development"
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    # PostgreSQL: the role that owns the tables and runs migrations, when the app's role is a lesser one.
    database_owner_url: str | None = None
    var_dir: Path = ROOT / "var"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    demo: bool = True
    # The demo loaded on a first start: the living city of this many projects (0: people, organisations and
    # thirty bare project rows, for automated tests that make their own work).
    demo_projects: int = 30
    jwt_key_file: Path | None = None
    jwt_issuer: str = "quancheng"
    jwt_audience: str = "quancheng-api"
    access_ttl_minutes: int = 15
    session_idle_minutes: int = 120
    session_max_hours: int = 24
    lockout_max_failures: int = 5
    lockout_minutes: int = 15
    login_attempts_per_minute: int = 30
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 20_000_000
    max_query_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    # Fields written in one document (fragments once), and directives on one field (graphql-cop's checks).
    max_fields: int = 200
    max_directives: int = 5
    # How often the deadline scanner runs in-process (0: never; run `python -m api scan` from cron).
    scan_interval_seconds: int = 300
    # Production accepts only operations registered at build time (by `documentId`).
    trusted_documents_only: bool = False
    # How often the in-process notification worker runs (0: only `python -m api worker` sends).
    notify_interval_seconds: int = 5
    # How often the live-update relay reads the outbox (0: no live updates in this process).
    live_poll_ms: int = 500
    # An urgent item unread this long climbs one step of the escalation ladder.
    escalation_minutes: int = 30
    # A worker's claim on a delivery lapses after this (a killed worker's deliveries go out again).
    notify_lease_seconds: int = 60
    # How often the audit chain's head is noted outside the database (0: only by `verify-audit`).
    audit_anchor_seconds: int = 60
    # How often the figures' tallies are folded (domain/projects/tallies.py; 0: never, they only grow).
    tally_compact_seconds: int = 60
    # How many sends one worker has in flight at once.
    notify_concurrency: int = 16
    # Home-screen answers kept per worker while the data is unchanged (api/answers.py); 0 keeps none.
    answer_cache_size: int = 2048
    # HomeScreen through its compiled plan (schema/compiled.py); off: field-by-field GraphQL (for comparison).
    compiled_plans: bool = True
    # The public address of the app, for links in DingTalk cards and SMS (default: http://host:port).
    app_url: str = ""
    # Channel credentials and endpoints as given (QC_WEBPUSH_*, QC_FCM_*, QC_WECHAT_*, QC_DINGTALK_*, QC_SMS_*).
    channel_env: tuple[tuple[str, str], ...] = ()
    pwa_dist: Path = ROOT / "pwa" / "dist"
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    # Development and tests only: a shift (`+3d`) or a fixed instant; `python -m api clock` changes it later.
    clock: ClockSetting = field(default_factory=ClockSetting)
    # Reverse proxies (addresses or networks) whose X-Forwarded-For/-Proto are believed; nobody else's.
    trusted_proxies: tuple[str, ...] = field(default_factory=tuple)

    @property
    def production(self) -> bool:
        return self.mode == "production"

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith("postgres://")

    @property
    def migration_url(self) -> str:
        """Migrations run as the owner role when one is configured, else as the app's own."""
        return self.database_owner_url or self.database_url

    @property
    def trusted_document_files(self) -> list[Path]:
        """The PWA build's manifest and any committed ones (e.g. the mini-program's) in schema/trusted/."""
        return [self.pwa_dist / "persisted-operations.json", *sorted((ROOT / "schema" / "trusted").glob("*.json"))]

    @property
    def public_url(self) -> str:
        return self.app_url or f"http://{self.host}:{self.port}"

    @property
    def channels(self) -> dict[str, str]:
        return dict(self.channel_env)

    @property
    def clock_file(self) -> Path:
        """Where `python -m api clock` leaves a moved clock for the running server."""
        return self.var_dir / "clock.json"

    @property
    def dev_key_file(self) -> Path:
        return self.var_dir / "keys" / "jwt-ed25519.pem"

    @property
    def key_file(self) -> Path:
        return self.jwt_key_file or self.dev_key_file


CHANNEL_PREFIXES = ("QC_WEBPUSH_", "QC_FCM_", "QC_WECHAT_", "QC_DINGTALK_", "QC_SMS_")

_INT_LIMITS: dict[str, tuple[int, int]] = {
    "port": (1, 65535),
    "workers": (1, 64),
    "access_ttl_minutes": (1, 15),
    "session_idle_minutes": (5, 7 * 24 * 60),
    "session_max_hours": (1, 30 * 24),
    "lockout_max_failures": (3, 20),
    "lockout_minutes": (1, 24 * 60),
    "login_attempts_per_minute": (1, 10_000),
    "argon2_time_cost": (1, 20),
    "argon2_memory_kib": (1024, 4 * 1024 * 1024),
    "argon2_parallelism": (1, 16),
    "max_body_bytes": (1024, 100 * 1024 * 1024),
    "max_upload_bytes": (1024, 500 * 1024 * 1024),
    "max_query_depth": (3, 50),
    "max_aliases": (1, 100),
    "max_tokens": (100, 100_000),
    "max_fields": (20, 10_000),
    "max_directives": (1, 50),
    "scan_interval_seconds": (0, 86_400),
    "live_poll_ms": (0, 60_000),
    "notify_interval_seconds": (0, 3600),
    "escalation_minutes": (1, 24 * 60),
    "notify_lease_seconds": (5, 3600),
    "notify_concurrency": (1, 256),
    "answer_cache_size": (0, 1_000_000),
    "audit_anchor_seconds": (0, 86_400),
    "tally_compact_seconds": (0, 86_400),
}


def _networks(raw: str) -> tuple[str, ...]:
    """QC_TRUSTED_PROXIES: comma-separated addresses or networks (10.0.0.5, 10.0.0.0/24, ::1)."""
    networks = []
    for item in (part.strip() for part in raw.split(",")):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise SettingsError(f"QC_TRUSTED_PROXIES: {item!r} is not an IP address or network") from None
    return tuple(networks)


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"QC_{name.upper()} must be true or false, got {raw!r}")


def load(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from QC_* variables (plus DATABASE_URL and REDIS_URL), validated."""
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    mode = env.get("QC_MODE", "development")
    if mode not in MODES:
        raise SettingsError(f"QC_MODE must be one of {', '.join(MODES)}, got {mode!r}")
    values["mode"] = mode
    if env.get("DATABASE_URL"):
        url = normalise_url(env["DATABASE_URL"])
        if not url.startswith(("postgres://", "sqlite://")):
            raise SettingsError("DATABASE_URL must start with postgres:// or sqlite://")
        values["database_url"] = url
    if env.get("QC_DATABASE_OWNER_URL"):
        owner = normalise_url(env["QC_DATABASE_OWNER_URL"])
        if not owner.startswith("postgres://") or not str(values.get("database_url", "")).startswith("postgres://"):
            raise SettingsError("QC_DATABASE_OWNER_URL needs a PostgreSQL DATABASE_URL and is a PostgreSQL URL itself")
        values["database_owner_url"] = owner
    if env.get("REDIS_URL"):
        if not env["REDIS_URL"].startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://")
        values["redis_url"] = env["REDIS_URL"]
    if "QC_VAR_DIR" in env:
        values["var_dir"] = Path(env["QC_VAR_DIR"]).resolve()
    if "QC_HOST" in env:
        values["host"] = env["QC_HOST"]
    if "QC_JWT_KEY_FILE" in env:
        values["jwt_key_file"] = Path(env["QC_JWT_KEY_FILE"]).resolve()
    for name in ("jwt_issuer", "jwt_audience"):
        if f"QC_{name.upper()}" in env:
            values[name] = env[f"QC_{name.upper()}"]
    if "QC_PWA_DIST" in env:
        values["pwa_dist"] = Path(env["QC_PWA_DIST"]).resolve()
    if env.get("QC_ALLOWED_ORIGINS"):
        values["allowed_origins"] = tuple(o.strip() for o in env["QC_ALLOWED_ORIGINS"].split(","))
    if env.get("QC_TRUSTED_PROXIES"):
        values["trusted_proxies"] = _networks(env["QC_TRUSTED_PROXIES"])
    values["demo"] = _bool("demo", env.get("QC_DEMO", "false" if mode == "production" else "true"))
    values["compiled_plans"] = _bool("compiled_plans", env.get("QC_COMPILED_PLANS", "true"))
    if env.get("QC_DEMO_PROJECTS"):
        try:
            projects = int(env["QC_DEMO_PROJECTS"])
        except ValueError:
            raise SettingsError("QC_DEMO_PROJECTS must be a whole number of projects") from None
        if projects < 0:
            raise SettingsError("QC_DEMO_PROJECTS must not be negative")
        values["demo_projects"] = projects
    values["trusted_documents_only"] = _bool(
        "trusted_documents_only", env.get("QC_TRUSTED_DOCUMENTS_ONLY", "true" if mode == "production" else "false")
    )
    for name, (low, high) in _INT_LIMITS.items():
        raw = env.get(f"QC_{name.upper()}")
        if raw is None:
            continue
        try:
            number = int(raw)
        except ValueError:
            raise SettingsError(f"QC_{name.upper()} must be a whole number, got {raw!r}") from None
        if not low <= number <= high:
            raise SettingsError(f"QC_{name.upper()} must be between {low} and {high}, got {number}")
        values[name] = number
    values["channel_env"] = tuple(sorted((k, v) for k, v in env.items() if k.startswith(CHANNEL_PREFIXES) and v))
    if env.get("QC_APP_URL"):
        if not env["QC_APP_URL"].startswith(("https://", "http://")):
            raise SettingsError("QC_APP_URL must start with https:// or http://")
        values["app_url"] = env["QC_APP_URL"].rstrip("/")
    if env.get("QC_CLOCK"):
        try:
            values["clock"] = parse_setting(env["QC_CLOCK"])
        except ClockError as error:
            raise SettingsError(f"QC_CLOCK: {error}") from None
    if "database_url" not in values:
        var_dir = values.get("var_dir", Settings().var_dir)
        values["database_url"] = f"sqlite://{var_dir}/quancheng.sqlite3"
    settings = Settings(**values)  # type: ignore[arg-type]
    if settings.production:
        check_production(settings)
    return settings


def _role(url: str) -> str:
    return urlsplit(url).username or ""


def check_production(settings: Settings) -> None:
    """Production refuses embedded databases, demo data, development keys and weak hashing."""
    problems: list[str] = []
    if not settings.uses_postgres:
        problems.append("DATABASE_URL must be a PostgreSQL URL")
    if not settings.redis_url:
        problems.append("REDIS_URL is required")
    if settings.uses_postgres and not settings.database_owner_url:
        problems.append(
            "QC_DATABASE_OWNER_URL must name the owner role (migrations); DATABASE_URL the application's role, "
            "which may only insert and read audit records (README, Database roles)"
        )
    elif settings.database_owner_url and _role(settings.database_owner_url) == _role(settings.database_url):
        problems.append("QC_DATABASE_OWNER_URL and DATABASE_URL must sign in as two different roles")
    if settings.demo:
        problems.append("QC_DEMO must be off")
    if settings.jwt_key_file is None:
        problems.append("QC_JWT_KEY_FILE must name the signing key kept by the operator")
    elif settings.jwt_key_file == settings.dev_key_file.resolve():
        problems.append("QC_JWT_KEY_FILE must not be the development key under var/")
    if not settings.clock.is_real:
        problems.append("QC_CLOCK must not be set: production runs on real time")
    defaults = Settings()
    if settings.argon2_time_cost < defaults.argon2_time_cost or settings.argon2_memory_kib < defaults.argon2_memory_kib:
        problems.append("argon2 parameters must not be weaker than the defaults")
    if problems:
        raise SettingsError("production mode refuses to start: " + "; ".join(problems))
