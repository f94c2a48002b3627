"""Core: idempotency keys bound to their arguments, and their expiry.

A key is stored with the SHA-256 of its operation's arguments (a repeat with other
arguments is refused) and expires 24 hours after it was claimed. The periodic purge runs
without a tenant: it sets `app.purge` and may then see and delete expired keys only
(the setting guards against an accidental read, as `app.tenant_id` does; it is not a
boundary against the application role, which may set either).

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

EXPIRED = "current_setting('app.purge', true) = 'on' AND created_at < now() - interval '24 hours'"

STATEMENTS = [
    "ALTER TABLE idempotency_keys ADD COLUMN request_hash text NOT NULL DEFAULT ''",
    "CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)",
    f"CREATE POLICY purge_expired_read ON idempotency_keys FOR SELECT USING ({EXPIRED})",
    f"CREATE POLICY purge_expired_delete ON idempotency_keys FOR DELETE USING ({EXPIRED})",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS purge_expired_delete ON idempotency_keys")
    op.execute("DROP POLICY IF EXISTS purge_expired_read ON idempotency_keys")
    op.execute("DROP INDEX IF EXISTS idempotency_keys_created_at")
    op.execute("ALTER TABLE idempotency_keys DROP COLUMN IF EXISTS request_hash")
