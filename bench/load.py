"""A closed-loop HTTP/1.1 load generator, run in its own process: `python -m bench.load`.

It reads a JSON job on stdin, keeps `connections` keep-alive connections busy (one request in
flight on each), prints `start` and `end` around the measured window (after the warm-up),
then a JSON result: requests/s, p50 and p99 latency over that window, and errors (a status
other than 200, or a body with "errors").
Written on asyncio protocols (uvloop when installed) so that one core drives far more
requests per second than the servers under test answer; its own CPU use is reported.
"""

from __future__ import annotations

import asyncio
import base64
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Any


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    request: bytes
    measuring: bool = False
    stopping: bool = False
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    reconnects: int = 0

    def record(self, started: float, status: int, body: bytes) -> None:
        if not self.measuring:
            return
        self.latencies.append(time.perf_counter() - started)
        if status != 200 or b'"errors"' in body:
            self.errors += 1
            if not self.first_error:
                self.first_error = f"{status} {body[:300]!r}"


class Client(asyncio.Protocol):
    """One keep-alive connection; sends the next request when a response is complete."""

    def __init__(self, run: Run, closed: asyncio.Future[None]) -> None:
        self.run = run
        self.closed = closed
        self.buffer = bytearray()
        self.started = 0.0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no subclass
        self.fire()

    def fire(self) -> None:
        assert self.transport is not None
        if self.run.stopping:
            self.transport.close()
            return
        self.started = time.perf_counter()
        self.transport.write(self.run.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self.buffer[:end]).lower()
        mark = head.find(b"\r\ncontent-length:")
        if mark < 0:
            raise RuntimeError(f"response without Content-Length: {head[:200]!r}")
        line_end = head.find(b"\r\n", mark + 2)
        length = int(head[mark + 17 : line_end if line_end > 0 else None])
        total = end + 4 + length
        if len(self.buffer) < total:
            return
        status = int(head[9:12])
        body = bytes(self.buffer[end + 4 : total])
        del self.buffer[:total]
        self.run.record(self.started, status, body)
        self.fire()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)


async def _connection(host: str, port: int, run: Run) -> None:
    loop = asyncio.get_running_loop()
    while not run.stopping:
        closed: asyncio.Future[None] = loop.create_future()
        await loop.create_connection(lambda c=closed: Client(run, c), host, port)
        await closed
        if not run.stopping:  # the server closed a keep-alive connection mid-run
            run.reconnects += 1
            if run.measuring:
                run.errors += 1


async def drive(job: dict[str, Any]) -> dict[str, Any]:
    run = Run(request=base64.b64decode(job["request"]))
    tasks = [
        asyncio.create_task(_connection(job["host"], job["port"], run))
        for _ in range(job["connections"])
    ]
    await asyncio.sleep(job["warmup"])
    cpu0, start = _cpu_seconds(), time.perf_counter()
    run.measuring = True
    print("start", flush=True)  # the harness samples CPU times at both marks
    await asyncio.sleep(job["duration"])
    run.measuring = False
    print("end", flush=True)
    elapsed, cpu = time.perf_counter() - start, _cpu_seconds() - cpu0
    run.stopping = True
    done, pending = await asyncio.wait(tasks, timeout=5)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
    latencies = sorted(run.latencies)
    count = len(latencies)

    def pct(q: float) -> float:
        return latencies[min(count - 1, int(q * count))] * 1000 if count else 0.0

    return {
        "requests": count,
        "seconds": elapsed,
        "rps": count / elapsed,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": run.errors,
        "first_error": run.first_error,
        "reconnects": run.reconnects,
        "loadgen_cpu": cpu / elapsed,
    }


def main() -> None:
    job = json.load(sys.stdin)
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    print(json.dumps(runner(drive(job))))


if __name__ == "__main__":
    main()
