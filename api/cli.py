"""Command line: migrate, seed the demo city, export the schema, serve."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import shutil
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import asyncpg
from tortoise import Tortoise

from api import keys
from api import settings as settings_module
from api.anchor import AnchorError, AnchorFile, format_anchor, given_or_kept
from api.app import create_app, make_passwords
from api.backup import BackupError, backup, restore
from api.notify import build as build_notifications
from api.roles import grant_app_role
from api.settings import ROOT, Settings, SettingsError
from domain import clock
from domain.accounts import provisioning
from domain.accounts.external import issue_binding_code
from domain.accounts.flows import AuthFailed
from domain.accounts.kinds import CenterKind, OrganisationKind
from domain.accounts.models import User
from domain.audit import service as audit_service
from domain.audit.service import Anchor, Origin
from domain.calendar import service as calendar_service
from domain.db import tortoise_config
from domain.demo.data import DEMO_PASSWORD, TOUR, USERS
from domain.demo.seed import has_demo_data, load_demo
from domain.errors import InvalidInput
from domain.events.models import Event
from domain.workflow import scanner
from notifications.channels.webpush import generate_vapid_key_file
from notifications.pipeline import fan_out
from notifications.worker import run_forever, run_once
from schema.build import build_schema

SCHEMA_FILE = ROOT / "schema" / "schema.graphql"
T = TypeVar("T")

CENTER_LABELS = {
    "DATA": "数据中心 data bureau",
    "FINANCE": "财政中心 finance",
    "DRC": "发改中心 DRC",
    "AUDIT": "审计中心 audit",
    "BUILDER": "建设单位 builder",
    "EXPERT": "专家中心 expert",
    "SUPERVISOR": "监理中心 supervisor",
    "VENDOR": "开发商中心 vendor",
}


async def migrate(settings: Settings) -> None:
    """Apply every migration not yet applied."""
    from tortoise.migrations.api.migrate import migrate as run_migrations

    if settings.database_url.startswith("sqlite://"):
        path = settings.database_url.removeprefix("sqlite://")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    await run_migrations(config=tortoise_config(settings.migration_url))
    await Tortoise.close_connections()
    if settings.database_owner_url:
        await grant_app_role(settings.database_owner_url, settings.database_url)


async def seed_demo(settings: Settings, projects: int | None = None) -> None:
    """Load the living demo city unless it is there already: `projects` projects (QC_DEMO_PROJECTS, 30) made
    by the real flows, and the notifications their events give, in every inbox (channels stay off: the
    inbox only). Zero projects: the people, organisations and thirty bare project rows."""
    projects = settings.demo_projects if projects is None else projects
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        if await has_demo_data():
            return
        await load_demo(passwords=make_passwords(settings), city=projects > 0, projects=projects)
        while await Event.filter(published_at__isnull=True).exists():
            await fan_out({})
    finally:
        await Tortoise.close_connections()


async def reset_demo(settings: Settings, projects: int | None = None) -> None:
    """Development only: everything in the database and the uploaded materials thrown away, the demo city
    loaded again. The audit anchors of the old chain are moved aside (the new chain starts afresh)."""
    if settings.database_url.startswith("sqlite://"):
        database = Path(settings.database_url.removeprefix("sqlite://"))
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            path.unlink(missing_ok=True)
    else:
        conn = await asyncpg.connect(settings.migration_url.replace("postgres://", "postgresql://", 1))
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()
    shutil.rmtree(settings.var_dir / "materials", ignore_errors=True)
    anchors = AnchorFile.under(settings.var_dir).path
    if anchors.exists():
        anchors.rename(anchors.with_name(f"anchors.before-reset-{clock.now():%Y%m%dT%H%M%S}"))
    await migrate(settings)
    await seed_demo(settings, projects)


def export_schema(*, check: bool) -> int:
    sdl = build_schema(production=False).as_str() + "\n"
    if check:
        current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
        if current != sdl:
            print("schema/schema.graphql is out of date: run `uv run python -m api export-schema`", file=sys.stderr)
            return 1
        print("schema/schema.graphql is up to date")
        return 0
    SCHEMA_FILE.write_text(sdl, encoding="utf-8")
    print(f"wrote {SCHEMA_FILE.relative_to(ROOT)}")
    return 0


async def create_user(settings: Settings, args: argparse.Namespace, password: str) -> int:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        user = await provisioning.create_user(
            passwords=make_passwords(settings),
            username=args.username,
            display_name=args.display_name,
            password=password,
            organisation_name=args.organisation,
            organisation_kind=OrganisationKind(args.organisation_kind),
            centers=[CenterKind(c) for c in args.center],
            is_admin=args.admin,
            origin=Origin(device="cli"),
        )
    except InvalidInput as exc:
        print(f"error: {exc.code} ({exc.field})", file=sys.stderr)
        return 2
    finally:
        await Tortoise.close_connections()
    print(f"created {user.username} holding {', '.join(args.center)}")
    return 0


async def _with_orm(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        return await work()
    finally:
        await Tortoise.close_connections()


async def load_holidays(text: str, username: str) -> int:
    user = await User.get_or_none(username=username)
    if user is None or not user.is_admin:
        print(f"error: {username} is not an administrator", file=sys.stderr)
        return 2
    try:
        days = await calendar_service.load_year(text=text, user_id=user.id, origin=Origin(device="cli"))
    except InvalidInput as exc:
        print(f"error: {exc.params.get('detail', exc.code)}", file=sys.stderr)
        return 2
    print(f"loaded {days.year}: {len(days.holidays)} holidays, {len(days.workdays)} make-up working days")
    return 0


async def _worker(settings: Settings, *, once: bool) -> int:
    """The notification worker with this machine's channels; says which are disabled and why."""
    wiring = build_notifications(settings)
    try:
        print(f"channels: {', '.join(sorted(wiring.channels)) or 'none (in-app inbox only)'}")
        for name, reason in sorted(wiring.disabled.items()):
            print(f"channel {name} disabled: {reason}")
        if once:
            done = await run_once(wiring.channels, wiring.policy)
            print(
                f"{done.notified} notifications, {done.escalated} escalated, {done.digests} digests, "
                f"{done.sent} deliveries sent"
            )
        else:
            await run_forever(
                wiring.channels,
                max(settings.notify_interval_seconds, 1),
                wiring.policy,
                listen_url=settings.database_url if settings.uses_postgres else None,
            )
    finally:
        await wiring.aclose()
    return 0


