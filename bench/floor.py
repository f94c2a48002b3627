"""The floor: W1's exact JSON from one hand-written SQL statement, through asyncpg directly.

A minimal Starlette app, served by the same uvicorn settings as the API. It connects as the
application role, so row-level security applies, and binds the tenant per request:

- `POST /w1`: ONE statement. Its first CTE (MATERIALIZED) calls
  `set_config('app.tenant_id', $1, true)`; everything that reads a tenant table hangs off that
  CTE through LATERAL joins and correlated subqueries, so the executor runs set_config before
  any RLS qual reads `current_setting('app.tenant_id')`. Outside an explicit transaction the
  statement is its own (implicit) transaction, so the setting ends with it. One round trip.
- `POST /w1-tx`: the app's protocol: BEGIN, `SELECT set_config(...)`, the same statement
  (reading the setting), COMMIT. Four round trips.

The JSON is built by PostgreSQL (json_build_object / json_agg) and sent as is: same field
names, data and nesting as the GraphQL answer, compared after parsing by bench/run.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def _gid(type_name: str, column: str) -> str:
    """app.graphql.ids.to_global_id in SQL: base64url of `Type:uuid`, no padding."""
    encoded = f"encode(convert_to('{type_name}:' || {column}::text, 'UTF8'), 'base64')"
    return f"rtrim(translate({encoded}, E'+/\\n', '-_'), '=')"


def _money(amount: str, currency: str) -> str:
    """Money {amount currencyCode}; app.money.format_amount in SQL."""
    text = (
        f"CASE WHEN {currency} IN ('JPY', 'KRW', 'VND', 'ISK') THEN {amount}::text ELSE"
        f" CASE WHEN {amount} < 0 THEN '-' ELSE '' END || (abs({amount}) / 100)::text"
        f" || '.' || lpad((abs({amount}) % 100)::text, 2, '0') END"
    )
    return f"json_build_object('amount', {text}, 'currencyCode', {currency})"


def _cursor(created_at: str, product_id: str) -> str:
    """encode_cursor([created_at, id]): base64url of orjson's `["<RFC 3339>","<uuid>"]`."""
    utc = f"({created_at} AT TIME ZONE 'UTC')"
    stamp = (
        f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || CASE WHEN to_char({utc}, 'US') = '000000' THEN '' ELSE to_char({utc}, '.US') END"
        " || '+00:00'"
    )
    raw = f"'[\"' || {stamp} || '\",\"' || {product_id}::text || '\"]'"
    encoded = f"encode(convert_to({raw}, 'UTF8'), 'base64')"
    return f"rtrim(translate({encoded}, E'+/\\n', '-_'), '=')"


