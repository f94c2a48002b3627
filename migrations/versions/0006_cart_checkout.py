"""Cart, checkout and payments: carts, shipping, discounts, checkouts, paid orders, Stripe
events, the per-store checkout settings and the tax class of products.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

from app.db.rls import CURRENT_TENANT, tenant_rls
from app.db.sqlscript import split_statements

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = """
-- The rate class of a product for VAT: most goods are STANDARD; books, food and the like
-- are REDUCED where the destination has a reduced rate (app/tax/rates.py).
ALTER TABLE products ADD COLUMN tax_class text NOT NULL DEFAULT 'STANDARD'
    CHECK (tax_class IN ('STANDARD', 'REDUCED'));

-- A store without a row here uses the defaults below.
CREATE TABLE store_checkout_settings (
    tenant_id uuid NOT NULL,
    store_id uuid NOT NULL,
    prices_include_tax boolean NOT NULL DEFAULT true,
    cart_ttl_minutes integer NOT NULL DEFAULT 43200 CHECK (cart_ttl_minutes BETWEEN 5 AND 525600),
    reservation_minutes integer NOT NULL DEFAULT 15 CHECK (reservation_minutes BETWEEN 1 AND 1440),
    PRIMARY KEY (tenant_id, store_id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE carts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    email text CHECK (length(email) <= 254),
    phone text CHECK (length(phone) <= 40),
    country_code text CHECK (country_code ~ '^[A-Z]{2}$'),
    shipping_address jsonb,
    delivery_option_handle text,
    discount_codes text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX carts_expiry_idx ON carts (tenant_id, expires_at);

CREATE TABLE cart_lines (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    cart_id uuid NOT NULL,
    variant_id uuid NOT NULL,
    quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, cart_id, variant_id)
);
CREATE INDEX cart_lines_variant_idx ON cart_lines (tenant_id, variant_id);

CREATE TABLE shipping_zones (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    countries text[] NOT NULL CHECK (cardinality(countries) > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, store_id, name)
);
CREATE INDEX shipping_zones_countries_idx ON shipping_zones USING gin (countries);

-- kind FLAT: always; WEIGHT: when the cart's grams fall in [min_value, max_value);
-- SUBTOTAL: when its subtotal (minor units) does. free_above: costs 0 from that subtotal on.
CREATE TABLE shipping_rates (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    zone_id uuid NOT NULL,
    handle text NOT NULL CHECK (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    kind text NOT NULL CHECK (kind IN ('FLAT', 'WEIGHT', 'SUBTOTAL')),
    amount bigint NOT NULL CHECK (amount >= 0),
    min_value bigint CHECK (min_value >= 0),
    max_value bigint CHECK (max_value >= 0),
    free_above bigint CHECK (free_above >= 0),
    position integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, zone_id) REFERENCES shipping_zones (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, store_id, handle)
);
CREATE INDEX shipping_rates_zone_idx ON shipping_rates (tenant_id, zone_id, position);

-- value: percent (1..100) for PERCENTAGE, minor units for FIXED_AMOUNT. used_count counts
-- paid orders; reserved_count the open checkouts holding a use, so a limit holds.
CREATE TABLE discounts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    code text NOT NULL CHECK (code ~ '^[A-Z0-9_-]{1,50}$'),
    kind text NOT NULL CHECK (kind IN ('PERCENTAGE', 'FIXED_AMOUNT')),
    value bigint NOT NULL CHECK (value > 0),
    minimum_subtotal bigint CHECK (minimum_subtotal >= 0),
    starts_at timestamptz,
    ends_at timestamptz,
    usage_limit integer CHECK (usage_limit > 0),
    per_email_limit integer CHECK (per_email_limit > 0),
    used_count integer NOT NULL DEFAULT 0 CHECK (used_count >= 0),
    reserved_count integer NOT NULL DEFAULT 0 CHECK (reserved_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, store_id, code),
    CHECK (kind <> 'PERCENTAGE' OR value <= 100)
);
CREATE INDEX discounts_created_idx ON discounts (tenant_id, store_id, created_at, id);

-- A discount limited to collections applies to the products in any of them.
CREATE TABLE discount_collections (
    tenant_id uuid NOT NULL,
    discount_id uuid NOT NULL,
    collection_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, discount_id, collection_id),
    FOREIGN KEY (tenant_id, discount_id) REFERENCES discounts (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, collection_id) REFERENCES collections (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX discount_collections_collection_idx ON discount_collections (tenant_id, collection_id);

CREATE TABLE checkouts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    cart_id uuid,
    status text NOT NULL CHECK (status IN ('PAYMENT_PENDING', 'COMPLETED', 'FAILED', 'EXPIRED')),
    email text NOT NULL,
    currency char(3) NOT NULL,
    total_amount bigint NOT NULL CHECK (total_amount >= 0),
    -- The priced cart as it was: lines, cost, address, delivery; the order copies it.
    snapshot jsonb NOT NULL,
    discount_id uuid,
    reserved_until timestamptz NOT NULL,
    payment_intent_id text,
    client_secret text,
    -- The PaymentIntent's status as last seen (creation, webhook or checkoutComplete).
    payment_status text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id) ON DELETE SET NULL (cart_id),
    FOREIGN KEY (tenant_id, discount_id) REFERENCES discounts (tenant_id, id),
    UNIQUE (tenant_id, payment_intent_id)
);
CREATE INDEX checkouts_expiry_idx ON checkouts (tenant_id, status, reserved_until);
CREATE INDEX checkouts_cart_idx ON checkouts (tenant_id, cart_id);
CREATE INDEX checkouts_discount_idx ON checkouts (tenant_id, discount_id);

