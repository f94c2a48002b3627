"""Catalog: categories, products, options, variants, inventory, collections, media,
translations, full-text search, and idempotency keys.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from app.db.rls import tenant_rls
from app.db.sqlscript import split_statements

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = """
-- The text-search configuration for a store language; 'simple' where PostgreSQL has none.
CREATE FUNCTION edestory_ts_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lang
        WHEN 'es' THEN 'spanish' WHEN 'en' THEN 'english' WHEN 'de' THEN 'german'
        WHEN 'fr' THEN 'french' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese'
        WHEN 'nl' THEN 'dutch' WHEN 'sv' THEN 'swedish' WHEN 'da' THEN 'danish'
        WHEN 'fi' THEN 'finnish' WHEN 'no' THEN 'norwegian' WHEN 'ru' THEN 'russian'
        WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian' WHEN 'tr' THEN 'turkish'
        ELSE 'simple' END::regconfig
$$;

CREATE TABLE categories (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    parent_id uuid,
    handle text NOT NULL CHECK (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
    description_html text NOT NULL DEFAULT '',
    -- Ancestors from the root down to and including this category: descendants of X are
    -- the rows whose path contains X (GIN index below).
    path uuid[] NOT NULL,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id),
    UNIQUE (tenant_id, store_id, handle)
);
CREATE INDEX categories_path_idx ON categories USING gin (path);
CREATE INDEX categories_parent_idx ON categories (tenant_id, parent_id);

CREATE TABLE products (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    handle text NOT NULL CHECK (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
    description text NOT NULL DEFAULT '',
    description_html text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ACTIVE', 'ARCHIVED')),
    tags text[] NOT NULL DEFAULT '{}',
    vendor text,
    seo_title text,
    seo_description text,
    category_id uuid,
    supplier_connection_id uuid,
    supplier_product_id text,
    cost_amount bigint CHECK (cost_amount >= 0),
    -- Kept in step with the variants by the catalog service: list pages read them directly.
    min_price bigint,
    max_price bigint,
    min_compare_at bigint,
    max_compare_at bigint,
    sales_count bigint NOT NULL DEFAULT 0,
    search tsvector NOT NULL DEFAULT ''::tsvector,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
        ON DELETE SET NULL (category_id),
    UNIQUE (tenant_id, store_id, handle)
);
CREATE INDEX products_created_idx ON products (tenant_id, store_id, status, created_at, id);
CREATE INDEX products_title_idx ON products (tenant_id, store_id, status, title, id);
CREATE INDEX products_price_idx ON products (tenant_id, store_id, status, min_price, id);
CREATE INDEX products_updated_idx ON products (tenant_id, store_id, status, updated_at, id);
CREATE INDEX products_sales_idx ON products (tenant_id, store_id, status, sales_count, id);
CREATE INDEX products_category_idx ON products (tenant_id, category_id);
CREATE INDEX products_search_idx ON products USING gin (search);
CREATE INDEX products_tags_idx ON products USING gin (tags);
CREATE INDEX products_supplier_idx ON products (tenant_id, supplier_connection_id, supplier_product_id);

CREATE TABLE product_options (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    product_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    position integer NOT NULL,
    "values" text[] NOT NULL CHECK (cardinality("values") > 0),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, product_id, name)
);
CREATE INDEX product_options_product_idx ON product_options (tenant_id, product_id, position);

CREATE TABLE media (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    product_id uuid,
    url text NOT NULL,
    storage_key text,
    alt_text text,
    width integer CHECK (width > 0),
    height integer CHECK (height > 0),
    content_type text,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX media_product_idx ON media (tenant_id, product_id, position, id);

CREATE TABLE product_variants (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    product_id uuid NOT NULL,
    sku text CHECK (length(sku) BETWEEN 1 AND 100),
    title text NOT NULL,
    price_amount bigint NOT NULL CHECK (price_amount >= 0),
    compare_at_amount bigint CHECK (compare_at_amount >= 0),
    cost_amount bigint CHECK (cost_amount >= 0),
    weight_grams integer CHECK (weight_grams >= 0),
    barcode text,
    position integer NOT NULL DEFAULT 0,
    option_values text[] NOT NULL DEFAULT '{}',
    image_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, image_id) REFERENCES media (tenant_id, id) ON DELETE SET NULL (image_id),
    UNIQUE (tenant_id, store_id, sku)
);
CREATE INDEX product_variants_product_idx ON product_variants (tenant_id, product_id, position, id);