def w1_sql(tenant: str, store: str, first: str) -> str:
    """W1 as one statement: `tenant` yields the tenant's uuid; `store`, `first` are params."""
    zero = _money("0::bigint", "pg.currency")
    # Built from the constant fragments above; values travel as bind parameters.
    return f"""
WITH cfg AS MATERIALIZED (SELECT ({tenant})::uuid AS tenant),
page AS MATERIALIZED (
    SELECT p.id, p.tenant_id, p.handle, p.title, p.description, p.min_price, p.max_price,
           p.created_at, s.currency, row_number() OVER (ORDER BY p.created_at, p.id) AS n
    FROM cfg
    CROSS JOIN LATERAL (
        SELECT * FROM products
        WHERE tenant_id = cfg.tenant AND store_id = {store} AND status = 'ACTIVE'
        ORDER BY created_at, id
        LIMIT {first} + 1
    ) p
    JOIN stores s ON s.tenant_id = p.tenant_id AND s.id = p.store_id
),
edges AS (
    SELECT pg.n, {_cursor("pg.created_at", "pg.id")} AS cursor, json_build_object(
        'id', {_gid("Product", "pg.id")},
        'handle', pg.handle,
        'title', pg.title,
        'description', pg.description,
        'featuredImage', (
            SELECT json_build_object('url', m.url, 'altText', m.alt_text,
                                     'width', m.width, 'height', m.height)
            FROM media m
            WHERE m.tenant_id = pg.tenant_id AND m.product_id = pg.id
            ORDER BY m.position, m.id LIMIT 1
        ),
        'priceRange', CASE WHEN pg.min_price IS NULL OR pg.max_price IS NULL
            THEN json_build_object('minVariantPrice', {zero}, 'maxVariantPrice', {zero})
            ELSE json_build_object(
                'minVariantPrice', {_money("pg.min_price", "pg.currency")},
                'maxVariantPrice', {_money("pg.max_price", "pg.currency")})
            END,
        'variants', json_build_object('nodes', coalesce((
            SELECT json_agg(json_build_object(
                'id', {_gid("ProductVariant", "v.id")},
                'sku', v.sku,
                'title', v.title,
                'price', {_money("v.price_amount", "pg.currency")},
                'quantityAvailable', greatest(coalesce(i.on_hand - i.reserved, 0), 0),
                'selectedOptions', coalesce((
                    SELECT json_agg(json_build_object('name', o.name, 'value', ov.value)
                                    ORDER BY o.i)
                    FROM unnest(opt.names) WITH ORDINALITY o(name, i)
                    JOIN unnest(v.option_values) WITH ORDINALITY ov(value, i) USING (i)
                ), '[]'::json)
            ) ORDER BY v.position, v.id)
            FROM (
                SELECT * FROM product_variants
                WHERE tenant_id = pg.tenant_id AND product_id = pg.id
                ORDER BY position, id LIMIT 10
            ) v
            LEFT JOIN inventory_levels i ON i.tenant_id = v.tenant_id AND i.variant_id = v.id
        ), '[]'::json))
    ) AS node
    FROM page pg
    CROSS JOIN LATERAL (
        SELECT array_agg(po.name ORDER BY po.position) AS names
        FROM product_options po
        WHERE po.tenant_id = pg.tenant_id AND po.product_id = pg.id
    ) opt
    WHERE pg.n <= {first}
)
SELECT json_build_object('data', json_build_object('products', json_build_object(
    'edges', coalesce(
        (SELECT json_agg(json_build_object('cursor', e.cursor, 'node', e.node) ORDER BY e.n)
         FROM edges e), '[]'::json),
    'pageInfo', json_build_object(
        'hasNextPage', (SELECT count(*) > {first} FROM page),
        'endCursor', (SELECT e.cursor FROM edges e ORDER BY e.n DESC LIMIT 1))
)))::text
FROM cfg
"""  # noqa: S608


SINGLE = w1_sql("set_config('app.tenant_id', $1::text, true)", "$2", "$3")
IN_TRANSACTION = w1_sql("current_setting('app.tenant_id')", "$1", "$2")
SET_TENANT = "SELECT set_config('app.tenant_id', $1::text, true)"


def _first(body: bytes) -> int:
    variables = orjson.loads(body).get("variables") or {}
    return int(variables.get("first", 20))


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Nothing to reset: no session state is changed (asyncpg's default costs a round trip)."""


def create(
    database_url: str | None = None,
    tenant_id: str | None = None,
    store_id: str | None = None,
    pool_size: int = 10,
) -> Starlette:
    """The floor app; arguments default to FLOOR_DATABASE_URL, FLOOR_TENANT_ID, FLOOR_STORE_ID."""
    url = database_url or os.environ["FLOOR_DATABASE_URL"]
    tenant = tenant_id or os.environ["FLOOR_TENANT_ID"]
    store = uuid.UUID(store_id or os.environ["FLOOR_STORE_ID"])
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(
            url, min_size=pool_size, max_size=pool_size, reset=_keep_session
        )
        try:
            yield
        finally:
            await pool.close()

    async def single(request: Request) -> Response:
        first = _first(await request.body())
        assert pool is not None
        async with pool.acquire() as conn:
            text = await conn.fetchval(SINGLE, tenant, store, first)
        return Response(text.encode(), media_type="application/json")

    async def in_transaction(request: Request) -> Response:
        first = _first(await request.body())
        assert pool is not None
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(SET_TENANT, tenant)
            text = await conn.fetchval(IN_TRANSACTION, store, first)
        return Response(text.encode(), media_type="application/json")

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/w1", single, methods=["POST"]),
            Route("/w1-tx", in_transaction, methods=["POST"]),
            Route("/healthz", healthz),
        ],
        lifespan=lifespan,
    )
