"""A real PgBouncer (Debian's `pgbouncer` package) in transaction mode, in front of the
tests' embedded PostgreSQL, on a free loopback port.

PgBouncer refuses to run as root: started as root it drops to `nobody` (its `user`
setting), so its directory and files are made readable to everyone (test passwords only).
It authenticates clients with SCRAM against a userlist holding the roles' passwords, and logs
in to PostgreSQL with the same passwords (the embedded server's host auth is SCRAM).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from app.embedded.ports import free_port
from app.embedded.watchdog import Watchdog

MISSING = (
    "pgbouncer is not installed: the PgBouncer tests are skipped "
    "(`make test` installs Debian's pgbouncer when it runs as root)"
)


def find_pgbouncer() -> str | None:
    found = shutil.which("pgbouncer")
    if found:
        return found
    for candidate in ("/usr/sbin/pgbouncer", "/usr/local/sbin/pgbouncer"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


class PgBouncer:
    """One PgBouncer for the given application-role URLs (all on one PostgreSQL)."""

    def __init__(self, binary: str, urls: list[str], *, pool_size: int = 2) -> None:
        self.binary = binary
        self.urls = urls
        self.pool_size = pool_size
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._dir: Path | None = None
        self._watchdog: Watchdog | None = None

    def url(self, direct: str) -> str:
        """`direct` (a postgresql:// URL of the same server) as it reads through PgBouncer."""
        parts = urlsplit(direct)
        credentials = parts.netloc.rsplit("@", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{credentials}@127.0.0.1:{self.port}"))

    def _config(self, directory: Path) -> Path:
        first = urlsplit(self.urls[0])
        database = first.path.lstrip("/")
        parts = [urlsplit(url) for url in self.urls]
        users = {unquote(p.username or ""): unquote(p.password or "") for p in parts}
        userlist = directory / "userlist.txt"
        userlist.write_text("".join(f'"{u}" "{p}"\n' for u, p in users.items()))
        config = directory / "pgbouncer.ini"
        as_root = os.geteuid() == 0
        config.write_text(
            f"""[databases]
{database} = host={first.hostname} port={first.port} dbname={database}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {userlist}
pool_mode = transaction
default_pool_size = {self.pool_size}
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 200
server_reset_query =
log_connections = 0
log_disconnections = 0
{"user = nobody" if as_root else ""}
"""
        )
        for path in (directory, userlist, config):
            path.chmod(0o755 if path.is_dir() else 0o644)
        return config

    def start(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="edestory-pgbouncer-"))
        self.port = free_port()
        config = self._config(self._dir)
        log = (self._dir / "pgbouncer.log").open("wb")
        self.process = subprocess.Popen(
            [self.binary, str(config)], stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        # Stopped even if pytest is killed, as the embedded servers are.
        self._watchdog = Watchdog([(self.process.pid, signal.SIGTERM)])
        deadline = time.monotonic() + 15
        while not _listening(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = (self._dir / "pgbouncer.log").read_text(errors="replace")
                self.stop()
                raise RuntimeError(f"pgbouncer did not start:\n{output}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._watchdog is not None:
            self._watchdog.release()
            self._watchdog = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    @contextlib.contextmanager
    def running(self) -> Iterator[PgBouncer]:
        self.start()
        try:
            yield self
        finally:
            self.stop()


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
