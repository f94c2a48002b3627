"""`python -m bench.db_cycle`: instructions per request-like database cycle, by valgrind.

A cycle is what a two-statement storefront read asks of app/db: a `RequestDB` bound to the
bench tenant (generic plans), two precompiled reads (`run`) and `close(commit=True)`, i.e.
four round trips (BEGIN with the settings, the reads, COMMIT). Counted as the difference
between runs of 600 and 100 cycles (`--rows A B`: rows per read, 20 and 200 by default;
`--extra N`: N more one-row reads per cycle, to price a round trip), so the DB path can be
compared between builds without the ~3% spread of W1's whole request (bench/RESULTS.md).
`python -m bench.db_cycle loop N` runs the cycles (what valgrind measures).
"""

from __future__ import annotations

import argparse
import os
import uuid

from bench.instructions import under_valgrind


async def _loop(count: int, rows: tuple[int, int], extra: int) -> None:
    from sqlalchemy import bindparam, select

    from app.catalog.models import product_variants, products
    from app.db.engine import create_engine
    from app.db.prepared import compile_statement
    from app.db.tenant import RequestDB

    engine = create_engine(os.environ["DATABASE_URL"], pool_size=4)
    tenant = uuid.UUID(os.environ["FLOOR_TENANT_ID"])
    first = compile_statement(
        select(products.c.id, products.c.title)
        .where(products.c.tenant_id == bindparam("t"))
        .order_by(products.c.id)
        .limit(rows[0])
    )
    second = compile_statement(
        select(product_variants.c.id, product_variants.c.product_id)
        .where(product_variants.c.tenant_id == bindparam("t"))
        .limit(rows[1])
    )
    one = compile_statement(
        select(products.c.id).where(products.c.tenant_id == bindparam("t")).limit(1)
    )
    try:
        for _ in range(count):
            db = RequestDB(engine, tenant, generic_plans=True)
            assert await db.run(first, {"t": tenant})
            assert await db.run(second, {"t": tenant})
            for _ in range(extra):
                await db.run(one, {"t": tenant})
            await db.close(commit=True)
    finally:
        await engine.dispose()


def _count(env: dict[str, str], cycles: int, args: argparse.Namespace) -> int:
    rows = [str(n) for n in args.rows]
    module = ["bench.db_cycle", "loop", str(cycles), "--rows", *rows, "--extra", str(args.extra)]
    return under_valgrind(env, module, "db_cycle")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="count", choices=["count", "loop"])
    parser.add_argument("cycles", nargs="?", type=int, default=0)
    parser.add_argument("--rows", nargs=2, type=int, default=[20, 200])
    parser.add_argument("--extra", type=int, default=0)
    args = parser.parse_args(argv)
    if args.mode == "loop":
        import uvloop

        uvloop.run(_loop(args.cycles, (args.rows[0], args.rows[1]), args.extra))
        return

    from bench.procs import WORK
    from bench.run import server_env
    from bench.stack import prepare, start_stack

    stack = start_stack(WORK)
    try:
        env = server_env(prepare(stack, 2000, seed=1))
        env["PYTHONPATH"] = os.getcwd()
        low, high = _count(env, 100, args), _count(env, 600, args)
        print(f"{(high - low) / 500 / 1e3:.1f} k instructions per cycle", flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
