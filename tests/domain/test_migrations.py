"""Migrations are the only way the schema is made: applied to this run's fresh database
(SQLite or PostgreSQL), recorded, and in step with the models."""

from __future__ import annotations

from starlette.applications import Starlette
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from api.cli import migrate
from api.settings import Settings
from domain.db import tortoise_config


async def test_every_migration_is_applied_and_recorded(app: Starlette) -> None:
    conn = Tortoise.get_connection("default")
    _, rows = await conn.execute_query("SELECT app, name FROM tortoise_migrations ORDER BY id")
    names = [(row["app"], row["name"]) for row in rows]
    assert ("models", "0001_initial") in names


async def test_models_need_no_new_migration(app: Starlette, settings: Settings) -> None:
    apps_config = tortoise_config(settings.database_url)["apps"]
    writers = await MigrationAutodetector(Tortoise.apps, apps_config).changes()
    assert [w.name for w in writers] == [], "run `uv run tortoise makemigrations` and commit the result"


async def test_migrate_again_is_a_no_op(app: Starlette, settings: Settings) -> None:
    conn = Tortoise.get_connection("default")
    _, before = await conn.execute_query("SELECT count(*) AS n FROM tortoise_migrations")
    await migrate(settings)
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    conn = Tortoise.get_connection("default")
    _, after = await conn.execute_query("SELECT count(*) AS n FROM tortoise_migrations")
    assert before[0]["n"] == after[0]["n"]
