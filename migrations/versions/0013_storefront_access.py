"""Storefront access settings: persisted-only storefront tokens, and per store a
persisted-only switch for its whole storefront and the Cache-Control times of its
cacheable reads (null: the process settings).

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STATEMENTS = [
    "ALTER TABLE storefront_tokens ADD COLUMN persisted_only boolean NOT NULL DEFAULT false",
    "ALTER TABLE stores ADD COLUMN storefront_persisted_only boolean NOT NULL DEFAULT false",
    """ALTER TABLE stores ADD COLUMN storefront_cache_max_age integer
        CHECK (storefront_cache_max_age BETWEEN 0 AND 31536000)""",
    """ALTER TABLE stores ADD COLUMN storefront_cache_stale_while_revalidate integer
        CHECK (storefront_cache_stale_while_revalidate BETWEEN 0 AND 31536000)""",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("ALTER TABLE stores DROP COLUMN storefront_cache_stale_while_revalidate")
    op.execute("ALTER TABLE stores DROP COLUMN storefront_cache_max_age")
    op.execute("ALTER TABLE stores DROP COLUMN storefront_persisted_only")
    op.execute("ALTER TABLE storefront_tokens DROP COLUMN persisted_only")
