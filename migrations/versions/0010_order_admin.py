"""Order administration: the timeline (order_events), fulfillments and fulfilled quantities.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from app.db.rls import tenant_rls
from app.db.sqlscript import split_statements

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = """
ALTER TABLE order_lines ADD COLUMN fulfilled_quantity integer NOT NULL DEFAULT 0
    CHECK (fulfilled_quantity >= 0 AND fulfilled_quantity <= quantity);

CREATE TABLE order_events (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    order_id uuid NOT NULL,
    type text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    message text NOT NULL,
    staff_member_id uuid,
    api_key_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_events_order_idx ON order_events (tenant_id, order_id, created_at, id);

CREATE TABLE fulfillments (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    order_id uuid NOT NULL,
    tracking_number text CHECK (length(tracking_number) <= 200),
    carrier text CHECK (length(carrier) <= 100),
    tracking_url text CHECK (length(tracking_url) <= 2048),
    -- [{"line_id": uuid, "quantity": n}], the lines this shipment carries
    lines jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX fulfillments_order_idx ON fulfillments (tenant_id, order_id, created_at);
"""

TENANT_OWNED = ["order_events", "fulfillments"]


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(TENANT_OWNED):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute("ALTER TABLE order_lines DROP COLUMN IF EXISTS fulfilled_quantity")
