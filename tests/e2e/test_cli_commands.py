"""The `edestory` commands an operator runs against external servers (compose, production)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from app.embedded import EmbeddedStack, StackUrls

ROOT = Path(__file__).resolve().parents[2]
EDESTORY = Path(sys.executable).parent / "edestory"
ENV_NAMES = ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL", "EDESTORY_")


def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ENV_NAMES)}
    return subprocess.run(
        [str(EDESTORY), *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def fresh_database() -> Iterator[StackUrls]:
    """An empty database with its roles, as deploy/postgres/init.sql leaves it in compose."""
    root = ROOT / ".edestory" / f"e2e-cli-{uuid.uuid4().hex[:12]}"
    stack = EmbeddedStack(root, fsync=False)
    urls = stack.start()
    try:
        yield urls
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


async def app_role_can_read_stores(url: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        count: int = await conn.fetchval("SELECT count(*) FROM stores")
        return count
    finally:
        await conn.close()


def test_migrate_needs_only_the_owner_url(fresh_database: StackUrls, tmp_path: Path) -> None:
    result = run(
        "migrate", env={"DATABASE_OWNER_URL": fresh_database.database_owner_url}, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "migrated to head"
    assert "embedded servers" not in result.stderr
    assert not (tmp_path / ".edestory").exists()  # no embedded PostgreSQL was started
    # The tables exist and the application role was granted what it needs.
    assert asyncio.run(app_role_can_read_stores(fresh_database.database_url)) == 0

    again = run(
        "migrate", env={"DATABASE_OWNER_URL": fresh_database.database_owner_url}, cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr


def test_migrate_in_production_with_the_compose_environment(
    fresh_database: StackUrls, tmp_path: Path
) -> None:
    result = run(
        "migrate",
        env={
            "EDESTORY_ENV": "production",
            "DATABASE_URL": fresh_database.database_url,
            "DATABASE_OWNER_URL": fresh_database.database_owner_url,
            "REDIS_URL": fresh_database.redis_url,
            "EDESTORY_JWT_SECRET": "p" * 40,
            "EDESTORY_SECRETS_KEY": "k" * 40,
        },
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "migrated to head"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://a@h/d"}, "REDIS_URL"),
        ({"DATABASE_URL": "postgresql://a@h/d", "REDIS_URL": "redis://h"}, "EDESTORY_JWT_SECRET"),
    ],
)
def test_production_refuses_to_start_on_defaults(
    env: dict[str, str], named: str, tmp_path: Path
) -> None:
    result = run("serve", env={"EDESTORY_ENV": "production", **env}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("edestory: ")
    assert named in result.stderr
    assert "Traceback" not in result.stderr