def move_clock(settings: Settings, action: str, value: str | None) -> int:
    """Write the moved clock where the running server (and workers on this var dir) read it."""
    if settings.production:
        print("error: the clock cannot be moved in production", file=sys.stderr)
        return 2
    current = clock.read_file(settings.clock_file)
    try:
        if action == "set":
            if not value:
                raise clock.ClockError("set needs a value: +3d, -2h or 2026-10-08T09:00+08:00")
            current = clock.parse_setting(value)
        elif action == "advance":
            step = clock.parse_duration(value or "")
            current = clock.ClockSetting(offset=current.offset + step, fixed=current.fixed)
        elif action == "reset":
            current = clock.ClockSetting()
    except clock.ClockError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if action != "show":
        clock.write_file(settings.clock_file, current)
    clock.configure(current)
    print(f"clock: {current.describe()}; now {clock.now().isoformat(timespec='seconds')}")
    return 0


async def verify_audit(settings: Settings, anchor: Anchor | None) -> int:
    """Walk the chain against an anchor noted earlier; when intact, keep the new head outside the database."""
    result = await audit_service.verify(anchor)
    if not result.ok:
        print(f"audit trail broken at record {result.first_bad_seq}: {result.problem}", file=sys.stderr)
        return 1
    against = f" (checked against the head noted earlier, record {anchor.seq})" if anchor else ""
    head = f"; note the head: --anchor {format_anchor(result.head)}" if result.head else ""
    print(f"audit trail intact: {result.checked} records{against}{head}")
    await AnchorFile.under(settings.var_dir).advance()
    return 0


