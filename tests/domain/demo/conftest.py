"""The living city, loaded once per test through the real flows (its own tests only)."""

from __future__ import annotations

import pytest_asyncio
from starlette.applications import Starlette

from api.app import make_passwords
from api.settings import Settings
from domain.demo.seed import load_demo


@pytest_asyncio.fixture
async def city(app: Starlette, settings: Settings) -> None:
    await load_demo(passwords=make_passwords(settings), city=True)
