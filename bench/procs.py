"""The processes the benchmark starts: uvicorn servers (one worker pinned to a core, or
several workers), stopped for sure."""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.embedded.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
SERVER_CPU, LOAD_CPU = 0, 1


def pinner(cpu: int) -> Callable[[], None] | None:
    """A preexec_fn pinning the child to `cpu`, where the machine has a second core."""
    if not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def uvicorn_flags(workers: int = 1) -> list[str]:
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http_impl = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return [
        "--workers",
        str(workers),
        "--loop",
        loop,
        "--http",
        http_impl,
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def start_server(name: str, factory: str, env: dict[str, str], workers: int = 1) -> Server:
    """A uvicorn server; one worker is pinned to SERVER_CPU, several are left to the
    scheduler (uvicorn's supervisor process with `workers` children)."""
    port = free_port()
    log = WORK / f"{name}.log"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *uvicorn_flags(workers),
    ]
    pin = pinner(SERVER_CPU) if workers == 1 else None
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=out, preexec_fn=pin
        )
    return Server(name, port, process, log)


def wait_ready(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited:\n{server.log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        time.sleep(0.1)
    raise SystemExit(f"{server.name} did not answer /healthz in {timeout:.0f}s")


def stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
