"""Helpers for the events suites: a real uvicorn server process, a graphql-transport-ws
client on the `websockets` library, and the outbox relay running in the test's loop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from app.embedded.ports import free_port
from app.settings import Settings

PROTOCOL = "graphql-transport-ws"


def server_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of an `edestory` process sharing the tests' databases."""
    return {
        **os.environ,
        "EDESTORY_ENV": "test",
        "DATABASE_URL": settings.database_url,
        "DATABASE_OWNER_URL": settings.database_owner_url,
        "DATABASE_DIRECT_URL": settings.database_direct_url,
        "EDESTORY_DB_PREPARED_STATEMENTS": "1" if settings.db_prepared_statements else "0",
        "REDIS_URL": settings.redis_url,
        "EDESTORY_JWT_SECRET": settings.jwt_secret,
        "EDESTORY_LOG_JSON": "0",
        "EDESTORY_DB_POOL_SIZE": "5",
        **extra,
    }


@contextlib.contextmanager
def api_server(settings: Settings, **extra: str) -> Iterator[str]:
    """`edestory serve` on a free port; yields its base URL (http://127.0.0.1:port)."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below; a pipe nobody reads would block a chatty server
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "1"],
        env=server_env(settings, **extra),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode())
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("API server did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class GqlSocket:
    """A graphql-transport-ws client: connection_init with a credential, then subscribe."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def init(self, authorization: str | None) -> dict[str, Any]:
        payload = {"Authorization": authorization} if authorization else {}
        await self.ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        return await self.receive()

    async def subscribe(
        self, op_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        message = {
            "id": op_id,
            "type": "subscribe",
            "payload": {"query": query, "variables": variables or {}},
        }
        await self.ws.send(json.dumps(message))

    async def receive(self, seconds: float = 10.0) -> dict[str, Any]:
        """The next message other than a server ping (answered with pong)."""
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), seconds)
            assert isinstance(raw, str), "graphql-transport-ws frames are text"
            message: dict[str, Any] = json.loads(raw)
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            return message

    async def nothing_within(self, seconds: float) -> bool:
        try:
            message = await self.receive(seconds=seconds)
        except TimeoutError:
            return True
        raise AssertionError(f"unexpected message {message}")


@contextlib.asynccontextmanager
async def gql_socket(base_url: str) -> AsyncIterator[GqlSocket]:
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        yield GqlSocket(ws)


@contextlib.contextmanager
def worker_process(settings: Settings, **extra: str) -> Iterator[subprocess.Popen[bytes]]:
    """`edestory worker` with fast sweeps and short retry delays (a factor of 0.01)."""
    env = server_env(
        settings,
        EDESTORY_WEBHOOKS_ALLOW_PRIVATE="1",
        EDESTORY_OUTBOX_SWEEP_SECONDS="0.3",
        EDESTORY_WEBHOOK_BACKOFF_SCALE="0.01",
        EDESTORY_WEBHOOK_TIMEOUT="2",
        **extra,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
