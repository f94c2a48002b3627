"""Refunds: one row per refund of an order (ours, a cancellation's, or Stripe dashboard's),
and the order's refunded total, reserved before Stripe is called.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

from app.db.rls import tenant_rls
from app.db.sqlscript import split_statements

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = """
-- Refunds reserved (PENDING) or made (SUCCEEDED): never more than was paid.
ALTER TABLE orders ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0
    CHECK (refunded_amount >= 0 AND refunded_amount <= total_amount);

CREATE TABLE refunds (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    order_id uuid NOT NULL,
    amount bigint NOT NULL CHECK (amount > 0),
    currency text NOT NULL,
    reason text CHECK (length(reason) <= 500),
    -- PENDING (reserved, Stripe being asked), SUCCEEDED, FAILED (the amount given back)
    status text NOT NULL,
    -- API (orderRefund), CANCEL (orderCancel), DASHBOARD (seen in charge.refunded)
    source text NOT NULL,
    stripe_refund_id text,
    failure_message text,
    staff_member_id uuid,
    api_key_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
-- charge.refunded finds the order by its PaymentIntent.
CREATE INDEX orders_payment_intent_idx ON orders (tenant_id, payment_intent_id);

CREATE INDEX refunds_order_idx ON refunds (tenant_id, order_id, created_at);
CREATE UNIQUE INDEX refunds_stripe_idx ON refunds (tenant_id, stripe_refund_id)
    WHERE stripe_refund_id IS NOT NULL;
"""

TENANT_OWNED = ["refunds"]


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS refunds CASCADE")
    op.execute("DROP INDEX IF EXISTS orders_payment_intent_idx")
    op.execute("ALTER TABLE orders DROP COLUMN IF EXISTS refunded_amount")
