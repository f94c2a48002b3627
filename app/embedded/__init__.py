"""Embedded PostgreSQL and Redis for development and tests (`edestory dev`, `make test`)."""

from __future__ import annotations

import asyncio
import json
import os
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
    # Another live launcher (a second `edestory dev` on the same data directory) owns the
    # servers: this one uses them and leaves stopping them to their owner.
    _shared: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.postgres = EmbeddedPostgres(self.root / "postgres", fsync=self.fsync)
        self.redis = EmbeddedRedis(self.root / "redis")

    def start(self) -> StackUrls:
        self.postgres.start()
        try:
            self.redis.start()
            self._shared = self._claim_servers()
            if self.watchdog and not self._shared:
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
        if not self._shared and _read_pid(self._owner_file) == os.getpid():
            self._owner_file.unlink(missing_ok=True)

    @property
    def _owner_file(self) -> Path:
        return self.root / "launcher.pid"

    def _claim_servers(self) -> bool:
        """Record this process as the servers' owner, unless servers it reused belong to
        a launcher that is still alive: True then (shared, not stopped on exit). Servers
        reused from a launcher that died are adopted and stopped on exit."""
        reused = self.postgres.process is None or self.redis.process is None
        owner = _read_pid(self._owner_file)
        if reused and owner and owner != os.getpid() and _alive(owner):
            self.postgres.adopted_pid = 0
            self.redis.adopted_pid = 0
            return True
        self._owner_file.write_text(str(os.getpid()))
        return False

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


def _read_pid(path: Path) -> int:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
