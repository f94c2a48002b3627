"""AI product content: drafts per product, language and field with their token counts and
cost, and the per-store content settings (brand voice, rules, auto-approval). Abandoned-cart
emails: consent on the cart's buyer identity, the store's reminder delays, every send, and
unsubscribed addresses.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

from app.db.rls import tenant_rls
from app.db.sqlscript import split_statements

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = """
-- A store without a row here has no brand voice, no extra rules and reviews every draft.
CREATE TABLE store_content_settings (
    tenant_id uuid NOT NULL,
    store_id uuid NOT NULL,
    brand_voice text NOT NULL DEFAULT '' CHECK (length(brand_voice) <= 4000),
    rules text NOT NULL DEFAULT '' CHECK (length(rules) <= 4000),
    auto_approve boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, store_id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

-- One draft per run, product, language and field: a restarted run finds the drafts it
-- already paid for (the unique key) and asks the model only for the rest.
CREATE TABLE ai_content_drafts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    run_id uuid NOT NULL,
    product_id uuid NOT NULL,
    language text NOT NULL CHECK (language ~ '^[a-z]{2}(-[a-z]{2})?$'),
    field text NOT NULL
        CHECK (field IN ('TITLE', 'DESCRIPTION_HTML', 'SEO_TITLE', 'SEO_DESCRIPTION', 'TAGS')),
    value text NOT NULL,
    status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    model text NOT NULL,
    -- The tokens of the model call that wrote this draft, shared evenly by the drafts of one
    -- call (a call writes every field of one product and language).
    input_tokens integer NOT NULL CHECK (input_tokens >= 0),
    output_tokens integer NOT NULL CHECK (output_tokens >= 0),
    cache_creation_tokens integer NOT NULL DEFAULT 0 CHECK (cache_creation_tokens >= 0),
    cache_read_tokens integer NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
    cost_micros bigint NOT NULL CHECK (cost_micros >= 0),  -- USD millionths
    created_at timestamptz NOT NULL DEFAULT now(),
    decided_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, run_id, product_id, language, field)
);
CREATE INDEX ai_content_drafts_product_idx ON ai_content_drafts (tenant_id, product_id, status);
CREATE INDEX ai_content_drafts_month_idx ON ai_content_drafts (tenant_id, created_at);

-- Consent to reminder emails, with where it was given and when; both null: none.
ALTER TABLE carts ADD COLUMN email_consent_source text
    CHECK (length(email_consent_source) BETWEEN 1 AND 100);
ALTER TABLE carts ADD COLUMN email_consent_at timestamptz;
ALTER TABLE store_checkout_settings ADD COLUMN abandoned_cart_delays_minutes integer[] NOT NULL
    DEFAULT '{60,1440,4320}';

-- One row per reminder step of a cart, claimed before the mail is sent: a retry finds the
-- row and never sends the same step twice.
CREATE TABLE cart_email_sends (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    cart_id uuid NOT NULL,
    step integer NOT NULL CHECK (step >= 0),
    to_email text NOT NULL,
    template text NOT NULL,
    result text NOT NULL DEFAULT 'PENDING' CHECK (result IN ('PENDING', 'SENT', 'FAILED')),
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, cart_id, step)
);

CREATE TABLE email_unsubscribes (
    tenant_id uuid NOT NULL,
    store_id uuid NOT NULL,
    email text NOT NULL CHECK (email = lower(email)),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, store_id, email),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);
"""

TENANT_OWNED = [
    "store_content_settings",
    "ai_content_drafts",
    "cart_email_sends",
    "email_unsubscribes",
]


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE email_unsubscribes")
    op.execute("DROP TABLE cart_email_sends")
    op.execute("ALTER TABLE store_checkout_settings DROP COLUMN abandoned_cart_delays_minutes")
    op.execute("ALTER TABLE carts DROP COLUMN email_consent_at")
    op.execute("ALTER TABLE carts DROP COLUMN email_consent_source")
    op.execute("DROP TABLE ai_content_drafts")
    op.execute("DROP TABLE store_content_settings")
