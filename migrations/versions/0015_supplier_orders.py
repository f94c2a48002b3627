"""Dropshipping: the supplier orders placed (or refused) for a paid order, one per connection.

Revision ID: 0015
Revises: 0014
"""

from alembic import op

from app.db.rls import tenant_rls
from app.db.sqlscript import split_statements

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = """
-- PLACED with the supplier's order id, or REFUSED with the supplier's reason (left for staff:
-- orderSupplierRetry deletes the refusal and places it again). Our order id is the supplier's
-- out-order id, so placing again never orders twice.
CREATE TABLE supplier_orders (
    tenant_id uuid NOT NULL,
    order_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    status text NOT NULL CHECK (status IN ('PLACED', 'REFUSED')),
    supplier_order_id text,
    message text NOT NULL DEFAULT '' CHECK (length(message) <= 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, order_id, connection_id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
"""


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for statement in tenant_rls("supplier_orders"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE supplier_orders")
