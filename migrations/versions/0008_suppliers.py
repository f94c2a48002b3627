"""Dropshipping automation: supplier connections, pricing rules and the supplier variants
products were imported from.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

from app.db.rls import CURRENT_TENANT, tenant_rls
from app.db.sqlscript import split_statements

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = """
-- credentials: a Fernet token of the JSON credentials (app/suppliers/secrets.py), never
-- returned; credentials_hint: the last 4 characters of each value, the only part shown.
-- webhook_secret: the per-connection signature secret of POST /webhooks/suppliers/{id},
-- encrypted the same way.
CREATE TABLE supplier_connections (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind text NOT NULL CHECK (kind IN ('ALIEXPRESS', 'CJ', 'FEED')),
    status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'PAUSED', 'FAILING')),
    feed_url text CHECK (length(feed_url) <= 2048),
    credentials bytea,
    credentials_hint jsonb NOT NULL DEFAULT '{}',
    webhook_secret bytea,
    sync_interval_minutes integer NOT NULL DEFAULT 360
        CHECK (sync_interval_minutes BETWEEN 5 AND 10080),
    last_sync_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    UNIQUE (tenant_id, name)
);

-- Amounts are decimals in the store's currency (fixed_amount) or ratios; the formula is
-- app/suppliers/pricing.py's.
CREATE TABLE pricing_rules (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    multiplier numeric(10, 4) NOT NULL CHECK (multiplier > 0),
    fixed_amount numeric(12, 4) NOT NULL DEFAULT 0,
    minimum_margin numeric(6, 4) CHECK (minimum_margin >= 0 AND minimum_margin < 1),
    rounding_ending text CHECK (rounding_ending ~ '^\\.[0-9]{2}$'),
    compare_at_multiplier numeric(10, 4) CHECK (compare_at_multiplier > 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    UNIQUE (tenant_id, name)
);

-- One row per imported supplier SKU: a re-import finds the variant here instead of
-- creating another (unique by connection, supplier product and supplier SKU).
CREATE TABLE supplier_variants (
    tenant_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    supplier_product_id text NOT NULL,
    supplier_sku text NOT NULL,
    product_id uuid NOT NULL,
    variant_id uuid NOT NULL,
    pricing_rule_id uuid,
    cost numeric(14, 4) NOT NULL,
    cost_currency text NOT NULL CHECK (cost_currency ~ '^[A-Z]{3}$'),
    available boolean NOT NULL DEFAULT true,
    checked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, connection_id, supplier_product_id, supplier_sku),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES supplier_connections (tenant_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, pricing_rule_id) REFERENCES pricing_rules (tenant_id, id)
        ON DELETE SET NULL (pricing_rule_id)
);
CREATE UNIQUE INDEX supplier_variants_variant_key ON supplier_variants (tenant_id, variant_id);
CREATE INDEX supplier_variants_product_idx ON supplier_variants (tenant_id, product_id);
CREATE INDEX supplier_variants_rule_idx ON supplier_variants (tenant_id, pricing_rule_id);

-- POST /webhooks/suppliers/{id} arrives with no tenant: this table (readable by anyone, like
-- store_domains) names the tenant of a connection id, and nothing else; the secret that
-- proves the push stays in the tenant's own row.
CREATE TABLE supplier_connection_routes (
    connection_id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    FOREIGN KEY (tenant_id, connection_id) REFERENCES supplier_connections (tenant_id, id)
        ON DELETE CASCADE
);
CREATE INDEX supplier_connection_routes_tenant_idx
    ON supplier_connection_routes (tenant_id, connection_id);
"""

TENANT_OWNED = ["supplier_connections", "pricing_rules", "supplier_variants"]


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)
    op.execute("ALTER TABLE supplier_connection_routes ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE supplier_connection_routes FORCE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY webhook_lookup ON supplier_connection_routes FOR SELECT USING (true)")
    op.execute(
        f"CREATE POLICY tenant_writes ON supplier_connection_routes "
        f"USING (tenant_id = {CURRENT_TENANT}) WITH CHECK (tenant_id = {CURRENT_TENANT})"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS supplier_connection_routes CASCADE")
    for table in reversed(TENANT_OWNED):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
