"""A local HTTP receiver for webhook deliveries: records each request, answers as scripted."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """`statuses` are answered in turn (the last one repeats); `hold` delays the answers
    to the first requests by that many seconds each."""

    statuses: list[int] = field(default_factory=lambda: [200])
    hold: list[float] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    port: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode().split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {
                k.strip().lower(): v.strip()
                for k, _, v in (line.partition(":") for line in lines[1:] if line)
            }
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            index = len(self.requests)
            self.requests.append(Received(path, headers, body))
            self.arrived.set()
            if index < len(self.hold):
                await asyncio.sleep(self.hold[index])
            status = self.statuses[min(index, len(self.statuses) - 1)]
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".encode()
            )
            await writer.drain()
        writer.close()

    async def wait_for(self, count: int, seconds: float = 30.0) -> list[Received]:
        async with asyncio.timeout(seconds):
            while len(self.requests) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.requests


@contextlib.asynccontextmanager
async def receiver(**kwargs: object) -> AsyncIterator[Receiver]:
    found = Receiver(**kwargs)  # type: ignore[arg-type]
    server = await asyncio.start_server(found._handle, "127.0.0.1", 0)
    found.port = server.sockets[0].getsockname()[1]
    async with server:
        yield found
        server.close()