CREATE TABLE inventory_levels (
    tenant_id uuid NOT NULL,
    variant_id uuid NOT NULL,
    on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, variant_id),
    FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE collections (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    store_id uuid NOT NULL,
    handle text NOT NULL CHECK (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
    description_html text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE,
    UNIQUE (tenant_id, store_id, handle)
);

CREATE TABLE collection_products (
    tenant_id uuid NOT NULL,
    collection_id uuid NOT NULL,
    product_id uuid NOT NULL,
    position integer NOT NULL,
    PRIMARY KEY (tenant_id, collection_id, product_id),
    FOREIGN KEY (tenant_id, collection_id) REFERENCES collections (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX collection_products_position_idx ON collection_products (tenant_id, collection_id, position, product_id);
CREATE INDEX collection_products_product_idx ON collection_products (tenant_id, product_id);

-- Field translations of products, variants, categories and collections. The store's default
-- language lives in the resources' own columns; rows here hold the other languages.
CREATE TABLE translations (
    tenant_id uuid NOT NULL,
    resource_id uuid NOT NULL,
    language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    field text NOT NULL CHECK (field IN ('title', 'description', 'description_html',
                                         'seo_title', 'seo_description', 'handle')),
    resource_type text NOT NULL CHECK (resource_type IN ('Product', 'ProductVariant',
                                                         'Category', 'Collection')),
    value text NOT NULL,
    PRIMARY KEY (tenant_id, resource_id, language, field)
);

-- The first result of a mutation called with an idempotency key, replayed on a repeat.
CREATE TABLE idempotency_keys (
    tenant_id uuid NOT NULL,
    operation text NOT NULL,
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    response jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, operation, key)
);

-- The search document: default-language fields with the store's configuration, then every
-- translation with its own language's configuration. Recomputed on every product write;
-- the catalog service touches the product when its translations change.
CREATE FUNCTION products_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT edestory_ts_config(s.default_language) INTO cfg
      FROM stores s WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.store_id;
    cfg := coalesce(cfg, 'simple'::regconfig);
    NEW.search :=
        setweight(to_tsvector(cfg, NEW.title), 'A')
        || setweight(to_tsvector('simple', NEW.title), 'A')
        || setweight(to_tsvector(cfg, coalesce(NEW.vendor, '') || ' '
                                     || array_to_string(NEW.tags, ' ')), 'B')
        || setweight(to_tsvector(cfg, NEW.description), 'C')
        || coalesce((
            SELECT tsvector_agg(setweight(to_tsvector(edestory_ts_config(t.language), t.value),
                                          (CASE t.field WHEN 'title' THEN 'A' ELSE 'C' END)::"char"))
              FROM translations t
             WHERE t.tenant_id = NEW.tenant_id AND t.resource_id = NEW.id
               AND t.field IN ('title', 'description')), ''::tsvector);
    RETURN NEW;
END
$$;
"""

# PostgreSQL has no tsvector aggregate; this one concatenates.
AGGREGATE = """
CREATE AGGREGATE tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')
"""

TRIGGER = """
CREATE TRIGGER products_search BEFORE INSERT OR UPDATE OF title, description, vendor, tags,
    updated_at ON products FOR EACH ROW EXECUTE FUNCTION products_search_refresh()
"""

TENANT_OWNED = [
    "categories",
    "products",
    "product_options",
    "media",
    "product_variants",
    "inventory_levels",
    "collections",
    "collection_products",
    "translations",
    "idempotency_keys",
]


def upgrade() -> None:
    op.execute(AGGREGATE)
    for statement in split_statements(TABLES):
        op.execute(statement)
    op.execute(TRIGGER)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(TENANT_OWNED):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute("DROP FUNCTION IF EXISTS products_search_refresh()")
    op.execute("DROP AGGREGATE IF EXISTS tsvector_agg(tsvector)")
    op.execute("DROP FUNCTION IF EXISTS edestory_ts_config(text)")