def backup_or_restore(settings: Settings, command: str, directory: Path) -> int:
    try:
        manifest = backup(settings, directory) if command == "backup" else restore(settings, directory)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rows = sum(manifest["counts"].values())  # type: ignore[attr-defined]
    done = "backed up to" if command == "backup" else "restored and verified from"
    print(
        f"{done} {directory}: {rows} rows in {len(manifest['counts'])} tables, "  # type: ignore[arg-type]
        f"{manifest['materials']} material files, keys {', '.join(manifest['keys']) or 'none'}, "  # type: ignore[arg-type]
        f"audit head {manifest['audit_head'] or 'none (empty trail)'}"
    )
    return 0


def print_sign_ins(settings: Settings) -> None:
    url = f"http://{settings.host}:{settings.port}"
    print(f"\n全程通 Quancheng is serving on {url}  (GraphQL {url}/graphql)")
    print(f"Demo sign-ins, password {DEMO_PASSWORD}:")
    for username, (display, _org, centers, _admin) in USERS.items():
        labels = ", ".join(CENTER_LABELS[c.value] for c in centers)
        print(f"  {username:<11} {display:<4}  {labels}")
    print("\nA five-minute tour (sign in at a phone-sized window; each has work waiting):")
    for username, what in TOUR:
        print(f"  {username:<11} {what}")
    print("Start again from the same city: python -m api reset-demo\n")


