"""SQL statements per request, counted by PostgreSQL itself.

For the counting only, the application role gets `log_statement = 'all'` (ALTER ROLE, as the
superuser), the API and the floor run in this process (create_app / bench.floor.create over
httpx.ASGITransport, the same code the servers run), and the statements their fresh
connections send are read back from the server log: every BEGIN, set_config, query and
COMMIT, whichever client library sent it. The setting is reset before the servers start.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from starlette.applications import Starlette

from bench.workloads import Workload

_STATEMENT = re.compile(r" LOG:  (?:statement|execute [^:]*): (.*)$")
_NEW_LINE = re.compile(r"^\d{4}-\d\d-\d\d ")
# A statement is named after the first of these it reads (subqueries read the others).
MAIN_TABLES = [
    "products",
    "product_variants",
    "media",
    "collection_products",
    "categories",
    "collections",
    "storefront_tokens",
    "stores",
    "carts",
    "cart_lines",
    "shipping_rates",
    "inventory_levels",
]


@dataclass(frozen=True, slots=True)
class Count:
    per_request: float
    labels: list[str]  # the statements of one request, shortened

    def __str__(self) -> str:
        n = self.per_request
        return f"{n:.0f}" if n == int(n) else f"{n:.2f}"


def _label(sql: str) -> str:
    text = " ".join(sql.split())
    if text.startswith("BEGIN; SET LOCAL "):  # app/db/tenant.py bind_transaction
        settings = re.findall(r"SET LOCAL ([\w.]+)", text)
        return f"BEGIN; SET LOCAL({', '.join(settings)})"
    if text.startswith("SET LOCAL ") and len(text) < 120:  # app/db/tenant.py set_local
        return "; ".join(re.findall(r"SET LOCAL [\w.]+", text))
    if text.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
        return text.split()[0]
    if "set_config('app.tenant_id'" in text and len(text) < 80:
        return "set_config(app.tenant_id)"
    if text.startswith("WITH cfg"):
        return "WITH cfg … (W1 in one statement)"
    tables = re.findall(r"\bFROM (\w+)", text)
    main = next((t for t in MAIN_TABLES if t in tables), tables[0] if tables else "")
    return f"SELECT … FROM {main}" if main else text[:40]  # noqa: S608 (a label)


def _size(log: Path) -> int:
    return log.stat().st_size


def _statements(log: Path, offset: int) -> list[str]:
    with log.open("rb") as f:
        f.seek(offset)
        lines = f.read().decode(errors="replace").splitlines()
    found: list[str] = []
    for line in lines:
        match = _STATEMENT.search(line)
        if match:
            found.append(match.group(1))
        elif found and not _NEW_LINE.match(line):
            found[-1] += "\n" + line  # a multi-line statement goes on without a prefix
    return found


@asynccontextmanager
async def _logging_role(superuser_url: str, role: str) -> AsyncIterator[None]:
    conn = await asyncpg.connect(superuser_url)
    try:
        await conn.execute(f"ALTER ROLE \"{role}\" SET log_statement = 'all'")
        try:
            yield
        finally:
            await conn.execute(f'ALTER ROLE "{role}" RESET log_statement')
    finally:
        await conn.close()


async def count(
    *,
    superuser_url: str,
    role: str,
    log: Path,
    apps: dict[str, Starlette],
    workloads: list[tuple[str, Workload]],
    requests: int = 10,
) -> dict[str, Count]:
    """`workloads` pairs an app name (a key of `apps`) with a workload."""
    results: dict[str, Count] = {}
    async with _logging_role(superuser_url, role), AsyncExitStack() as stack:
        clients = {}
        for name, app in apps.items():
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://bench")
            )
        for app_name, workload in workloads:
            client = clients[app_name]

            async def send(client: httpx.AsyncClient = client, w: Workload = workload) -> None:
                response = await client.post(w.path, content=w.body, headers=w.http_headers)
                if response.status_code != 200 or b'"errors"' in response.content:
                    raise SystemExit(f"{w.name}: {response.status_code} {response.text[:300]}")

            for _ in range(3):  # connections, type introspection and caches warmed up
                await send()
            await asyncio.sleep(0.2)
            offset = _size(log)
            for _ in range(requests):
                await send()
            await asyncio.sleep(0.5)  # the server writes its log asynchronously
            found = _statements(log, offset)
            per = len(found) / requests
            one = found[: round(per)] if per == int(per) else found
            results[workload.name] = Count(per, [_label(s) for s in one])
    return results
