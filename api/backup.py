"""Backup and restore of everything a city's installation needs: the database (pg_dump's custom format on
PostgreSQL, SQLite's online backup in the embedded mode), the uploaded materials, the signing and VAPID
keys, and the audit chain's head with every table's row count. A restore puts them back, then verifies the
copy: the audit chain walks intact up to the saved head, and every table has the saved count."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise import Tortoise

from api.anchor import AnchorFile, format_anchor, parse
from api.roles import grant_app_role
from api.settings import Settings
from domain.audit import service as audit
from domain.db import tortoise_config

MANIFEST = "manifest.json"
HEAD = "audit-head"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(RuntimeError):
    """The backup cannot be made, or the restored copy does not verify."""


@dataclass(frozen=True, slots=True)
class KeyFile:
    name: str
    path: Path


def key_files(settings: Settings) -> list[KeyFile]:
    """The token signing key and the Web Push (VAPID) key, where this configuration keeps them."""
    vapid = settings.channels.get("QC_WEBPUSH_VAPID_KEY_FILE")
    return [
        KeyFile("jwt-ed25519.pem", settings.key_file),
        KeyFile("vapid-p256.pem", Path(vapid) if vapid else settings.var_dir / "keys" / "vapid-p256.pem"),
    ]


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite://"))


def _libpq(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def _counts_and_head(settings: Settings) -> tuple[dict[str, int], str | None]:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        conn = Tortoise.get_connection("default")
        counts: dict[str, int] = {}
        for model in sorted(Tortoise.apps["models"].values(), key=lambda m: m._meta.db_table):
            table = model._meta.db_table
            _, rows = await conn.execute_query(f'SELECT count(*) AS n FROM "{table}"')  # noqa: S608 (model names)
            counts[table] = int(rows[0]["n"])
        result = await audit.verify()
        if not result.ok:
            raise BackupError(f"the audit chain is broken at record {result.first_bad_seq}: {result.problem}")
        return counts, format_anchor(result.head) if result.head else None
    finally:
        await Tortoise.close_connections()


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (fixed tools)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def backup(settings: Settings, target: Path) -> dict[str, object]:
    """Write a backup into `target` (which must be empty or absent); returns its manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup never overwrites another")
    target.mkdir(parents=True, exist_ok=True)
    counts, head = asyncio.run(_counts_and_head(settings))
    if settings.uses_postgres:
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target / PG_DUMP),
                _libpq(settings.migration_url),
            ]
        )
    else:
        source = sqlite3.connect(_sqlite_path(settings.database_url))
        copy = sqlite3.connect(target / SQLITE_COPY)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    materials = settings.var_dir / "materials"
    if materials.exists():
        shutil.copytree(materials, target / "materials", ignore=shutil.ignore_patterns("*.part"))
    (target / "keys").mkdir()
    kept_keys = []
    for key in key_files(settings):
        if key.path.exists():
            shutil.copy2(key.path, target / "keys" / key.name)
            kept_keys.append(key.name)
    if head:
        (target / HEAD).write_text(head + "\n", encoding="ascii")
    manifest: dict[str, object] = {
        "database": "postgres" if settings.uses_postgres else "sqlite",
        "counts": counts,
        "audit_head": head,
        "keys": kept_keys,
        "materials": sum(1 for p in (target / "materials").rglob("*") if p.is_file())
        if (target / "materials").exists()
        else 0,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def restore(settings: Settings, source: Path) -> dict[str, object]:
    """Put a backup back in place of this configuration's database, materials and keys, then verify it."""
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    kind = "postgres" if settings.uses_postgres else "sqlite"
    if manifest["database"] != kind:
        raise BackupError(f"the backup holds a {manifest['database']} database; this configuration uses {kind}")
    for key in key_files(settings):
        saved = source / "keys" / key.name
        if not saved.exists():
            continue
        if key.path.exists() and key.path.read_bytes() != saved.read_bytes():
            raise BackupError(f"{key.path} exists and differs from the backup's: keys are never overwritten")
        key.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(saved, key.path)
        key.path.chmod(0o600)
    if settings.uses_postgres:
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--dbname",
                _libpq(settings.migration_url),
                str(source / PG_DUMP),
            ]
        )
        if settings.database_owner_url:
            asyncio.run(grant_app_role(settings.database_owner_url, settings.database_url))
    else:
        path = _sqlite_path(settings.database_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        shutil.copy2(source / SQLITE_COPY, path)
    if (source / "materials").exists():
        shutil.copytree(source / "materials", settings.var_dir / "materials", dirs_exist_ok=True)
    asyncio.run(_verify_restored(settings, manifest))
    return manifest


async def _verify_restored(settings: Settings, manifest: dict[str, Any]) -> None:
    saved_head = manifest["audit_head"]
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        anchor = parse(str(saved_head)) if saved_head else None
        result = await audit.verify(anchor)
        if not result.ok:
            raise BackupError(
                f"the restored audit chain does not verify: record {result.first_bad_seq}: {result.problem}"
            )
        conn = Tortoise.get_connection("default")
        for table, expected in manifest["counts"].items():
            _, rows = await conn.execute_query(f'SELECT count(*) AS n FROM "{table}"')  # noqa: S608 (saved names)
            if int(rows[0]["n"]) != expected:
                raise BackupError(f"table {table}: {rows[0]['n']} rows restored, {expected} saved")
        if anchor is not None:
            await AnchorFile.under(settings.var_dir).advance()
    finally:
        await Tortoise.close_connections()
