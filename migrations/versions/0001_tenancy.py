"""Tenancy: tenants, stores, staff, API keys, storefront and refresh tokens, with RLS.

Revision ID: 0001
Revises:
"""

from alembic import op

from app.db.rls import CURRENT_TENANT, CURRENT_USER_ID, tenant_rls
from app.db.sqlscript import split_statements

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = """
CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stores (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    domain text,
    currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    languages text[] NOT NULL CHECK (cardinality(languages) > 0),
    default_language text NOT NULL,
    timezone text NOT NULL DEFAULT 'UTC',
    status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'CLOSED')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (default_language = ANY (languages))
);
CREATE UNIQUE INDEX stores_domain_key ON stores (lower(domain)) WHERE domain IS NOT NULL;

CREATE TABLE store_domains (
    domain text PRIMARY KEY,
    tenant_id uuid NOT NULL,
    store_id uuid NOT NULL,
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    email text NOT NULL,
    name text,
    password_hash text,
    invite_token_hash bytea,
    invite_expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE staff_members (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id),
    role text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'STAFF', 'VIEWER')),
    status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INVITED', 'DISABLED')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id)
);
CREATE INDEX staff_members_user_idx ON staff_members (user_id);

CREATE TABLE api_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    name text NOT NULL,
    prefix text NOT NULL,
    secret_hash bytea NOT NULL,
    scopes text[] NOT NULL,
    persisted_only boolean NOT NULL DEFAULT false,
    created_by uuid,
    last_used_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES staff_members (tenant_id, id)
);

CREATE TABLE storefront_tokens (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    title text NOT NULL,
    secret_hash bytea NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE refresh_tokens (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    family_id uuid NOT NULL,
    staff_member_id uuid NOT NULL,
    secret_hash bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, staff_member_id) REFERENCES staff_members (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (tenant_id, family_id);
"""

TENANT_OWNED = ["stores", "staff_members", "api_keys", "storefront_tokens", "refresh_tokens"]


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for statement in tenant_rls("tenants", column="id"):
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)
    # Host routing is read before any tenant is known, so every row is readable; a tenant
    # writes only its own routes.
    op.execute("ALTER TABLE store_domains ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE store_domains FORCE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY routing_lookup ON store_domains FOR SELECT USING (true)")
    op.execute(
        f"CREATE POLICY tenant_writes ON store_domains USING (tenant_id = {CURRENT_TENANT}) "
        f"WITH CHECK (tenant_id = {CURRENT_TENANT})"
    )
    # Sign-in reads identities before any tenant is known, and anyone may create one (the
    # email is unique); a transaction changes a user only as that user, or as a tenant the
    # user belongs to. Nobody deletes users.
    op.execute("ALTER TABLE users ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE users FORCE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY identity_lookup ON users FOR SELECT USING (true)")
    op.execute("CREATE POLICY identity_create ON users FOR INSERT WITH CHECK (true)")
    member_or_self = (
        f"id = {CURRENT_USER_ID} OR id IN "
        f"(SELECT user_id FROM staff_members WHERE tenant_id = {CURRENT_TENANT})"
    )
    op.execute(
        f"CREATE POLICY member_or_self_update ON users FOR UPDATE "
        f"USING ({member_or_self}) WITH CHECK ({member_or_self})"
    )
    # A person signing in sees their own memberships in every tenant, and nothing else there.
    op.execute(
        f"CREATE POLICY own_memberships ON staff_members FOR SELECT "
        f"USING (user_id = {CURRENT_USER_ID})"
    )
    op.execute(
        f"CREATE POLICY member_tenants ON tenants FOR SELECT USING ("
        f"id IN (SELECT tenant_id FROM staff_members WHERE user_id = {CURRENT_USER_ID}))"
    )


def downgrade() -> None:
    for table in reversed(["tenants", "stores", "store_domains", "users", *TENANT_OWNED]):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
