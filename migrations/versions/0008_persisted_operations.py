"""Trusted documents: the operations a store's clients registered (a graphql-codegen
manifest).

A document's id is `sha256:<hex of its text>`, so a row never changes: registering the same
manifest again adds nothing, and the API may cache a lookup forever.

Revision ID: 0008
Revises: 0006
"""

from alembic import op

from app.db.rls import tenant_rls

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

STATEMENTS = [
    """
    CREATE TABLE persisted_documents (
        tenant_id uuid NOT NULL,
        store_id uuid NOT NULL,
        document_id text NOT NULL CHECK (document_id ~ '^sha256:[0-9a-f]{64}$'),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, store_id, document_id),
        FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
    )
    """,
    # API keys are tenant-wide: they look a document up by tenant and id, any store.
    "CREATE INDEX persisted_documents_by_id ON persisted_documents (tenant_id, document_id)",
]
TENANT_OWNED = ["persisted_documents"]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(TENANT_OWNED):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
