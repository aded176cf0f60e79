"""Tortoise configuration: one app holding every area's models, one migrations package."""

from __future__ import annotations

import os
from typing import Any

MODEL_MODULES = [
    "domain.accounts.models",
    "domain.audit.models",
    "domain.projects.models",
    "domain.workflow.models",
    "domain.experts.models",
    "domain.events.models",
    "domain.catalogue.models",
    "domain.scoring.models",
    "domain.calendar.models",
    "domain.reviews.models",
    "domain.inbox.models",
]
MIGRATIONS_MODULE = "domain.migrations"
DEFAULT_DATABASE_URL = "sqlite://var/quancheng.sqlite3"


def normalise_url(url: str) -> str:
    """Tortoise speaks `postgres://` and `sqlite://`; accept `postgresql://` too."""
    if url.startswith("postgresql://"):
        return "postgres://" + url.removeprefix("postgresql://")
    return url


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise config for a database URL."""
    return {
        "connections": {"default": normalise_url(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# Read by the `tortoise` CLI (makemigrations): `[tool.tortoise] tortoise_orm` in pyproject.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