CREATE TABLE order_counters (
    tenant_id uuid NOT NULL,
    store_id uuid NOT NULL,
    last_number bigint NOT NULL,
    PRIMARY KEY (tenant_id, store_id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE orders (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    checkout_id uuid NOT NULL,
    number bigint NOT NULL CHECK (number > 0),
    status text NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'SUPPLIER_ORDERED',
        'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED')),
    email text NOT NULL,
    currency char(3) NOT NULL,
    subtotal_amount bigint NOT NULL,
    total_tax_amount bigint NOT NULL,
    total_shipping_amount bigint NOT NULL,
    total_discount_amount bigint NOT NULL,
    total_amount bigint NOT NULL,
    prices_include_tax boolean NOT NULL,
    shipping_address jsonb NOT NULL,
    delivery_title text NOT NULL,
    discount_code text,
    -- The shopper's secret for order(id, token); compared in constant time.
    token text NOT NULL,
    payment_intent_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, checkout_id) REFERENCES checkouts (tenant_id, id),
    UNIQUE (tenant_id, store_id, number),
    UNIQUE (tenant_id, checkout_id)
);
CREATE INDEX orders_created_idx ON orders (tenant_id, store_id, created_at, id);

CREATE TABLE order_lines (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    order_id uuid NOT NULL,
    variant_id uuid,
    position integer NOT NULL,
    product_title text NOT NULL,
    variant_title text NOT NULL,
    sku text,
    quantity integer NOT NULL CHECK (quantity > 0),
    unit_price bigint NOT NULL,
    subtotal_amount bigint NOT NULL,
    discount_amount bigint NOT NULL,
    tax_amount bigint NOT NULL,
    tax_rate_bp integer NOT NULL,
    total_amount bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id)
        ON DELETE SET NULL (variant_id)
);
CREATE INDEX order_lines_order_idx ON order_lines (tenant_id, order_id, position);
CREATE INDEX order_lines_variant_idx ON order_lines (tenant_id, variant_id);

CREATE TABLE discount_usages (
    tenant_id uuid NOT NULL,
    discount_id uuid NOT NULL,
    order_id uuid NOT NULL,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, discount_id, order_id),
    FOREIGN KEY (tenant_id, discount_id) REFERENCES discounts (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX discount_usages_email_idx ON discount_usages (tenant_id, discount_id, lower(email));
CREATE INDEX discount_usages_order_idx ON discount_usages (tenant_id, order_id);

-- Stripe events by id: a repeat delivery finds its row and is ignored. outcome records what
-- the event did (APPLIED, FAILED, AMOUNT_MISMATCH, ...).
CREATE TABLE stripe_events (
    tenant_id uuid NOT NULL,
    id text NOT NULL,
    type text NOT NULL,
    payment_intent_id text,
    outcome text NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stripe_events_intent_idx ON stripe_events (tenant_id, payment_intent_id);

-- When a tenant next has carts or reservations to expire. The periodic sweep runs outside
-- any tenant and reads only this (tenant ids and times, nothing else), then works inside
-- each due tenant under its RLS.
CREATE TABLE tenant_expiry_due (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    due_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id)
);
CREATE INDEX tenant_expiry_due_at_idx ON tenant_expiry_due (due_at);
"""

TENANT_OWNED = [
    "store_checkout_settings",
    "carts",
    "cart_lines",
    "shipping_zones",
    "shipping_rates",
    "discounts",
    "discount_collections",
    "checkouts",
    "order_counters",
    "orders",
    "order_lines",
    "discount_usages",
    "stripe_events",
]


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)
    op.execute("ALTER TABLE tenant_expiry_due ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE tenant_expiry_due FORCE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY sweep_lookup ON tenant_expiry_due FOR SELECT USING (true)")
    op.execute(
        f"CREATE POLICY tenant_writes ON tenant_expiry_due USING (tenant_id = {CURRENT_TENANT}) "
        f"WITH CHECK (tenant_id = {CURRENT_TENANT})"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS tenant_expiry_due CASCADE")
    for table in reversed(TENANT_OWNED):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute("ALTER TABLE products DROP COLUMN IF EXISTS tax_class")
