"""`edestory serve --workers 2`: two API processes under uvicorn's supervisor, each with its
own app; SIGTERM stops them all and the supervisor exits cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.settings import Settings
from tests.live_server import _wait_until_up, free_port


def _children(pid: int) -> dict[int, str]:
    """Processes whose parent is `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline
    return found


def _gone(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"  # exited; init reaps it


def test_two_workers_serve_and_stop_on_sigterm(settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "EDESTORY_ENV": "test",
        "EDESTORY_JWT_SECRET": settings.jwt_secret,
    }
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"]
    log_file = tmp_path / "serve.log"
    with log_file.open("wb") as out:
        supervisor = subprocess.Popen(command, env=env, stderr=out)
    try:
        _wait_until_up(port)
        workers: list[int] = []
        for _ in range(100):  # the second worker may still be starting
            workers = [p for p, cmd in _children(supervisor.pid).items() if "spawn_main" in cmd]
            if len(workers) == 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert ready.json()["checks"] == {"postgres": "ok", "redis": "ok"}

        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=30) == 0
        for _ in range(100):
            if all(_gone(p) for p in workers):
                break
            time.sleep(0.1)
        assert all(_gone(p) for p in workers)
        log = log_file.read_text()
        assert log.count("Application shutdown complete") == 2  # each worker's lifespan
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
