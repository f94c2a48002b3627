"""Table privileges for the application role; run after every migration."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def grant_app_role(conn: AsyncConnection, role: str) -> None:
    """Give `role` DML on the schema's tables (RLS still applies) and nothing else."""
    quoted = (await conn.execute(text("SELECT quote_ident(:r)"), {"r": role})).scalar_one()
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"REVOKE ALL ON TABLE alembic_version FROM {quoted}",
    ):
        await conn.execute(text(statement))
