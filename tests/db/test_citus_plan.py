"""deploy/citus/distribute.sql against the migrated schema: would Citus accept it?

The schema is read from the test database (pg_catalog), the plan parsed from the script, and
`check` names every problem as "table: rule":
- every table of the schema is in the script exactly once, and the script names no other;
- the distributed tables form one co-location group (the first starts it, the rest join it);
- every primary key, unique constraint and unique index of a distributed table includes its
  distribution column (Citus enforces uniqueness only within a shard);
- a foreign key between distributed tables pairs the two distribution columns; a reference
  table has no foreign key to a distributed table (unless the script drops it);
- a table comes after the tables its foreign keys point to (Citus needs them distributed);
- no table keeps a policy with a subquery (Citus refuses it; the script may replace one).
Citus itself is not run here (no package for it on this machine); these are its documented
rules for distributing tables, and the synthetic cases below show each one fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "citus" / "distribute.sql"


@dataclass(frozen=True, slots=True)
class Distributed:
    column: str
    colocate_with: str | None


@dataclass(slots=True)
class Plan:
    order: list[str] = field(default_factory=list)  # every table named, in script order
    reference: set[str] = field(default_factory=set)
    distributed: dict[str, Distributed] = field(default_factory=dict)
    dropped_constraints: set[tuple[str, str]] = field(default_factory=set)
    dropped_policies: set[tuple[str, str]] = field(default_factory=set)
    created_policies: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Unique:
    table: str
    name: str
    columns: tuple[str | None, ...]  # None: an expression


@dataclass(frozen=True, slots=True)
class ForeignKey:
    table: str
    name: str
    referenced: str
    columns: tuple[str, ...]
    referenced_columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    table: str
    name: str
    expression: str  # USING and WITH CHECK together


@dataclass(slots=True)
class Schema:
    tables: set[str]
    uniques: list[Unique]
    foreign_keys: list[ForeignKey]
    policies: list[Policy]


STATEMENT = re.compile(
    r"create_reference_table\('(?P<ref>\w+)'\)"
    r"|create_distributed_table\('(?P<dist>\w+)',\s*'(?P<column>\w+)'"
    r"(?:,\s*colocate_with\s*=>\s*'(?P<colocate>\w+)')?\)"
    r"|ALTER\s+TABLE\s+(?P<alter>\w+)\s+DROP\s+CONSTRAINT\s+(?P<constraint>\w+)"
    r"|DROP\s+POLICY\s+(?P<dropped>\w+)\s+ON\s+(?P<dropped_on>\w+)"
    r"|CREATE\s+POLICY\s+(?P<created>\w+)\s+ON\s+(?P<created_on>\w+)(?P<body>[^;]*);",
    re.IGNORECASE,
)
SUBQUERY = re.compile(r"\(\s*SELECT\b", re.IGNORECASE)  # "FOR SELECT" is not one


def parse(script: str) -> Plan:
    """The plan a distribute.sql carries out (comments ignored)."""
    plan = Plan()
    code = re.sub(r"--[^\n]*", "", script)
    for match in STATEMENT.finditer(code):
        if match["ref"]:
            plan.order.append(match["ref"])
            plan.reference.add(match["ref"])
        elif match["dist"]:
            plan.order.append(match["dist"])
            plan.distributed[match["dist"]] = Distributed(match["column"], match["colocate"])
        elif match["alter"]:
            plan.dropped_constraints.add((match["alter"], match["constraint"]))
        elif match["dropped"]:
            plan.dropped_policies.add((match["dropped_on"], match["dropped"]))
        else:
            plan.created_policies.append((match["created_on"], match["created"], match["body"]))
    return plan


def check(schema: Schema, plan: Plan) -> list[str]:
    """Every reason Citus would refuse this plan for this schema, as "table: rule"."""
    problems: list[str] = []
    seen: set[str] = set()
    for table in plan.order:
        if table in seen:
            problems.append(f"{table}: named twice in the script")
        seen.add(table)
        if table not in schema.tables:
            problems.append(f"{table}: in the script but not in the schema")
    problems += [f"{t}: missing from the script" for t in sorted(schema.tables - seen)]

    anchors = [t for t, d in plan.distributed.items() if d.colocate_with in (None, "none")]
    for table, how in plan.distributed.items():
        if table not in anchors and how.colocate_with not in anchors:
            problems.append(f"{table}: not co-located (colocate_with {how.colocate_with!r})")
    problems += [f"{t}: starts a second co-location group" for t in anchors[1:]]

    for unique in schema.uniques:
        how = plan.distributed.get(unique.table)
        if how is not None and how.column not in unique.columns:
            problems.append(f"{unique.table}: unique {unique.name} lacks {how.column}")

    position = {table: i for i, table in reversed(list(enumerate(plan.order)))}
    for fk in schema.foreign_keys:
        if (fk.table, fk.name) in plan.dropped_constraints:
            continue
        child, parent = plan.distributed.get(fk.table), plan.distributed.get(fk.referenced)
        if child is not None and parent is not None:
            pairs = dict(zip(fk.columns, fk.referenced_columns, strict=True))
            if pairs.get(child.column) != parent.column:
                problems.append(
                    f"{fk.table}: foreign key {fk.name} to {fk.referenced} does not pair "
                    f"{child.column} with {parent.column}"
                )
        if fk.table in plan.reference and parent is not None:
            problems.append(
                f"{fk.table}: reference table with foreign key {fk.name} "
                f"to distributed {fk.referenced}"
            )
        if fk.table != fk.referenced and position.get(fk.referenced, -1) > position.get(
            fk.table, len(plan.order)
        ):
            problems.append(f"{fk.table}: comes before {fk.referenced}, which {fk.name} needs")

    existing = {(fk.table, fk.name) for fk in schema.foreign_keys}
    problems += [
        f"{table}: the script drops {name}, which does not exist"
        for table, name in sorted(plan.dropped_constraints - existing)
    ]
    created = {(table, name) for table, name, _ in plan.created_policies}
    for policy in schema.policies:
        replaced = (policy.table, policy.name) in plan.dropped_policies
        if policy.table in seen and SUBQUERY.search(policy.expression) and not replaced:
            problems.append(f"{policy.table}: policy {policy.name} has a subquery")
    for table, name, body in plan.created_policies:
        if SUBQUERY.search(body):
            problems.append(f"{table}: policy {name} created by the script has a subquery")
    problems += [
        f"{table}: policy {name} dropped and not replaced"
        for table, name in sorted(plan.dropped_policies - created)
    ]
    return problems


TABLES = text("""
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'alembic_version'
""")
# Primary keys and unique constraints are unique indexes too: one query covers all three.
UNIQUES = text("""
SELECT t.relname AS table_name, ic.relname AS index_name,
       ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o)
         AS columns
  FROM pg_index i
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = 'public' AND i.indisunique
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
POLICIES = text("""
SELECT tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS expression
  FROM pg_policies WHERE schemaname = 'public'
""")


