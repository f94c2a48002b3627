"""`edestory worker --check`, the worker container's health check: healthy while this host's
workers (both queues) beat, unhealthy once they stopped."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from app.settings import Settings
from tests.events.support import server_env, worker_process


def check(settings: Settings) -> int:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "worker", "--check"],
        env=server_env(settings),
        capture_output=True,
        timeout=60,
    ).returncode


async def _until(settings: Settings, code: int, seconds: float) -> None:
    for _ in range(int(seconds / 0.5)):
        if check(settings) == code:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"worker --check never answered {code} within {seconds} s")


async def test_worker_check_follows_the_workers_heartbeat(settings: Settings) -> None:
    with worker_process(settings):
        await _until(settings, 0, 40)
    # Stopped: arq deletes its health keys on the way out (else they lapse in 11 s).
    await _until(settings, 1, 15)
