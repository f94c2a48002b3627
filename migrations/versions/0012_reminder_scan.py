"""The abandoned-cart reminder cron finds which tenants have carts to remind.

Carts are tenant-owned under RLS; as the outbox relay does (0009), a read-only policy that
only a transaction setting `app.reminder_scan` turns on lets the cron see the carts that
have an email and consent and have not expired (it reads their tenant ids, then works
inside each tenant). Without the setting the policy adds no row. A partial index keeps the
scan to consenting carts.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CONDITION = "email_consent_at IS NOT NULL AND email IS NOT NULL AND expires_at > now()"


def upgrade() -> None:
    op.execute(
        "CREATE INDEX carts_reminder_scan_idx ON carts (tenant_id) "
        "WHERE email_consent_at IS NOT NULL AND email IS NOT NULL"
    )
    op.execute(
        "CREATE POLICY reminder_scan ON carts FOR SELECT USING ("
        f"current_setting('app.reminder_scan', true) = 'on' AND {CONDITION})"
    )


def downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS reminder_scan ON carts")
    op.execute("DROP INDEX IF EXISTS carts_reminder_scan_idx")
