"""A store domain is unique through `store_domains` alone (Citus: no global unique index on a
tenant table).

`stores_domain_key` (unique on `lower(domain)` across every tenant) cannot exist on a table
distributed by `tenant_id`: Citus enforces uniqueness only within a shard, so a unique index
must include the distribution column. The same rule is already held by `store_domains`, the
global routing table (a reference table under Citus, deploy/citus/distribute.sql): the store
service writes a store's domain there in the same transaction as the store, and its primary
key refuses a domain another store holds (TAKEN). The service lower-cases domains before
writing; the CHECK makes that a rule of the table, so the primary key is as
case-insensitive as the index it replaces.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # RLS is forced even on the owner: lifted for this one statement across every tenant.
    op.execute("ALTER TABLE store_domains NO FORCE ROW LEVEL SECURITY")
    op.execute("UPDATE store_domains SET domain = lower(domain) WHERE domain <> lower(domain)")
    op.execute("ALTER TABLE store_domains FORCE ROW LEVEL SECURITY")
    op.execute(
        "ALTER TABLE store_domains ADD CONSTRAINT store_domains_lower_case "
        "CHECK (domain = lower(domain))"
    )
    op.execute("DROP INDEX stores_domain_key")


def downgrade() -> None:
    op.execute(
        "CREATE UNIQUE INDEX stores_domain_key ON stores (lower(domain)) WHERE domain IS NOT NULL"
    )
    op.execute("ALTER TABLE store_domains DROP CONSTRAINT store_domains_lower_case")
