"""Discounts as the admin lists them (a keyset connection, newest last)."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from sqlalchemy import func, select

from app.db.tenant import RequestDB
from app.discounts.models import discount_collections, discounts
from app.discounts.types import Discount, build_discount
from app.graphql.context import Info, require_admin
from app.graphql.ids import require_global_id
from app.graphql.pagination import Connection, PageArgs, SortKey, build_connection, page_statement
from app.tenancy.store_lookup import store_currency

SORT = SortKey([discounts.c.created_at, discounts.c.id])


def _with_collections(tenant_id: uuid.UUID) -> Any:
    dc = discount_collections
    collections = (
        select(func.coalesce(func.array_agg(dc.c.collection_id), []))
        .where(dc.c.tenant_id == tenant_id, dc.c.discount_id == discounts.c.id)
        .scalar_subquery()
    )
    return select(discounts, collections.label("collection_ids")).where(
        discounts.c.tenant_id == tenant_id
    )


async def discounts_by_ids(
    db: RequestDB, tenant_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[Discount]:
    rows = list(await db.execute(_with_collections(tenant_id).where(discounts.c.id.in_(ids))))
    if not rows:
        return []
    currency = await store_currency(db, tenant_id=tenant_id, store_id=rows[0].store_id) or "EUR"
    return [build_discount(r, currency, list(r.collection_ids)) for r in rows]


@strawberry.type
class DiscountQuery:
    @strawberry.field(description="A store's discount codes.")
    async def discounts(
        self,
        info: Info,
        store_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Discount]:
        principal = require_admin(info, "catalog:read")
        assert principal.tenant_id
        store = require_global_id(store_id, "Store", "storeId")
        args = PageArgs(first, after, last, before)
        db = info.context.db
        statement = _with_collections(principal.tenant_id).where(discounts.c.store_id == store)
        rows = list(await db.execute(page_statement(statement, SORT, args)))
        currency = await store_currency(db, tenant_id=principal.tenant_id, store_id=store) or "EUR"
        return build_connection(
            rows,
            args,
            lambda r: build_discount(r, currency, list(r.collection_ids)),
            lambda r: (r.created_at, r.id),
        )
