"""Embedded PostgreSQL and Redis for development and tests (`edestory dev`, `make test`)."""

from __future__ import annotations

import asyncio
import json
import secrets
import signal
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from app.embedded.postgres import EmbeddedPostgres, EmbeddedServerError
from app.embedded.redis import EmbeddedRedis
from app.embedded.watchdog import Watchdog

__all__ = ["EmbeddedServerError", "EmbeddedStack", "StackUrls"]

OWNER_ROLE = "edestory_owner"


@dataclass(frozen=True, slots=True)
class StackUrls:
    database_url: str  # the application role: not owner, not superuser, no BYPASSRLS
    database_owner_url: str  # owns the schema; migrations run as this role
    redis_url: str
    app_role: str


@dataclass(slots=True)
class EmbeddedStack:
    """Starts both servers under `root` and makes sure the database and roles exist."""

    root: Path
    database: str = "edestory"
    app_role: str = "edestory_app"
    fsync: bool = True
    # A process that stops the servers should this one die without stopping them (SIGKILL).
    watchdog: bool = False
    postgres: EmbeddedPostgres = field(init=False)
    redis: EmbeddedRedis = field(init=False)
    _watchdog: Watchdog | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.postgres = EmbeddedPostgres(self.root / "postgres", fsync=self.fsync)
        self.redis = EmbeddedRedis(self.root / "redis")

    def start(self) -> StackUrls:
        self.postgres.start()
        try:
            self.redis.start()
            if self.watchdog:
                self._watchdog = Watchdog(
                    [
                        (self.postgres.pid, signal.SIGINT),  # a "fast" shutdown
                        (self.redis.pid, signal.SIGTERM),
                    ]
                )
            passwords = self._role_passwords()
            asyncio.run(self._bootstrap(passwords))
        except BaseException:
            self.stop()
            raise
        base = f"127.0.0.1:{self.postgres.port}/{self.database}"
        return StackUrls(
            database_url=f"postgresql://{self.app_role}:{passwords['app']}@{base}",
            database_owner_url=f"postgresql://{OWNER_ROLE}:{passwords['owner']}@{base}",
            redis_url=self.redis.url,
            app_role=self.app_role,
        )

    def stop(self) -> None:
        self.redis.stop()
        self.postgres.stop()
        if self._watchdog is not None:
            self._watchdog.release()
            self._watchdog = None

    @property
    def sources(self) -> str:
        return f"PostgreSQL from {self.postgres.source}, Redis from {self.redis.source}"

    def _role_passwords(self) -> dict[str, str]:
        path = self.root / "roles.json"
        if path.exists():
            saved: dict[str, str] = json.loads(path.read_text())
            return saved
        passwords = {"owner": secrets.token_urlsafe(18), "app": secrets.token_urlsafe(18)}
        path.write_text(json.dumps(passwords))
        path.chmod(0o600)
        return passwords

    async def _bootstrap(self, passwords: dict[str, str]) -> None:
        conn = await asyncpg.connect(self.postgres.superuser_url())
        try:
            for role, password, extra in (
                (OWNER_ROLE, passwords["owner"], ""),
                (self.app_role, passwords["app"], ""),
            ):
                exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
                verb = "ALTER" if exists else "CREATE"
                # Identifiers are fixed names above; the password is quoted by format().
                sql = await conn.fetchval(
                    "SELECT format('%s ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE "
                    "PASSWORD %L', $1::text, $2::text, $3::text)",
                    verb,
                    role,
                    password,
                )
                await conn.execute(sql + extra)
            if not await conn.fetchval(
                "SELECT 1 FROM pg_database WHERE datname = $1", self.database
            ):
                await conn.execute(f'CREATE DATABASE "{self.database}" OWNER {OWNER_ROLE}')
        finally:
            await conn.close()
