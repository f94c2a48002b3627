"""What the cart and checkout need of variants: price, titles, weight, tax class, whether the
storefront may sell them, stock available, and the collections of their product.

One statement for any number of variants (the cart's statement budget depends on it).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from app.catalog.models import collection_products, product_variants, products
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.inventory.models import inventory_levels


@dataclass(frozen=True, slots=True)
class Purchasable:
    variant_id: uuid.UUID
    product_id: uuid.UUID
    store_id: uuid.UUID
    product_title: str
    variant_title: str
    sku: str | None
    unit_price: int
    weight_grams: int
    tax_class: str
    active: bool
    available: int
    collection_ids: frozenset[uuid.UUID]


async def load_purchasable(
    db: RequestDB, *, tenant_id: uuid.UUID, variant_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Purchasable]:
    ids = list(set(variant_ids))
    if not ids:
        return {}
    v, p, inv = product_variants, products, inventory_levels
    collections = (
        select(func.coalesce(func.array_agg(collection_products.c.collection_id), []))
        .where(
            collection_products.c.tenant_id == tenant_id,
            collection_products.c.product_id == v.c.product_id,
        )
        .scalar_subquery()
    )
    statement = (
        select(
            v.c.id,
            v.c.product_id,
            v.c.store_id,
            p.c.title.label("product_title"),
            v.c.title,
            v.c.sku,
            v.c.price_amount,
            v.c.weight_grams,
            p.c.tax_class,
            p.c.status,
            func.coalesce(inv.c.on_hand - inv.c.reserved, 0).label("available"),
            collections.label("collection_ids"),
        )
        .select_from(
            v.join(p, (p.c.tenant_id == v.c.tenant_id) & (p.c.id == v.c.product_id)).outerjoin(
                inv, (inv.c.tenant_id == v.c.tenant_id) & (inv.c.variant_id == v.c.id)
            )
        )
        .where(v.c.tenant_id == tenant_id, v.c.id == any_of(ids))
    )
    return {
        r.id: Purchasable(
            variant_id=r.id,
            product_id=r.product_id,
            store_id=r.store_id,
            product_title=r.product_title,
            variant_title=r.title,
            sku=r.sku,
            unit_price=r.price_amount,
            weight_grams=r.weight_grams or 0,
            tax_class=r.tax_class,
            active=r.status == "ACTIVE",
            available=max(r.available, 0),
            collection_ids=frozenset(r.collection_ids or ()),
        )
        for r in await db.execute(statement)
    }
