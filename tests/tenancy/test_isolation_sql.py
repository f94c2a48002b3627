"""Row-level security as the application role sees it, in raw SQL, without the app's filters."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from app.settings import Settings
from tests.helpers import TenantFactory
from tests.tenancy.support import TENANT_TABLES, Party, make_party

SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)"
ROLE = "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
OWNED_BY_ME = """
SELECT count(*) FROM pg_class
WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
"""
TENANT_KEYED = """
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND (c.relname = 'tenants' OR EXISTS (
    SELECT 1 FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
"""
POLICIES = """
SELECT tablename FROM pg_policies
WHERE schemaname = 'public' AND cmd = 'ALL'
  AND qual LIKE '%app.tenant_id%' AND with_check LIKE '%app.tenant_id%'
"""

SCOPES = ["no tenant", "tenant A"]
TABLES = list(TENANT_TABLES)


def _key(table: str) -> str:
    return "id" if table == "tenants" else "tenant_id"


def _new_row(table: str, b: Party) -> tuple[str, list[Any]]:
    """An INSERT of a complete, otherwise valid row that belongs to tenant B."""
    new = uuid.uuid4()
    rows: dict[str, tuple[str, list[Any]]] = {
        "tenants": ("INSERT INTO tenants (id, name) VALUES ($1, 'x')", [b.tenant_id]),
        "stores": (
            "INSERT INTO stores (tenant_id, id, name, currency, languages, default_language) "
            "VALUES ($1, $2, 'x', 'EUR', '{en}', 'en')",
            [b.tenant_id, new],
        ),
        "staff_members": (
            "INSERT INTO staff_members (tenant_id, id, user_id, role) VALUES ($1, $2, $3, 'OWNER')",
            [b.tenant_id, new, b.user_id],
        ),
        "api_keys": (
            "INSERT INTO api_keys (tenant_id, id, name, prefix, secret_hash, scopes) "
            "VALUES ($1, $2, 'x', 'x', '\\x00', '{settings:manage}')",
            [b.tenant_id, new],
        ),
        "storefront_tokens": (
            "INSERT INTO storefront_tokens (tenant_id, id, store_id, title, secret_hash) "
            "VALUES ($1, $2, $3, 'x', '\\x00')",
            [b.tenant_id, new, b.setup.store_id],
        ),
        "refresh_tokens": (
            "INSERT INTO refresh_tokens "
            "(tenant_id, id, family_id, staff_member_id, secret_hash, expires_at) "
            "VALUES ($1, $2, $2, $3, '\\x00', now() + interval '1 day')",
            [b.tenant_id, new, b.staff_id],
        ),
    }
    return rows[table]


@pytest.fixture(scope="module")
async def pair(tenants: TenantFactory) -> tuple[Party, Party]:
    return await make_party(tenants, "A"), await make_party(tenants, "B")


@pytest.fixture
async def app_conn(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A raw connection as the application role, with no app code in between."""
    conn = await asyncpg.connect(settings.database_url)
    try:
        yield conn
    finally:
        await conn.close()


async def _begin(conn: asyncpg.Connection, scope: str, a: Party) -> Any:
    transaction = conn.transaction()
    await transaction.start()
    if scope == "tenant A":
        await conn.execute(SET_TENANT, str(a.tenant_id))
    return transaction


async def test_application_role_cannot_bypass_row_level_security(
    app_conn: asyncpg.Connection,
) -> None:
    role = await app_conn.fetchrow(ROLE)
    assert (role["rolsuper"], role["rolbypassrls"]) == (False, False)
    assert await app_conn.fetchval(OWNED_BY_ME) == 0


async def test_every_tenant_keyed_table_forces_row_level_security(
    app_conn: asyncpg.Connection,
) -> None:
    rows = await app_conn.fetch(TENANT_KEYED)
    flags = {r["relname"]: (r["relrowsecurity"], r["relforcerowsecurity"]) for r in rows}
    policed = {r["tablename"] for r in await app_conn.fetch(POLICIES)}

    assert set(TABLES) | {"store_domains"} <= set(flags)
    assert {t for t, f in flags.items() if f != (True, True)} == set()
    assert set(flags) <= policed


@pytest.mark.parametrize("scope", SCOPES)
async def test_domain_routes_are_readable_by_all_but_writable_only_by_their_tenant(
    scope: str, app_conn: asyncpg.Connection, pair: tuple[Party, Party]
) -> None:
    a, b = pair
    transaction = await _begin(app_conn, scope, a)
    try:
        # A Host is routed before any tenant is known: every route can be looked up.
        route = await app_conn.fetchval(
            "SELECT tenant_id FROM store_domains WHERE domain = $1", b.domain
        )
        moved = await app_conn.execute(
            "UPDATE store_domains SET store_id = store_id WHERE tenant_id = $1", b.tenant_id
        )
        dropped = await app_conn.execute(
            "DELETE FROM store_domains WHERE tenant_id = $1", b.tenant_id
        )
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
            await app_conn.execute(
                "INSERT INTO store_domains (domain, tenant_id, store_id) VALUES ($1, $2, $3)",
                f"squat-{uuid.uuid4().hex[:8]}.example.com",
                b.tenant_id,
                b.setup.store_id,
            )
    finally:
        await transaction.rollback()

    assert route == b.tenant_id
    assert (moved, dropped) == ("UPDATE 0", "DELETE 0")


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("scope", SCOPES)
async def test_other_tenants_rows_are_invisible(
    table: str, scope: str, app_conn: asyncpg.Connection, pair: tuple[Party, Party]
) -> None:
    a, b = pair
    key = _key(table)
    count = f"SELECT count(*) FROM {table} WHERE {key}"
    transaction = await _begin(app_conn, scope, a)
    try:
        of_b = await app_conn.fetchval(f"{count} = $1", b.tenant_id)
        foreign = await app_conn.fetchval(f"{count} IS DISTINCT FROM $1", a.tenant_id)
        own = await app_conn.fetchval(f"{count} = $1", a.tenant_id)
    finally:
        await transaction.rollback()

    assert (of_b, foreign) == (0, 0)
    # A's own rows show with A set, so the zeros above are RLS, not an empty table.
    assert own > 0 if scope == "tenant A" else own == 0


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("scope", SCOPES)
async def test_other_tenants_rows_cannot_be_updated_or_deleted(
    table: str, scope: str, app_conn: asyncpg.Connection, pair: tuple[Party, Party]
) -> None:
    a, b = pair
    key = _key(table)
    transaction = await _begin(app_conn, scope, a)
    try:
        updated = await app_conn.execute(
            f"UPDATE {table} SET {key} = {key} WHERE {key} = $1", b.tenant_id
        )
        deleted = await app_conn.execute(f"DELETE FROM {table} WHERE {key} = $1", b.tenant_id)
    finally:
        await transaction.rollback()

    assert (updated, deleted) == ("UPDATE 0", "DELETE 0")


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("scope", SCOPES)
async def test_inserting_a_row_for_another_tenant_is_rejected(
    table: str, scope: str, app_conn: asyncpg.Connection, pair: tuple[Party, Party]
) -> None:
    a, b = pair
    sql, args = _new_row(table, b)
    transaction = await _begin(app_conn, scope, a)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
            await app_conn.execute(sql, *args)
    finally:
        await transaction.rollback()


@pytest.mark.parametrize("table", TABLES)
async def test_own_rows_cannot_be_moved_into_another_tenant(
    table: str, app_conn: asyncpg.Connection, pair: tuple[Party, Party]
) -> None:
    a, b = pair
    key = _key(table)
    transaction = await _begin(app_conn, "tenant A", a)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
            await app_conn.execute(
                f"UPDATE {table} SET {key} = $1 WHERE {key} = $2", b.tenant_id, a.tenant_id
            )
    finally:
        await transaction.rollback()


async def test_tenant_setting_ends_with_its_transaction(
    app_conn: asyncpg.Connection, pair: tuple[Party, Party]
) -> None:
    a, _ = pair
    async with app_conn.transaction():
        await app_conn.execute(SET_TENANT, str(a.tenant_id))
        inside = await app_conn.fetchval("SELECT count(*) FROM stores")

    after = await app_conn.fetchval("SELECT count(*) FROM stores")

    assert inside >= 1
    assert after == 0


@pytest.mark.parametrize("scope", SCOPES)
async def test_other_tenants_people_cannot_be_changed(
    scope: str, app_conn: asyncpg.Connection, pair: tuple[Party, Party]
) -> None:
    """`users` is global (sign-in reads it before a tenant is known), so RLS there guards
    writes: tenant A cannot reset the password of someone who belongs only to tenant B."""
    a, b = pair
    transaction = await _begin(app_conn, scope, a)
    try:
        changed = await app_conn.execute(
            "UPDATE users SET password_hash = 'stolen' WHERE id = $1", b.user_id
        )
        deleted = await app_conn.execute("DELETE FROM users WHERE id = $1", b.user_id)
        own = await app_conn.execute("UPDATE users SET name = name WHERE id = $1", a.user_id)
    finally:
        await transaction.rollback()
    assert (changed, deleted) == ("UPDATE 0", "DELETE 0")
    assert own == ("UPDATE 1" if scope == "tenant A" else "UPDATE 0")
