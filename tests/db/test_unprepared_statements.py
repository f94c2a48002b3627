"""EDESTORY_DB_PREPARED_STATEMENTS=0 leaves no named statement on a PostgreSQL session, so
a transaction-mode pooler (PgBouncer before 1.21) may hand the session to anyone next."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.db.engine import create_engine
from app.db.prepared import compile_statement
from app.db.tenant import RequestDB
from app.embedded import StackUrls
from app.tenancy.models import tenants

NAMED = text("SELECT name FROM pg_prepared_statements")


@pytest.mark.parametrize("prepared", [True, False])
async def test_named_statements_are_left_only_when_prepared_statements_are_on(
    stack_urls: StackUrls, prepared: bool
) -> None:
    engine = create_engine(stack_urls.database_url, pool_size=1, prepared_statements=prepared)
    try:
        db = RequestDB(engine, None)
        await db.execute(select(tenants.c.id).limit(1))  # SQLAlchemy's path
        await db.run(compile_statement(select(tenants.c.id).limit(1)), {})  # the raw path
        names = list((await db.execute(NAMED)).scalars())
        await db.close(commit=False)
    finally:
        await engine.dispose()
    assert bool(names) is prepared, names
