"""The tenant and scan settings are bound with SET LOCAL (Citus forwards it to its workers
with citus.propagate_set_commands = 'local'; a set_config() call it does not forward), in one
round trip, and end with the transaction."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import (
    bind_transaction,
    scope_connection,
    set_flag,
    set_local,
    tenant_transaction,
)

ROOT = Path(__file__).resolve().parents[2]
# coalesce: a setting never defined on this pooled session reads NULL, one a past transaction
# defined and ended reads '' (which of the two depends on the connection's history).
SHOW = text(
    "SELECT coalesce(current_setting('app.tenant_id', true), ''),"
    " coalesce(current_setting('app.user_id', true), ''),"
    " coalesce(current_setting('app.purge', true), '')"
)


class Statements:
    def __init__(self, engine: AsyncEngine) -> None:
        self.sync = engine.sync_engine
        self.seen: list[str] = []
        event.listen(self.sync, "before_cursor_execute", self._on)

    def _on(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        self.seen.append(statement)

    def detach(self) -> None:
        event.remove(self.sync, "before_cursor_execute", self._on)


async def test_a_transaction_is_bound_with_set_local_in_one_statement(engine: AsyncEngine) -> None:
    tenant, user = uuid.uuid4(), uuid.uuid4()
    statements = Statements(engine)
    try:
        async with tenant_transaction(engine, tenant, user) as conn:
            bound = list(statements.seen)
            row = (await conn.execute(SHOW)).one()
    finally:
        statements.detach()
    assert bound == [
        f"BEGIN; SET LOCAL app.tenant_id = '{tenant}'; SET LOCAL app.user_id = '{user}'"
    ]
    assert row[0] == str(tenant) and row[1] == str(user)
    async with engine.connect() as conn:  # transaction-local: the pooled connection is clean
        left = (await conn.execute(SHOW)).one()
    assert not left[0] and not left[1]


async def test_scope_connection_binds_a_begun_transaction_and_flags_are_set_local(
    engine: AsyncEngine,
) -> None:
    tenant = uuid.uuid4()
    async with engine.begin() as conn:  # nothing sent yet: BEGIN goes with the setting
        await scope_connection(conn, tenant)
        assert (await conn.execute(SHOW)).one()[0] == str(tenant)
    async with tenant_transaction(engine, None) as conn:
        await conn.execute(text("SELECT 1"))  # the driver's transaction has begun
        await scope_connection(conn, tenant)
        await set_flag(conn, "app.purge")
        assert tuple((await conn.execute(SHOW)).one()) == (str(tenant), "", "on")
    async with engine.begin() as conn:
        await bind_transaction(conn, None)  # nothing to bind: nothing sent
        assert not (await conn.execute(SHOW)).one()[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [("app.tenant_id", "x'; RESET ALL; --"), ("app.tenant_id", "a b"), ("app.x; DROP", "on")],
)
def test_set_local_refuses_anything_but_plain_names_and_values(name: str, value: str) -> None:
    with pytest.raises(ValueError, match="refused"):
        set_local(name, value)


def test_no_app_code_sets_an_app_setting_with_set_config() -> None:
    """Citus would not forward it: every app.* setting goes through set_local."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("app", "jobs")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"set_config\(\s*'app\.", line)
    ]
    assert found == []


def test_distribute_sql_makes_citus_forward_set_local() -> None:
    script = re.sub(r"--[^\n]*", "", (ROOT / "deploy/citus/distribute.sql").read_text())
    assert re.search(
        r"ALTER DATABASE %I SET citus\.propagate_set_commands = %L',\s*current_database\(\),"
        r"\s*'local'",
        script,
    )
