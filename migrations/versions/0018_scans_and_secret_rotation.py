"""Worker scans across tenants (PENDING refunds left by a crash, old published events), and
webhook signing-secret rotation.

As the outbox relay does (0009), each scan finds *which* tenants have work through a
read-only policy that only a transaction setting its flag turns on, then works inside each
tenant (RLS as usual):
- `app.refund_scan`: PENDING refunds (the worker asks Stripe again with the same idempotency
  key, app/orders/refund_recovery.py);
- `app.events_purge`: published events (the purge deletes those older than the retention
  with no pending delivery, app/events/purge.py).

A rotated webhook subscription keeps its previous secret until `previous_secret_expires_at`
(the grace period): deliveries meanwhile carry a signature by each secret.

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

STATEMENTS = [
    # Indexes lead with tenant_id, as every index does (tests/db/test_schema_lint.py).
    "CREATE INDEX refunds_pending_idx ON refunds (tenant_id, updated_at) WHERE status = 'PENDING'",
    "CREATE POLICY refund_scan ON refunds FOR SELECT USING ("
    "current_setting('app.refund_scan', true) = 'on' AND status = 'PENDING')",
    "CREATE INDEX events_published_idx ON events (tenant_id, created_at) "
    "WHERE published_at IS NOT NULL",
    # Deleting an event looks up its deliveries (the cascade, the pending check).
    "CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (tenant_id, event_id)",
    "CREATE POLICY purge_scan ON events FOR SELECT USING ("
    "current_setting('app.events_purge', true) = 'on' AND published_at IS NOT NULL)",
    "ALTER TABLE webhook_subscriptions ADD COLUMN previous_secret text, "
    "ADD COLUMN previous_secret_expires_at timestamptz",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "ALTER TABLE webhook_subscriptions DROP COLUMN IF EXISTS previous_secret, "
        "DROP COLUMN IF EXISTS previous_secret_expires_at"
    )
    op.execute("DROP INDEX IF EXISTS webhook_deliveries_event_idx")
    op.execute("DROP POLICY IF EXISTS purge_scan ON events")
    op.execute("DROP INDEX IF EXISTS events_published_idx")
    op.execute("DROP POLICY IF EXISTS refund_scan ON refunds")
    op.execute("DROP INDEX IF EXISTS refunds_pending_idx")
