"""SQL for row-level security, used by the migrations of every tenant-owned table."""

from __future__ import annotations

# NULLIF: after a transaction-local setting (SET LOCAL) ends, the setting reads '' rather than NULL.
CURRENT_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid"
CURRENT_USER_ID = "NULLIF(current_setting('app.user_id', true), '')::uuid"


def tenant_rls(table: str, column: str = "tenant_id") -> list[str]:
    """Statements that make `table` visible and writable only inside its tenant."""
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING ({column} = {CURRENT_TENANT}) WITH CHECK ({column} = {CURRENT_TENANT})",
    ]
