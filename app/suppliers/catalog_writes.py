"""The batched catalog writes of an import or sync: a fixed number of statements per batch.

A sync may change thousands of variants; the catalog's services change one product per call
(several statements each). Here a batch of changed variants is written with one statement per
table, each taking the batch as arrays (`unnest`), so the statements per batch do not depend
on how many changed: variants (price, compare-at, cost), stock levels (on hand), the
products' price ranges, and the supplier links (cost, availability, checked_at).

These write catalog and inventory tables directly, which the catalog's own services do not
offer in bulk yet; when the catalog re-layout (issue 8, milestone 3) lands, this module is
the one to move behind a catalog bulk-update service.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text

from app.db.tenant import RequestDB


@dataclass(frozen=True, slots=True)
class VariantChange:
    connection_id: uuid.UUID
    supplier_product_id: str
    supplier_sku: str
    product_id: uuid.UUID
    variant_id: uuid.UUID
    price: int
    compare_at: int | None
    cost_minor: int  # the cost in the store's currency, minor units
    on_hand: int
    supplier_cost: Decimal
    supplier_currency: str
    available: bool


VARIANTS = text("""
UPDATE product_variants v
   SET price_amount = c.price, compare_at_amount = c.compare_at, cost_amount = c.cost,
       updated_at = now()
  FROM unnest(CAST(:ids AS uuid[]), CAST(:prices AS bigint[]), CAST(:compare AS bigint[]),
              CAST(:costs AS bigint[])) AS c(id, price, compare_at, cost)
 WHERE v.tenant_id = :t AND v.id = c.id
""")
# Stock: on_hand as the supplier says; `reserved` (open checkouts) is left alone.
LEVELS = text("""
UPDATE inventory_levels l
   SET on_hand = c.on_hand, updated_at = now()
  FROM unnest(CAST(:ids AS uuid[]), CAST(:on_hand AS integer[])) AS c(id, on_hand)
 WHERE l.tenant_id = :t AND l.variant_id = c.id
""")
RANGES = text("""
UPDATE products p
   SET min_price = a.lo, max_price = a.hi, min_compare_at = a.clo, max_compare_at = a.chi,
       cost_amount = a.cost, updated_at = now()
  FROM (SELECT product_id, min(price_amount) lo, max(price_amount) hi,
               min(compare_at_amount) clo, max(compare_at_amount) chi, min(cost_amount) cost
          FROM product_variants
         WHERE tenant_id = :t AND product_id = ANY(CAST(:products AS uuid[]))
         GROUP BY product_id) a
 WHERE p.tenant_id = :t AND p.id = a.product_id
""")
LINKS = text("""
INSERT INTO supplier_variants AS s (tenant_id, connection_id, supplier_product_id, supplier_sku,
       product_id, variant_id, pricing_rule_id, cost, cost_currency, available, checked_at)
SELECT :t, c.connection_id, c.product, c.sku, c.product_id, c.variant_id, CAST(:rule AS uuid),
       c.cost, c.currency, c.available, now()
  FROM unnest(CAST(:connections AS uuid[]), CAST(:supplier_products AS text[]),
              CAST(:skus AS text[]), CAST(:product_ids AS uuid[]), CAST(:ids AS uuid[]),
              CAST(:supplier_costs AS numeric[]), CAST(:currencies AS text[]),
              CAST(:available AS boolean[]))
       AS c(connection_id, product, sku, product_id, variant_id, cost, currency, available)
ON CONFLICT (tenant_id, connection_id, supplier_product_id, supplier_sku) DO UPDATE
   SET cost = excluded.cost, cost_currency = excluded.cost_currency,
       available = excluded.available, checked_at = now(),
       pricing_rule_id = COALESCE(CAST(:rule AS uuid), s.pricing_rule_id)
""")
LINK_PRODUCTS = text("""
UPDATE products p SET supplier_connection_id = :c, supplier_product_id = x.supplier_product
  FROM unnest(CAST(:ids AS uuid[]), CAST(:supplier_products AS text[])) AS x(id, supplier_product)
 WHERE p.tenant_id = :t AND p.id = x.id
""")


async def link_products(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
    products: Sequence[tuple[uuid.UUID, str]],
) -> None:
    """Mark imported products with their connection and supplier product id (one statement)."""
    if products:
        await db.execute(
            LINK_PRODUCTS,
            {
                "t": tenant_id,
                "c": connection_id,
                "ids": [p for p, _ in products],
                "supplier_products": [s for _, s in products],
            },
        )


async def write_batch(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    changes: Sequence[VariantChange],
    pricing_rule_id: uuid.UUID | None = None,
) -> None:
    """Write one batch of changed variants: four statements, whatever its size."""
    if not changes:
        return
    ids = [c.variant_id for c in changes]
    await db.execute(
        VARIANTS,
        {
            "t": tenant_id,
            "ids": ids,
            "prices": [c.price for c in changes],
            "compare": [c.compare_at for c in changes],
            "costs": [c.cost_minor for c in changes],
        },
    )
    await db.execute(LEVELS, {"t": tenant_id, "ids": ids, "on_hand": [c.on_hand for c in changes]})
    await db.execute(
        RANGES, {"t": tenant_id, "products": list(dict.fromkeys(c.product_id for c in changes))}
    )
    await db.execute(
        LINKS,
        {
            "t": tenant_id,
            "rule": pricing_rule_id,
            "connections": [c.connection_id for c in changes],
            "supplier_products": [c.supplier_product_id for c in changes],
            "skus": [c.supplier_sku for c in changes],
            "product_ids": [c.product_id for c in changes],
            "ids": ids,
            "supplier_costs": [c.supplier_cost for c in changes],
            "currencies": [c.supplier_currency for c in changes],
            "available": [c.available for c in changes],
        },
    )