def serve(settings: Settings) -> None:
    import uvicorn

    asyncio.run(migrate(settings))
    if settings.demo:
        asyncio.run(seed_demo(settings))
    if settings.production:
        # Workers import the factory and read the same environment.
        uvicorn.run(
            "api.main:app",
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            proxy_headers=False,  # QC_TRUSTED_PROXIES decides, in the app (api/app.py)
            log_level="info",
        )
        return
    if settings.demo:
        print_sign_ins(settings)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, proxy_headers=False, log_level="info")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    seeding = sub.add_parser("seed-demo", help="load the demo city (demo mode only)")
    seeding.add_argument("--projects", type=int, help="how many projects (the same shape; QC_DEMO_PROJECTS, 30)")
    resetting = sub.add_parser("reset-demo", help="throw the data away and load the demo city again (development)")
    resetting.add_argument("--projects", type=int, help="how many projects (the same shape; QC_DEMO_PROJECTS, 30)")
    export = sub.add_parser("export-schema", help="write schema/schema.graphql")
    export.add_argument("--check", action="store_true", help="fail if the committed SDL differs")
    key = sub.add_parser("generate-key", help="write a new Ed25519 token signing key (never overwrites)")
    key.add_argument("path", type=Path)
    user = sub.add_parser(
        "create-user", help="create an account; the password is read from QC_NEW_PASSWORD or a prompt"
    )
    user.add_argument("--username", required=True)
    user.add_argument("--display-name", required=True)
    user.add_argument("--organisation", required=True, help="organisation name, created if new")
    user.add_argument("--organisation-kind", required=True, choices=[k.value for k in OrganisationKind])
    user.add_argument("--center", action="append", required=True, choices=[c.value for c in CenterKind])
    user.add_argument("--admin", action="store_true")
    sub.add_parser("scan", help="one pass of the deadline scanner (warning lights, 督办); safe to run anywhere")
    worker = sub.add_parser("worker", help="the notification worker (several may run together on PostgreSQL)")
    worker.add_argument("--once", action="store_true", help="one pass, then exit")
    audit = sub.add_parser("verify-audit", help="check the audit trail's hash chain; non-zero when broken")
    audit.add_argument(
        "--anchor",
        help="a head noted earlier, SEQ:HASH, or a file holding one (default: the anchor kept under the var dir)",
    )
    holidays = sub.add_parser("load-holidays", help="load a year's official holidays (see domain/calendar/holidays)")
    holidays.add_argument("file", type=Path)
    holidays.add_argument("--by", required=True, help="username of the administrator loading it")
    vapid = sub.add_parser("generate-vapid-key", help="write a new VAPID (P-256) key for Web Push (never overwrites)")
    vapid.add_argument("path", type=Path)
    binding = sub.add_parser("binding-code", help="a one-time code (24 h) for a user binding WeChat or DingTalk")
    binding.add_argument("username")
    moved = sub.add_parser("clock", help="show or move the server's clock (development and tests only)")
    moved.add_argument("action", choices=["show", "set", "advance", "reset"])
    moved.add_argument("value", nargs="?", help="set: +3d or an ISO instant with offset; advance: 2d, 4h, 90m")
    saving = sub.add_parser("backup", help="database, materials, keys and audit head into an empty directory")
    saving.add_argument("directory", type=Path)
    restoring = sub.add_parser("restore", help="put a backup back (database, materials, keys), then verify it")
    restoring.add_argument("directory", type=Path)
    run = sub.add_parser("serve", help="migrate, load demo data in demo mode, serve")
    run.add_argument("--port", type=int)
    args = parser.parse_args(argv)

    if args.command == "export-schema":
        return export_schema(check=args.check)
    if args.command == "generate-vapid-key":
        if args.path.exists():
            print(f"error: {args.path} exists; keys are never overwritten", file=sys.stderr)
            return 1
        print(f"applicationServerKey: {generate_vapid_key_file(args.path)}")
        return 0
    if args.command == "generate-key":
        try:
            keys.generate_key_file(args.path)
        except FileExistsError:
            print(f"error: {args.path} exists; keys are never overwritten", file=sys.stderr)
            return 2
        print(f"wrote {args.path} (mode 600)")
        return 0
    env = dict(os.environ)
    if getattr(args, "port", None):
        env["QC_PORT"] = str(args.port)
    try:
        settings = settings_module.load(env)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not settings.production:
        clock.configure(settings.clock, file=settings.clock_file)
    if args.command == "clock":
        return move_clock(settings, args.action, args.value)
    if args.command == "migrate":
        asyncio.run(migrate(settings))
    elif args.command == "seed-demo":
        if not settings.demo:
            print("error: demo data is refused outside demo mode", file=sys.stderr)
            return 2
        asyncio.run(seed_demo(settings, args.projects))
    elif args.command == "reset-demo":
        if settings.production or not settings.demo:
            print("error: reset-demo is for development only (demo mode, not production)", file=sys.stderr)
            return 2
        asyncio.run(reset_demo(settings, args.projects))
        print(f"demo city loaded again: {settings.demo_projects if args.projects is None else args.projects} projects")
    elif args.command == "scan":
        report = asyncio.run(_with_orm(settings, scanner.scan))
        print(
            f"scanned {report.scanned} steps, {report.red} red tasks, {report.supervision_opened} 督办 opened, "
            f"{report.reminded} reminded, {report.escalated} escalated, {report.auto_approved} approved by timeout"
            + (" (another scanner was running: skipped)" if report.skipped_locked else "")
        )
    elif args.command == "worker":
        return asyncio.run(_with_orm(settings, lambda: _worker(settings, once=args.once)))
    elif args.command == "binding-code":
        try:
            origin = Origin(device="cli")
            code = asyncio.run(_with_orm(settings, lambda: issue_binding_code(username=args.username, origin=origin)))
        except AuthFailed:
            print(f"error: no active user {args.username!r}", file=sys.stderr)
            return 1
        print(f"one-time binding code for {args.username} (24 hours): {code}")
    elif args.command == "verify-audit":
        try:
            anchor = given_or_kept(args.anchor, AnchorFile.under(settings.var_dir))
        except AnchorError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return asyncio.run(_with_orm(settings, lambda: verify_audit(settings, anchor)))
    elif args.command == "load-holidays":
        text = args.file.read_text(encoding="utf-8")
        return asyncio.run(_with_orm(settings, lambda: load_holidays(text, args.by)))
    elif args.command == "create-user":
        password = os.environ.get("QC_NEW_PASSWORD") or getpass.getpass("password: ")
        return asyncio.run(create_user(settings, args, password))
    elif args.command in ("backup", "restore"):
        return backup_or_restore(settings, args.command, args.directory)
    elif args.command == "serve":
        serve(settings)
    return 0
