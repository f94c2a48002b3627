"""`python -m bench.plans`: PostgreSQL's planning and execution time per statement of W1
and W2, with custom plans (what the app gets) and with generic plans.

The statements are the ones the app sends: W1 and W2 run once in-process (create_app over
httpx.ASGITransport) and the engine's cursor listener records each statement with its
parameters. Each is then PREPAREd (a named statement, as asyncpg's statement cache makes it)
and `EXPLAIN ANALYZE EXECUTE`d `--runs` times on the application role in transactions bound
to the tenant, under `plan_cache_mode = auto` (what the app gets: PostgreSQL keeps custom
plans when the generic one looks costlier) and `force_generic_plan` (planned once, reused),
and the medians of the last half of the planning and execution times are printed. Times on
a loaded machine are noisy; compare the two columns of one run. Uses its own stack under
bench/.work-plans (wiped at each start).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event

from bench.run import server_env
from bench.stack import Catalog, prepare, start_stack
from bench.workloads import workloads

WORK = Path(__file__).parent / ".work-plans"


async def _statements(
    catalog: Catalog, env: dict[str, str]
) -> list[tuple[str, str, tuple[Any, ...]]]:
    from app.main import create_app
    from app.settings import load_settings

    app = create_app(load_settings(env))
    found: list[tuple[str, str, tuple[Any, ...]]] = []
    current = {"name": ""}

    def on_execute(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "set_config" not in statement:
            found.append((current["name"], statement, tuple(parameters or ())))

    from asgi_lifespan import LifespanManager

    wl = workloads(catalog.token, catalog.handle)
    async with LifespanManager(app):
        engine = app.state.resources.engine
        event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name in ("W1", "W2"):
                work = wl[name]
                current["name"] = name
                answer = await client.post(work.path, content=work.body, headers=work.http_headers)
                assert answer.status_code == 200 and b'"errors"' not in answer.content
        event.remove(engine.sync_engine, "before_cursor_execute", on_execute)
    return found


async def _times(
    catalog: Catalog, sql: str, args: tuple[Any, ...], mode: str, runs: int
) -> tuple[float, float]:
    """Median planning and execution time of EXECUTE of a named prepared statement (what
    asyncpg's statement cache makes of the app's statements) under `mode`."""
    conn = await asyncpg.connect(catalog.urls.database_url)
    planning, execution = [], []
    try:
        probe = await conn.prepare(sql)
        oids = [t.oid for t in probe.get_parameters()]
        types = [await conn.fetchval("SELECT format_type($1, NULL)", oid) for oid in oids]
        await conn.execute(f"PREPARE measured({', '.join(types)}) AS {sql}")
        # EXECUTE takes no bind parameters: the values as typed literals, PostgreSQL's own.
        literals = [
            await conn.fetchval(f"SELECT quote_nullable(($1::{t})::text) || '::{t}'", arg)
            for t, arg in zip(types, args, strict=True)
        ]
        explain = f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE measured({', '.join(literals)})"
        for _ in range(runs):
            async with conn.transaction():
                await conn.execute(
                    "SELECT set_config('app.tenant_id', $1, true),"
                    " set_config('plan_cache_mode', $2, true)",
                    str(catalog.tenant_id),
                    mode,
                )
                summary = json.loads(await conn.fetchval(explain))[0]
                planning.append(summary["Planning Time"])
                execution.append(summary["Execution Time"])
    finally:
        await conn.close()
    # The first executions of `auto` are custom plans by rule; the steady state is the end.
    tail = max(runs // 2, 1)
    return statistics.median(planning[-tail:]), statistics.median(execution[-tail:])


async def _report(catalog: Catalog, env: dict[str, str], runs: int) -> None:
    print(
        "| workload | statement | auto: plan ms | auto: exec ms"
        " | generic: plan ms | generic: exec ms |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, sql, args in await _statements(catalog, env):
        words = sql.split()
        table = words[words.index("FROM") + 1] if "FROM" in words else "?"
        auto = await _times(catalog, sql, args, "auto", runs)
        generic = await _times(catalog, sql, args, "force_generic_plan", runs)
        print(
            f"| {name} | … FROM {table} | {auto[0]:.3f} | {auto[1]:.3f} "
            f"| {generic[0]:.3f} | {generic[1]:.3f} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    stack = start_stack(WORK)
    try:
        catalog = prepare(stack, args.products, seed=1)
        asyncio.run(_report(catalog, server_env(catalog), args.runs))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
