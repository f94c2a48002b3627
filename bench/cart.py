"""W4's data: the bench store's EU zone and a 3-line cart with a Spanish address."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cart.models import cart_lines
from app.cart.service import CartData, LineData, create_cart, update_shipping_address
from app.catalog.models import product_variants, products
from app.db.tenant import RequestDB
from app.graphql.ids import to_global_id
from app.inventory.models import inventory_levels
from app.seed.shipping import ensure_eu_zone

ADDRESS = {
    "lastName": "García",
    "address1": "Calle Mayor 1",
    "city": "Madrid",
    "zip": "28013",
    "countryCode": "ES",
}


@dataclass(frozen=True, slots=True)
class BenchCart:
    cart_id: str  # global IDs, as the storefront sends them
    variant_id: str  # W4 adds one of this variant (the cart's first line)
    line_id: str  # and sets that line back to 1 in the same document


async def prepare_cart(engine: AsyncEngine, tenant_id: uuid.UUID, store_id: uuid.UUID) -> BenchCart:
    await ensure_eu_zone(engine, tenant_id=tenant_id, store_id=store_id)
    db = RequestDB(engine, tenant_id)
    try:
        v, p, inv = product_variants, products, inventory_levels
        variants = [
            r.id
            for r in await db.execute(
                select(v.c.id)
                .join(p, (p.c.tenant_id == v.c.tenant_id) & (p.c.id == v.c.product_id))
                .join(inv, (inv.c.tenant_id == v.c.tenant_id) & (inv.c.variant_id == v.c.id))
                .where(
                    v.c.tenant_id == tenant_id,
                    v.c.store_id == store_id,
                    p.c.status == "ACTIVE",
                    inv.c.on_hand >= 10,
                )
                .order_by(v.c.id)
                .limit(3)
            )
        ]
        assert len(variants) == 3, "the bench catalog has too few variants in stock"
        cart_id = await create_cart(
            db=db,
            tenant_id=tenant_id,
            store_id=store_id,
            data=CartData(lines=[LineData(variant_id=x, quantity=1) for x in variants]),
        )
        await update_shipping_address(
            db=db, tenant_id=tenant_id, store_id=store_id, cart_id=cart_id, address=ADDRESS
        )
        line_id = (
            await db.execute(
                select(cart_lines.c.id).where(
                    cart_lines.c.tenant_id == tenant_id,
                    cart_lines.c.cart_id == cart_id,
                    cart_lines.c.variant_id == variants[0],
                )
            )
        ).scalar_one()
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return BenchCart(
        cart_id=to_global_id("Cart", cart_id),
        variant_id=to_global_id("ProductVariant", variants[0]),
        line_id=to_global_id("CartLine", line_id),
    )
