"""Collections: hand-ordered product lists of a store. No GraphQL here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, literal, select, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from app.catalog.errors import CollectionErrorCode
from app.catalog.models import collection_products, collections, products
from app.catalog.service.taxonomy import (
    UUIDS,
    drop_translations,
    fill_handle,
    refusal,
    require_title,
    text_fields,
)
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError

MAX_PRODUCTS_PER_CALL = 250


@dataclass(frozen=True, slots=True)
class CollectionInput:
    title: str | None = None
    handle: str | None = None
    description_html: str | None = None


def _product_ids(ids: Sequence[uuid.UUID], field: list[str]) -> list[uuid.UUID]:
    """The ids without repeats, first occurrence first, within the per-call cap."""
    if len(ids) > MAX_PRODUCTS_PER_CALL:
        raise ServiceError(
            CollectionErrorCode.INVALID, f"At most {MAX_PRODUCTS_PER_CALL} products per call", field
        )
    return list(dict.fromkeys(ids))


async def _touch_collection(
    db: RequestDB, tenant_id: uuid.UUID, collection_id: uuid.UUID, values: dict[str, Any]
) -> Row[Any]:
    """Update the collection (at least its updated_at), which also locks it for this unit."""
    try:
        row = (
            await db.execute(
                update(collections)
                .values(updated_at=func.now(), **values)
                .where(collections.c.tenant_id == tenant_id, collections.c.id == collection_id)
                .returning(*collections.c)
            )
        ).first()
    except IntegrityError as exc:
        raise refusal(exc, CollectionErrorCode) from exc
    if row is None:
        raise ServiceError(CollectionErrorCode.NOT_FOUND, "Collection not found", ["id"])
    return row


async def _append_products(
    db: RequestDB, collection: Row[Any], given_ids: Sequence[uuid.UUID], field: list[str]
) -> None:
    """Append products of the collection's store at its end, in order, skipping members.

    Two statements whatever the number of products: one checks they all exist in the store,
    one inserts the new members numbered after the current last position.
    """
    product_ids = _product_ids(given_ids, field)
    if not product_ids:
        return
    tenant_id, cp = collection.tenant_id, collection_products
    found = set(
        (
            await db.execute(
                select(products.c.id).where(
                    products.c.tenant_id == tenant_id,
                    products.c.store_id == collection.store_id,
                    products.c.id == func.any(bindparam("ids", product_ids, type_=UUIDS)),
                )
            )
        ).scalars()
    )
    for index, product_id in enumerate(given_ids):
        if product_id not in found:
            raise ServiceError(
                CollectionErrorCode.PRODUCT_NOT_FOUND,
                "Product not found in the collection's store",
                [*field, str(index)],
            )
    given = (
        func.unnest(bindparam("ids", product_ids, type_=UUIDS))
        .table_valued("product_id", with_ordinality="ord")
        .render_derived()
    )
    last = (
        select(func.coalesce(func.max(cp.c.position), -1))
        .where(cp.c.tenant_id == tenant_id, cp.c.collection_id == collection.id)
        .scalar_subquery()
    )
    rows = select(
        literal(tenant_id, UUID(as_uuid=True)),
        literal(collection.id, UUID(as_uuid=True)),
        given.c.product_id,
        last + func.row_number().over(order_by=given.c.ord),
    ).where(
        ~exists().where(
            cp.c.tenant_id == tenant_id,
            cp.c.collection_id == collection.id,
            cp.c.product_id == given.c.product_id,
        )
    )
    await db.execute(
        cp.insert().from_select(["tenant_id", "collection_id", "product_id", "position"], rows)
    )


async def create_collection(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    data: CollectionInput,
    product_ids: Sequence[uuid.UUID] = (),
) -> Row[Any]:
    codes = CollectionErrorCode
    require_title(codes, data)
    values = text_fields(codes, data)
    _product_ids(product_ids, ["input", "productIds"])
    async with db.unit_of_work():
        await fill_handle(
            db,
            collections,
            tenant_id=tenant_id,
            store_id=store_id,
            values=values,
            fallback="collection",
        )
        try:
            row = (
                await db.execute(
                    collections.insert()
                    .values(
                        tenant_id=tenant_id,
                        id=uuid7(),
                        store_id=store_id,
                        updated_at=func.now(),
                        **values,
                    )
                    .returning(*collections.c)
                )
            ).one()
        except IntegrityError as exc:
            raise refusal(exc, codes) from exc
        await _append_products(db, row, product_ids, ["input", "productIds"])
    return row


async def update_collection(
    *, db: RequestDB, tenant_id: uuid.UUID, collection_id: uuid.UUID, data: CollectionInput
) -> Row[Any]:
    values = text_fields(CollectionErrorCode, data)
    async with db.unit_of_work():
        return await _touch_collection(db, tenant_id, collection_id, values)


async def delete_collection(
    *, db: RequestDB, tenant_id: uuid.UUID, collection_id: uuid.UUID
) -> None:
    async with db.unit_of_work():
        deleted = await db.write(
            delete(collections).where(
                collections.c.tenant_id == tenant_id, collections.c.id == collection_id
            )
        )
        if deleted.rowcount == 0:
            raise ServiceError(CollectionErrorCode.NOT_FOUND, "Collection not found", ["id"])
        await drop_translations(db, tenant_id, collection_id)


async def add_collection_products(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    collection_id: uuid.UUID,
    product_ids: Sequence[uuid.UUID],
) -> Row[Any]:
    """Append products at the end in the given order; members already in it stay where they are."""
    _product_ids(product_ids, ["productIds"])
    async with db.unit_of_work():
        row = await _touch_collection(db, tenant_id, collection_id, {})
        await _append_products(db, row, product_ids, ["productIds"])
    return row


async def remove_collection_products(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    collection_id: uuid.UUID,
    product_ids: Sequence[uuid.UUID],
) -> Row[Any]:
    """Remove products from the collection; ones not in it are ignored."""
    product_ids = _product_ids(product_ids, ["productIds"])
    async with db.unit_of_work():
        row = await _touch_collection(db, tenant_id, collection_id, {})
        cp = collection_products
        await db.execute(
            delete(cp).where(
                cp.c.tenant_id == tenant_id,
                cp.c.collection_id == collection_id,
                cp.c.product_id == func.any(bindparam("ids", product_ids, type_=UUIDS)),
            )
        )
    return row
