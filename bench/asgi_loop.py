"""`python -m bench.asgi_loop W N`: N requests of a workload straight into the ASGI app.

No HTTP server and no client library: the app is called with a prepared scope, one
request after another, so whatever measures this process (bench/instructions.py runs it
under valgrind) measures the app. The settings come from the environment (as for
bench/serve_app.py) plus BENCH_TOKEN and BENCH_HANDLE; 20 warm-up requests run first and
the last answer must be a 200 without errors.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import MutableMapping
from typing import Any

import uvloop

from app.main import create_app
from app.settings import load_settings
from bench.workloads import Workload, workloads


async def _loop(workload: Workload, count: int) -> None:
    app = create_app(load_settings())
    headers = [(k.lower().encode(), v.encode()) for k, v in workload.http_headers.items()]
    headers += [(b"content-length", str(len(workload.body)).encode()), (b"host", b"bench")]
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": workload.path,
        "raw_path": workload.path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }

    async def call() -> tuple[int, bytes]:
        sent = False
        status = 0
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": workload.body, "more_body": False}
            await asyncio.Event().wait()  # the client never disconnects
            raise AssertionError

        async def send(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await app(dict(scope, state={}), receive, send)
        return status, b"".join(chunks)

    async with app.router.lifespan_context(app):
        for _ in range(20):
            status, body = await call()
        if status != 200 or b'"errors"' in body:
            raise SystemExit(f"{workload.name} answered {status}: {body[:300]!r}")
        for _ in range(count):
            await call()


def main() -> None:
    name, count = sys.argv[1], int(sys.argv[2])
    workload = workloads(os.environ["BENCH_TOKEN"], os.environ["BENCH_HANDLE"])[name]
    uvloop.run(_loop(workload, count))


if __name__ == "__main__":
    main()
