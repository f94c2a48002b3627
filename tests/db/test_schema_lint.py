"""Schema lint: every table can be distributed by tenant (Citus) and is fenced by RLS.

For every table with a `tenant_id` column: the primary key, every unique constraint or
index, and every b-tree index lead with `tenant_id`; every foreign key to another tenant
table carries `tenant_id` to `tenant_id`; row-level security is enabled and forced. Tables
without `tenant_id` (global ones: tenants, users, routing) must still force RLS. A failure
names the table and the rule. Exceptions are listed below with the reason for each.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# supplier_connection_routes: an inbound supplier webhook names a connection before any
# tenant is known (app/suppliers/webhook.py); a reference table under Citus.
GLOBAL_TABLES = {
    "tenants",
    "users",
    "store_domains",
    "tenant_expiry_due",
    "supplier_connection_routes",
}
# Index name -> why it may not lead with tenant_id.
INDEX_EXCEPTIONS = {
    # Sign-in finds a user's memberships before any tenant is known (app/tenancy/auth.py).
    "staff_members_user_idx",
    # The hourly purge deletes expired keys of every tenant by age (app/db/idempotency.py);
    # under Citus it runs on each shard, where this index is local.
    "idempotency_keys_created_at",
}

TABLES = text("""
SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
               AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'alembic_version'
 ORDER BY c.relname
""")
INDEXES = text("""
SELECT t.relname AS table_name, ic.relname AS index_name, i.indisunique, i.indisprimary,
       am.amname, a.attname AS first_column
  FROM pg_index i
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam
  JOIN pg_namespace n ON n.oid = t.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
 WHERE n.nspname = 'public'
""")
FOREIGN_KEYS = text("""
SELECT t.relname AS table_name, con.conname, r.relname AS referenced,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o)
         AS columns,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o)
         AS referenced_columns
  FROM pg_constraint con
  JOIN pg_class t ON t.oid = con.conrelid
  JOIN pg_class r ON r.oid = con.confrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE con.contype = 'f' AND n.nspname = 'public'
""")


async def _rows(engine: AsyncEngine, statement: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list(await conn.execute(statement))


def lint(tables: list[Any], indexes: list[Any], foreign_keys: list[Any]) -> list[str]:
    """Every violation as "table: rule"."""
    # Global tables: read before a tenant is known (store_domains routes hosts) or across
    # tenants (tenant_expiry_due, by the sweep). deploy/citus/distribute.sql says how each is
    # placed under Citus (tests/db/test_citus_plan.py checks it).
    tenant_tables = {t.relname for t in tables if t.has_tenant and t.relname not in GLOBAL_TABLES}
    problems = []
    for table in tables:
        if not (table.relrowsecurity and table.relforcerowsecurity):
            problems.append(f"{table.relname}: row-level security is not enabled and forced")
        if not table.has_tenant and table.relname not in GLOBAL_TABLES:
            problems.append(f"{table.relname}: no tenant_id column and not a known global table")
    for index in indexes:
        if index.table_name not in tenant_tables or index.index_name in INDEX_EXCEPTIONS:
            continue
        if index.first_column == "tenant_id":
            continue
        if index.indisprimary:
            problems.append(f"{index.table_name}: primary key does not lead with tenant_id")
        elif index.indisunique:
            problems.append(
                f"{index.table_name}: unique {index.index_name} does not lead with tenant_id"
            )
        elif index.amname == "btree":  # GIN indexes (arrays, search) can't lead with a uuid
            problems.append(
                f"{index.table_name}: index {index.index_name} does not lead with tenant_id"
            )
    for fk in foreign_keys:
        if fk.table_name not in tenant_tables or fk.referenced not in tenant_tables:
            continue
        pairs = dict(zip(fk.columns, fk.referenced_columns, strict=True))
        if pairs.get("tenant_id") != "tenant_id":
            problems.append(
                f"{fk.table_name}: foreign key {fk.conname} to {fk.referenced} "
                "does not carry tenant_id"
            )
    return problems


async def test_every_table_can_be_distributed_by_tenant(owner_engine: AsyncEngine) -> None:
    tables = await _rows(owner_engine, TABLES)
    assert {"carts", "checkouts", "orders", "discounts", "stripe_events"} <= {
        t.relname for t in tables
    }
    problems = lint(
        tables, await _rows(owner_engine, INDEXES), await _rows(owner_engine, FOREIGN_KEYS)
    )
    assert problems == []


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("CREATE TABLE lint_probe (tenant_id uuid NOT NULL, id uuid, PRIMARY KEY (id, tenant_id))",
         "lint_probe: primary key does not lead with tenant_id"),
        ("CREATE TABLE lint_probe (tenant_id uuid NOT NULL, id uuid, code text, "
         "PRIMARY KEY (tenant_id, id), UNIQUE (code))",
         "lint_probe: unique lint_probe_code_key does not lead with tenant_id"),
        ("CREATE TABLE lint_probe (tenant_id uuid NOT NULL, id uuid, PRIMARY KEY (tenant_id, id))",
         "lint_probe: row-level security is not enabled and forced"),
        ("CREATE TABLE lint_probe (tenant_id uuid NOT NULL, id uuid, cart_id uuid, "
         "PRIMARY KEY (tenant_id, id), "
         "FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (id, tenant_id))",
         "lint_probe: foreign key lint_probe_tenant_id_cart_id_fkey to carts "
         "does not carry tenant_id"),
    ],
)  # fmt: skip
async def test_a_table_breaking_a_rule_is_named(
    owner_engine: AsyncEngine, sql: str, expected: str
) -> None:
    async with owner_engine.connect() as conn:
        transaction = await conn.begin()
        try:
            if "REFERENCES carts (id, tenant_id)" in sql:
                await conn.execute(
                    text("CREATE UNIQUE INDEX lint_probe_carts ON carts (id, tenant_id)")
                )
            await conn.execute(text(sql))
            tables = list(await conn.execute(TABLES))
            indexes = list(await conn.execute(INDEXES))
            foreign_keys = list(await conn.execute(FOREIGN_KEYS))
        finally:
            await transaction.rollback()
    assert expected in lint(tables, indexes, foreign_keys)