async def read_schema(conn: AsyncConnection) -> Schema:
    """The schema as the catalog has it (the migrated one, or a probe's inside a transaction)."""
    rows: dict[str, list[Any]] = {}
    for name, statement in (
        ("tables", TABLES), ("uniques", UNIQUES), ("fks", FOREIGN_KEYS), ("policies", POLICIES)
    ):  # fmt: skip
        rows[name] = list(await conn.execute(statement))
    return Schema(
        tables={r.relname for r in rows["tables"]},
        uniques=[Unique(r.table_name, r.index_name, tuple(r.columns)) for r in rows["uniques"]],
        foreign_keys=[
            ForeignKey(
                r.table_name, r.conname, r.referenced, tuple(r.columns), tuple(r.referenced_columns)
            )
            for r in rows["fks"]
        ],
        policies=[Policy(r.tablename, r.policyname, r.expression) for r in rows["policies"]],
    )


async def test_the_script_fits_the_migrated_schema(owner_engine: AsyncEngine) -> None:
    plan = parse(SCRIPT.read_text())
    async with owner_engine.connect() as conn:
        schema = await read_schema(conn)
    # The parse found the script's substance, not an empty plan that passes vacuously.
    assert plan.order[:3] == ["users", "store_domains", "supplier_connection_routes"]
    assert plan.distributed["tenants"] == Distributed("id", "none")
    assert plan.distributed["orders"] == Distributed("tenant_id", "tenants")
    assert len(plan.order) == len(schema.tables) > 45
    assert {p.name for p in schema.policies if SUBQUERY.search(p.expression)} == {
        "member_tenants", "member_or_self_update"
    }  # fmt: skip
    assert check(schema, plan) == []


@pytest.mark.parametrize(
    ("probe", "expected"),
    [
        # A new tenant table nobody added to the script.
        ("CREATE TABLE citus_probe (tenant_id uuid NOT NULL, id uuid, PRIMARY KEY (tenant_id, id))",
         "citus_probe: missing from the script"),
        # A unique key without tenant_id on a table the script distributes ((email, id):
        # unique whatever rows other tests left in carts).
        ("CREATE UNIQUE INDEX citus_probe_key ON carts (email, id)",
         "carts: unique citus_probe_key lacks tenant_id"),
        # A foreign key between tenant tables that leaves tenant_id out.
        ("ALTER TABLE carts ADD CONSTRAINT citus_probe_fk FOREIGN KEY (id) REFERENCES tenants (id) "
         "NOT VALID",
         "carts: foreign key citus_probe_fk to tenants does not pair tenant_id with id"),
        # A global (reference) table pointing into a tenant table.
        ("ALTER TABLE users ADD COLUMN store_id uuid, ADD COLUMN tenant_id uuid, "
         "ADD CONSTRAINT citus_probe_fk FOREIGN KEY (tenant_id, store_id) "
         "REFERENCES stores (tenant_id, id)",
         "users: reference table with foreign key citus_probe_fk to distributed stores"),
        # A policy with a subquery on a tenant table.
        ("CREATE POLICY citus_probe ON carts FOR SELECT USING "
         "(store_id IN (SELECT id FROM stores))",
         "carts: policy citus_probe has a subquery"),
    ],
)  # fmt: skip
async def test_a_schema_change_citus_would_refuse_is_named(
    owner_engine: AsyncEngine, probe: str, expected: str
) -> None:
    async with owner_engine.connect() as conn:
        transaction = await conn.begin()
        try:
            await conn.execute(text(probe))
            schema = await read_schema(conn)
        finally:
            await transaction.rollback()
    assert expected in check(schema, parse(SCRIPT.read_text()))


