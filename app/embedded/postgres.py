"""An embedded PostgreSQL server: the real server from the pgserver wheel, or from PATH.

Used by `edestory dev` and the tests, never in production (which sets DATABASE_URL).
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import logging
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from app.embedded.ports import free_port, port_is_free

log = logging.getLogger(__name__)

SYSTEM_USER = "edestory-pg"  # postgres refuses to run as root; it runs as this user then


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be found or started."""


def find_postgres_bin() -> tuple[Path, str]:
    """Return the directory holding postgres/initdb and a word on where it came from."""
    # Located without importing pgserver: its import has side effects (runtime dirs, locks).
    spec = importlib.util.find_spec("pgserver")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "pginstall" / "bin"
        if (candidate / "postgres").exists():
            return candidate, "pgserver wheel"
    on_path = shutil.which("pg_ctl") or shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent, "PATH"
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(found) / "postgres").exists():
            return Path(found), found
    raise EmbeddedServerError(
        "No PostgreSQL found: install the pgserver wheel (CPython 3.11/3.12) or put "
        "initdb and postgres on PATH, or set DATABASE_URL"
    )


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        useradd = ["useradd", "--system", "--no-create-home", SYSTEM_USER]
        subprocess.run(useradd, check=True, capture_output=True)
    return SYSTEM_USER


def _make_traversable(path: Path) -> None:
    """Let the unprivileged postgres user reach `path` (needed only when we run as root)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


@dataclass(slots=True)
class EmbeddedPostgres:
    """One PostgreSQL cluster under `root` listening on 127.0.0.1 only."""

    root: Path
    fsync: bool = True
    port: int = 0
    superuser_password: str = ""
    process: subprocess.Popen[bytes] | None = None
    adopted_pid: int = 0
    source: str = ""

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def superuser_url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres:{self.superuser_password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        bin_dir, self.source = find_postgres_bin()
        self.root.mkdir(parents=True, exist_ok=True)
        user = _run_as()
        if user:
            _make_traversable(bin_dir)
            _make_traversable(self.root)
        secret_file = self.root / "superuser-password"
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb(bin_dir, user, secret_file)
        self.superuser_password = secret_file.read_text().strip()
        if self._adopt_running_server():
            return
        port_file = self.root / "port"
        saved = int(port_file.read_text()) if port_file.exists() else 0
        self.port = saved if saved and port_is_free(saved) else free_port()
        port_file.write_text(str(self.port))
        args = [
            str(bin_dir / "postgres"),
            "-D",
            str(self.data_dir),
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "unix_socket_directories=",
            "-c",
            "max_connections=200",
            "-c",
            f"fsync={'on' if self.fsync else 'off'}",
            "-c",
            "synchronous_commit=" + ("on" if self.fsync else "off"),
            "-c",
            "full_page_writes=" + ("on" if self.fsync else "off"),
        ]
        # The child keeps its own descriptor; ours closes when the block ends.
        with open(self.root / "postgres.log", "ab") as logfile:
            self.process = subprocess.Popen(
                args, stdout=logfile, stderr=subprocess.STDOUT, user=user, start_new_session=True
            )
        self._wait_ready(bin_dir)

    def _initdb(self, bin_dir: Path, user: str | None, secret_file: Path) -> None:
        password = secrets.token_urlsafe(24)
        pwfile = self.root / "initdb-pwfile"
        pwfile.write_text(password + "\n")
        if user:
            ids = pwd.getpwnam(user)
            self.data_dir.mkdir(exist_ok=True)
            os.chown(self.data_dir, ids.pw_uid, ids.pw_gid)
            os.chown(pwfile, ids.pw_uid, ids.pw_gid)
        try:
            subprocess.run(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    "postgres",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "-E",
                    "UTF8",
                    "--no-locale",
                ],
                check=True,
                capture_output=True,
                user=user,
            )
        except subprocess.CalledProcessError as exc:
            raise EmbeddedServerError(
                f"initdb failed: {exc.stderr.decode(errors='replace')}"
            ) from exc
        finally:
            pwfile.unlink(missing_ok=True)
        secret_file.write_text(password)
        secret_file.chmod(0o600)

    @property
    def pid(self) -> int:
        """The postmaster's pid, whether this launcher started it or adopted it."""
        if self.process is not None:
            return self.process.pid
        return self.adopted_pid

    def _adopt_running_server(self) -> bool:
        """Reuse a server a previous launcher left running on the same data directory."""
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return False
        lines = pid_file.read_text().splitlines()
        try:
            pid, port = int(lines[0]), int(lines[3])
            os.kill(pid, 0)
        except (IndexError, ValueError, ProcessLookupError, PermissionError):
            return False
        if port_is_free(port):
            return False
        self.port = port
        self.adopted_pid = pid  # stopped on exit like one this launcher started
        log.info("reusing the PostgreSQL server already running on port %s (pid %s)", port, pid)
        return True

    def _wait_ready(self, bin_dir: Path, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise EmbeddedServerError(
                    f"PostgreSQL exited at start; see {self.root / 'postgres.log'}"
                )
            ready = subprocess.run(
                [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                check=False,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise EmbeddedServerError(f"PostgreSQL did not become ready in {timeout:.0f}s")

    def stop(self) -> None:
        if self.process is None and self.adopted_pid:
            stop_adopted(self.adopted_pid, signal.SIGINT)
            self.adopted_pid = 0
            return
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # "fast" shutdown: roll back, then exit cleanly
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def stop_adopted(pid: int, signum: int, timeout: float = 30.0) -> None:
    """Stop a server a previous launcher left running (not our child: no wait())."""
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
