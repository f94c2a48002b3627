"""Statements the product and variant services share: lock a product, check SKUs, insert
variants with their stock, recompute a product's price range.

Every writer locks the product row first (FOR NO KEY UPDATE), so checks against its other
variants and the recomputed price range cannot interleave with a concurrent writer.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, Text, any_, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from app.catalog import rules
from app.catalog.errors import ProductErrorCode as Code
from app.catalog.models import product_variants, products
from app.db.ids import uuid7
from app.db.integrity import constraint_of
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.inventory import service as inventory
from app.tenancy.models import stores

v = product_variants
SKU_KEY = "product_variants_tenant_id_store_id_sku_key"


@dataclass(frozen=True, slots=True)
class LockedProduct:
    id: uuid.UUID
    store_id: uuid.UUID
    currency: str
    languages: list[str]
    default_language: str


async def lock_product(
    db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID, field: str
) -> LockedProduct:
    row = (
        await db.execute(
            select(
                products.c.id,
                products.c.store_id,
                stores.c.currency,
                stores.c.languages,
                stores.c.default_language,
            )
            .join(
                stores,
                (stores.c.tenant_id == products.c.tenant_id) & (stores.c.id == products.c.store_id),
            )
            .where(products.c.tenant_id == tenant_id, products.c.id == product_id)
            .with_for_update(of=products, key_share=True)
        )
    ).first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Product not found", [field])
    return LockedProduct(
        row.id, row.store_id, row.currency, list(row.languages), row.default_language
    )


def _any_text(values: Collection[str]) -> Any:
    """`= ANY($1::text[])`: the same statement text for any number of values."""
    return any_(bindparam(None, list(values), type_=ARRAY(Text)))


async def check_skus_free(
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    skus: Sequence[tuple[str | None, rules.Path]],
    ignore: Collection[uuid.UUID] = (),
) -> None:
    """DUPLICATE_SKU for a SKU another variant of the store holds (one query)."""
    wanted = {sku: path for sku, path in skus if sku is not None}
    if not wanted:
        return
    held = await db.execute(
        select(v.c.id, v.c.sku).where(
            v.c.tenant_id == tenant_id, v.c.store_id == store_id, v.c.sku == _any_text(wanted)
        )
    )
    for row in held:
        if row.id not in ignore:
            raise rules.fail(
                Code.DUPLICATE_SKU,
                f"SKU {row.sku!r} is already used in this store",
                wanted[row.sku],
            )


async def insert_variants(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    product_id: uuid.UUID,
    rows: Sequence[rules.VariantRow],
    first_position: int,
    field: rules.Path,
) -> list[uuid.UUID]:
    """One INSERT for the variants and one for their inventory levels."""
    ids = [uuid7() for _ in rows]
    try:
        await db.execute(
            v.insert().values(
                [
                    {
                        "tenant_id": tenant_id,
                        "id": variant_id,
                        "store_id": store_id,
                        "product_id": product_id,
                        "sku": row.sku,
                        "title": row.title,
                        "price_amount": row.price_amount,
                        "compare_at_amount": row.compare_at_amount,
                        "weight_grams": row.weight_grams,
                        "barcode": row.barcode,
                        "position": first_position + index,
                        "option_values": row.option_values,
                        "updated_at": func.now(),
                    }
                    for index, (variant_id, row) in enumerate(zip(ids, rows, strict=True))
                ]
            )
        )
    except IntegrityError as exc:
        raise sku_taken(exc, field) from exc
    await inventory.create_levels(
        db,
        tenant_id=tenant_id,
        quantities=[(i, row.on_hand) for i, row in zip(ids, rows, strict=True)],
    )
    return ids


def sku_taken(exc: IntegrityError, field: rules.Path) -> ServiceError | IntegrityError:
    """A SKU taken by a concurrent writer after our check; anything else is a bug."""
    if constraint_of(exc) == SKU_KEY:
        return ServiceError(Code.DUPLICATE_SKU, "SKU is already used in this store", list(field))
    return exc


async def refresh_price_range(db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID) -> None:
    """Recompute the product's price columns from its variants and touch it (one UPDATE)."""
    agg = (
        select(
            v.c.product_id,
            func.min(v.c.price_amount).label("lo"),
            func.max(v.c.price_amount).label("hi"),
            func.min(v.c.compare_at_amount).label("clo"),
            func.max(v.c.compare_at_amount).label("chi"),
        )
        .where(v.c.tenant_id == tenant_id, v.c.product_id == product_id)
        .group_by(v.c.product_id)
        .subquery()
    )
    await db.execute(
        update(products)
        .values(
            min_price=agg.c.lo,
            max_price=agg.c.hi,
            min_compare_at=agg.c.clo,
            max_compare_at=agg.c.chi,
            updated_at=func.now(),
        )
        .where(products.c.tenant_id == tenant_id, products.c.id == agg.c.product_id)
    )