SCHEMA = Schema(
    tables={"tenants", "users", "stores", "carts"},
    uniques=[
        Unique("tenants", "tenants_pkey", ("id",)),
        Unique("users", "users_pkey", ("id",)),
        Unique("stores", "stores_pkey", ("tenant_id", "id")),
        Unique("carts", "carts_pkey", ("tenant_id", "id")),
    ],
    foreign_keys=[
        ForeignKey("stores", "stores_tenant_fk", "tenants", ("tenant_id",), ("id",)),
        ForeignKey("carts", "carts_store_fk", "stores", ("tenant_id", "store_id"),
                   ("tenant_id", "id")),
    ],
    policies=[Policy("carts", "tenant_isolation", "(tenant_id = current_tenant())")],
)  # fmt: skip
GOOD = """
-- create_distributed_table('commented_out', 'tenant_id')
SELECT create_reference_table('users');
SELECT create_distributed_table('tenants', 'id', colocate_with => 'none');
SELECT create_distributed_table('stores', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('carts', 'tenant_id', colocate_with => 'tenants');
"""


def test_a_plan_that_keeps_the_rules_passes() -> None:
    assert check(SCHEMA, parse(GOOD)) == []


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (GOOD.replace("SELECT create_reference_table('users');", ""),
         "users: missing from the script"),
        (GOOD + "SELECT create_reference_table('wishlists');",
         "wishlists: in the script but not in the schema"),
        (GOOD + "SELECT create_reference_table('users');", "users: named twice in the script"),
        (GOOD.replace("'carts', 'tenant_id', colocate_with => 'tenants'", "'carts', 'tenant_id'"),
         "carts: starts a second co-location group"),
        (GOOD.replace("colocate_with => 'tenants');\nSELECT create_distributed_table('carts'",
                      "colocate_with => 'stores');\nSELECT create_distributed_table('carts'"),
         "stores: not co-located (colocate_with 'stores')"),
        (GOOD.replace("'carts', 'tenant_id'", "'carts', 'store_id'"),
         "carts: unique carts_pkey lacks store_id"),
        (GOOD.replace("'stores', 'tenant_id'", "'stores', 'id'"),
         "stores: foreign key stores_tenant_fk to tenants does not pair id with id"),
        (GOOD.replace("create_reference_table('users')", "create_reference_table('carts')")
             .replace("SELECT create_distributed_table('carts', 'tenant_id', colocate_with => "
                      "'tenants');", "SELECT create_reference_table('users');"),
         "carts: reference table with foreign key carts_store_fk to distributed stores"),
        (GOOD.replace("SELECT create_distributed_table('stores', 'tenant_id', colocate_with => "
                      "'tenants');\n", "") + "SELECT create_distributed_table('stores', "
         "'tenant_id', colocate_with => 'tenants');",
         "carts: comes before stores, which carts_store_fk needs"),
        (GOOD + "ALTER TABLE carts DROP CONSTRAINT carts_tenant_fk;",
         "carts: the script drops carts_tenant_fk, which does not exist"),
        (GOOD + "DROP POLICY tenant_isolation ON carts;",
         "carts: policy tenant_isolation dropped and not replaced"),
        (GOOD + "CREATE POLICY scan ON carts USING (store_id IN (SELECT id FROM stores));",
         "carts: policy scan created by the script has a subquery"),
    ],
)  # fmt: skip
def test_each_rule_names_its_violation(script: str, expected: str) -> None:
    assert expected in check(SCHEMA, parse(script))


def test_a_dropped_foreign_key_or_replaced_policy_is_no_longer_a_problem() -> None:
    schema = Schema(
        tables=SCHEMA.tables,
        uniques=SCHEMA.uniques,
        foreign_keys=[
            *SCHEMA.foreign_keys,
            ForeignKey("users", "users_store_fk", "stores", ("tenant_id", "store_id"),
                       ("tenant_id", "id")),
        ],
        policies=[Policy("users", "member", "(id IN (SELECT user_id FROM staff_members))")],
    )  # fmt: skip
    assert check(schema, parse(GOOD)) == [
        "users: reference table with foreign key users_store_fk to distributed stores",
        "users: comes before stores, which users_store_fk needs",
        "users: policy member has a subquery",
    ]
    fixed = (
        GOOD + "ALTER TABLE users DROP CONSTRAINT users_store_fk;\n"
        "DROP POLICY member ON users;\nCREATE POLICY member ON users USING (true);"
    )
    assert check(schema, parse(fixed)) == []
