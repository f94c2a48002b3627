"""DataLoaders for catalog objects reached one at a time (node, payloads, nested fields).

Each batch is one statement, scoped to the caller's tenant; storefront callers see only
ACTIVE products of their own store.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Select, select

from app.catalog.models import categories, collections, products
from app.catalog.reads import build, sql
from app.catalog.types import Category, Collection, Image, ProductVariant
from app.db.metadata import any_of
from app.db.prepared import prepared
from app.graphql.context import Context
from app.principal import PrincipalKind
from app.shipping.offers import Zone, zones_of_stores


def storefront_scope(context: Context, statement: Select[Any]) -> Select[Any]:
    """What a storefront may see of products: ACTIVE ones of its own store."""
    principal = context.principal
    if principal.kind is PrincipalKind.STOREFRONT:
        return statement.where(
            products.c.status == "ACTIVE", products.c.store_id == principal.store_id
        )
    return statement


def tenant_of(context: Context) -> uuid.UUID:
    assert context.principal.tenant_id is not None
    return context.principal.tenant_id


class ContextLoader(DataLoader[uuid.UUID, Any]):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context


class VariantByIdLoader(ContextLoader):
    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[ProductVariant | None]:
        ctx = self.context
        statement, params = sql.variants_select(
            tenant_id=tenant_of(ctx),
            variant_ids=list(keys),
            language=ctx.language,
            per_product=None,
        )
        found = {r.id: r for r in await ctx.db.run(prepared(statement), params)}
        visible = await self._visible_products(ctx, {r.product_id for r in found.values()})
        return [
            build.variant(found[k]) if k in found and found[k].product_id in visible else None
            for k in keys
        ]

    @staticmethod
    async def _visible_products(ctx: Context, ids: set[uuid.UUID]) -> set[uuid.UUID]:
        if ctx.principal.kind is not PrincipalKind.STOREFRONT or not ids:
            return ids
        statement = storefront_scope(
            ctx,
            select(products.c.id).where(
                products.c.tenant_id == tenant_of(ctx), products.c.id == any_of(ids)
            ),
        )
        return {r.id for r in await ctx.db.execute(statement)}


class VariantsByProductIdLoader(ContextLoader):
    """Every variant of each product (at most 100 by the catalog rules)."""

    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[list[ProductVariant]]:
        ctx = self.context
        statement, params = sql.variants_select(
            tenant_id=tenant_of(ctx),
            product_ids=list(keys),
            language=ctx.language,
            per_product=None,
        )
        grouped: dict[uuid.UUID, list[ProductVariant]] = defaultdict(list)
        for row in await ctx.db.run(prepared(statement), params):
            grouped[row.product_id].append(build.variant(row))
        return [grouped.get(k, []) for k in keys]


class ShippingZonesByStoreIdLoader(ContextLoader):
    """A store's shipping zones and rates, for JSON-LD of products reached one at a time."""

    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[list[Zone]]:
        found = await zones_of_stores(
            self.context.db, tenant_id=tenant_of(self.context), store_ids=keys
        )
        return [found.get(k, []) for k in keys]


class ImagesByProductIdLoader(ContextLoader):
    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[list[Image]]:
        ctx = self.context
        statement, params = sql.images_select(
            tenant_id=tenant_of(ctx),
            product_ids=list(keys),
            per_product=None,
            language=ctx.language,
        )
        grouped: dict[uuid.UUID, list[Image]] = defaultdict(list)
        for row in await ctx.db.run(prepared(statement), params):
            grouped[row.product_id].append(build.media_image(row))
        return [grouped.get(k, []) for k in keys]


class CollectionsByProductIdLoader(ContextLoader):
    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[list[Collection]]:
        ctx = self.context
        statement, params = sql.collections_of_products_select(
            tenant_id=tenant_of(ctx),
            product_ids=list(keys),
            per_product=None,
            language=ctx.language,
        )
        grouped: dict[uuid.UUID, list[Collection]] = defaultdict(list)
        for row in await ctx.db.run(prepared(statement), params):
            grouped[row.product_id].append(build.collection(row))
        return [grouped.get(k, []) for k in keys]


class CategoryByIdLoader(ContextLoader):
    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[Category | None]:
        ctx = self.context
        statement, params = sql.categories_select(tenant_id=tenant_of(ctx), language=ctx.language)
        statement = statement.where(categories.c.id == any_of(keys))
        if ctx.principal.kind is PrincipalKind.STOREFRONT:
            statement = statement.where(categories.c.store_id == ctx.principal.store_id)
        rows = {r.id: build.category(r) for r in await ctx.db.execute(statement, params)}
        return [rows.get(k) for k in keys]


class CollectionByIdLoader(ContextLoader):
    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[Collection | None]:
        ctx = self.context
        statement, params = sql.collections_select(tenant_id=tenant_of(ctx), language=ctx.language)
        statement = statement.where(collections.c.id == any_of(keys))
        if ctx.principal.kind is PrincipalKind.STOREFRONT:
            statement = statement.where(collections.c.store_id == ctx.principal.store_id)
        rows = {r.id: build.collection(r) for r in await ctx.db.execute(statement, params)}
        return [rows.get(k) for k in keys]
