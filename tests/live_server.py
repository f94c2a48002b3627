"""Real `edestory serve` processes on the test run's PostgreSQL and Redis, for tests that
need processes of their own (two processes sharing Redis) or a client outside Python."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpx

from app.settings import Settings


def free_port() -> int:
    """A free port in 8600-8699 (the range this machine's engineers may use)."""
    start = 8600 + os.getpid() % 50
    for port in [*range(start, 8700), *range(8600, start)]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8600-8699")


@contextmanager
def serving(
    settings: Settings, count: int = 1, env: Mapping[str, str] | None = None, workers: int = 1
) -> Iterator[list[int]]:
    """`count` servers (`edestory serve --workers <workers>` each); their ports."""
    environment = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "EDESTORY_ENV": "test",
        "EDESTORY_JWT_SECRET": settings.jwt_secret,
        **(env or {}),
    }
    ports: list[int] = []
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            port = free_port()
            procs.append(
                subprocess.Popen(
                    [
                        *(sys.executable, "-m", "app.cli", "serve"),
                        *("--port", str(port), "--workers", str(workers)),
                    ],
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            ports.append(port)
            _wait_until_up(port)
        yield ports
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the API on port {port} did not start")
