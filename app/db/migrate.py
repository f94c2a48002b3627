"""Run the Alembic migrations as the owner, then grant the application role its privileges."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import create_async_engine

from app.db.engine import asyncpg_url
from app.db.grants import grant_app_role

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(owner_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = owner_url
    return config


def migrate(owner_url: str, app_role: str) -> None:
    """Upgrade to head and (re)grant; safe to run on every start."""
    command.upgrade(alembic_config(owner_url), "head")
    asyncio.run(_grant(owner_url, app_role))


async def _grant(owner_url: str, app_role: str) -> None:
    engine = create_async_engine(asyncpg_url(owner_url))
    try:
        async with engine.begin() as conn:
            await grant_app_role(conn, app_role)
    finally:
        await engine.dispose()
