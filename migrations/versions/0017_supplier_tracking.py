"""Dropshipping: tracking of placed supplier orders, and the job run of an order's placement.

Revision ID: 0017
Revises: 0016
"""

from alembic import op

from app.db.rls import tenant_rls
from app.db.sqlscript import split_statements

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = """
-- What the supplier last said about a PLACED order (app/suppliers/tracking.py): NONE until it
-- ships, IN_TRANSIT with its number once it has (the fulfilment it created is kept, so a
-- re-poll never ships twice), DELIVERED at the end. polled_at paces the polling.
ALTER TABLE supplier_orders
    ADD COLUMN tracking_status text NOT NULL DEFAULT 'NONE'
        CHECK (tracking_status IN ('NONE', 'IN_TRANSIT', 'DELIVERED')),
    ADD COLUMN tracking_number text CHECK (length(tracking_number) <= 200),
    ADD COLUMN carrier text CHECK (length(carrier) <= 200),
    ADD COLUMN fulfillment_id uuid,
    ADD COLUMN polled_at timestamptz;

-- The job run of an order's current placement attempt: the sweep creates it once (the primary
-- key decides between racing sweeps), orderSupplierRetry replaces it.
CREATE TABLE supplier_placements (
    tenant_id uuid NOT NULL,
    order_id uuid NOT NULL,
    job_run_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, order_id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, job_run_id) REFERENCES job_runs (tenant_id, id) ON DELETE CASCADE
);
"""


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for statement in tenant_rls("supplier_placements"):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE supplier_placements")
    op.execute(
        "ALTER TABLE supplier_orders DROP COLUMN tracking_status, DROP COLUMN tracking_number,"
        " DROP COLUMN carrier, DROP COLUMN fulfillment_id, DROP COLUMN polled_at"
    )
