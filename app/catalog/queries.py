"""Catalog queries for storefronts (their store, ACTIVE products) and admins (any store)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, cast

import strawberry
from sqlalchemy import Integer, String, bindparam, func, select
from sqlalchemy.dialects.postgresql import UUID

from app.catalog.models import categories, collections, products
from app.catalog.reads import build, lazy, sql
from app.catalog.reads.loaders import (
    CategoryByIdLoader,
    CollectionByIdLoader,
    VariantByIdLoader,
)
from app.catalog.reads.pages import ProductQuery, ProductSortKey, product_page
from app.catalog.reads.prefetch import (
    ProductByIdLoader,
    Wanted,
    prefetch,
    wanted_of,
)
from app.catalog.types import Category, Collection, Product, ProductStatus
from app.db.prepared import Prepared, compile_statement
from app.graphql.context import Context, Info
from app.graphql.errors import BadUserInput, Forbidden, Unauthenticated
from app.graphql.ids import parse_global_id, require_global_id
from app.graphql.node import NodeResolver
from app.graphql.pagination import Connection, PageArgs, SortKey, build_connection, page_statement
from app.graphql.scalars import Decimal
from app.principal import Principal, PrincipalKind

# The types load a few fields on their own through the reads (app/catalog/types.py).
lazy.install()


@strawberry.input
class PriceRangeFilter:
    min: Decimal | None = None
    max: Decimal | None = None


@strawberry.input
class ProductFilter:
    available: bool | None = None
    price: PriceRangeFilter | None = None
    category_id: strawberry.ID | None = None
    collection_id: strawberry.ID | None = None
    tag: str | None = None
    status: ProductStatus | None = strawberry.field(
        default=None, description="Admin only; storefronts always see ACTIVE products."
    )


def catalog_reader(info: Info) -> Principal:
    """A storefront, or an admin with catalog:read."""
    principal = info.context.principal
    if principal.kind is PrincipalKind.STOREFRONT:
        return principal
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise Unauthenticated(principal.rejected or "Authentication required")
    if not principal.has_scope("catalog:read"):
        raise Forbidden("Missing scope catalog:read", requiredScope="catalog:read")
    return principal


def _id(value: strawberry.ID | None, type_name: str, argument: str) -> uuid.UUID | None:
    return require_global_id(value, type_name, argument) if value is not None else None


def _store_arg(principal: Principal, store_id: strawberry.ID | None) -> uuid.UUID | None:
    if principal.kind is PrincipalKind.STOREFRONT:
        return principal.store_id
    return _id(store_id, "Store", "storeId")


@lru_cache(maxsize=64)
def _product_lookup(language: bool, want: Wanted, *, by_handle: bool, storefront: bool) -> Prepared:
    """`product(id|handle)`'s statement, built and compiled once per shape."""
    statement = sql.product_shape(language, want.category, want.options, want.availability)
    if by_handle:
        statement = statement.where(
            products.c.store_id == bindparam("store_id", type_=UUID(as_uuid=True)),
            products.c.handle == bindparam("handle", type_=String()),
        )
    else:
        statement = statement.where(
            products.c.id == bindparam("product_id", type_=UUID(as_uuid=True))
        )
    if storefront:  # what a storefront may see: ACTIVE products of its own store
        statement = statement.where(
            products.c.status == "ACTIVE",
            products.c.store_id == bindparam("visible_store", type_=UUID(as_uuid=True)),
        )
    return compile_statement(statement)


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="Products; `query` is full-text search with prefix matching.")
    async def products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        query: str | None = None,
        filter: ProductFilter | None = None,
        sort_key: ProductSortKey | None = None,
        reverse: bool = False,
        store_id: strawberry.ID | None = None,
    ) -> Connection[Product]:
        principal = catalog_reader(info)
        f = filter or ProductFilter()
        request = ProductQuery(
            search=query,
            available=f.available,
            price_min=f.price.min if f.price else None,
            price_max=f.price.max if f.price else None,
            category_id=_id(f.category_id, "Category", "filter.categoryId"),
            collection_id=_id(f.collection_id, "Collection", "filter.collectionId"),
            tag=f.tag,
            status=f.status.value if f.status else None,
            store_id=_store_arg(principal, store_id),
            sort=sort_key or (ProductSortKey.RELEVANCE if query else ProductSortKey.CREATED_AT),
            reverse=reverse,
        )
        want = wanted_of(info, connection=True)
        return await product_page(info.context, request, PageArgs(first, after, last, before), want)

    @strawberry.field(description="A product by ID or by handle (handles are per store).")
    async def product(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        handle: str | None = None,
        store_id: strawberry.ID | None = None,
    ) -> Product | None:
        principal = catalog_reader(info)
        if (id is None) == (handle is None):
            raise BadUserInput("Pass exactly one of `id` and `handle`")
        ctx = info.context
        assert principal.tenant_id is not None
        want = wanted_of(info, connection=False)
        params = sql.params(principal.tenant_id, ctx.language, visible_store=principal.store_id)
        if id is not None:
            params["product_id"] = parse_global_id(id, "Product")
            if params["product_id"] is None:
                return None
        else:
            params["store_id"] = _store_arg(principal, store_id)
            if params["store_id"] is None:
                raise BadUserInput("`storeId` is required to look a product up by handle")
            params["handle"] = handle
        statement = _product_lookup(
            ctx.language is not None,
            want,
            by_handle=id is None,
            storefront=principal.kind is PrincipalKind.STOREFRONT,
        )
        rows = await ctx.db.run(statement, params)
        page = await prefetch(ctx, rows, want)
        return page[0] if page else None

    @strawberry.field
    async def collections(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        store_id: strawberry.ID | None = None,
    ) -> Connection[Collection]:
        principal = catalog_reader(info)
        assert principal.tenant_id is not None
        args = PageArgs(first, after, last, before)
        query = sql.collections_select(
            tenant_id=principal.tenant_id, language=info.context.language
        )
        order = SortKey(columns=[collections.c.title, collections.c.id])
        rows = await _store_page(info, principal, query, collections, store_id, order, args)
        return build_connection(rows, args, build.collection, lambda r: (r.title, r.id))

    @strawberry.field
    async def collection(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        handle: str | None = None,
        store_id: strawberry.ID | None = None,
    ) -> Collection | None:
        principal = catalog_reader(info)
        found = await _by_id_or_handle(
            info, principal, collections, CollectionByIdLoader, "Collection", id, handle, store_id
        )
        return cast("Collection | None", found)

    @strawberry.field(description="Categories, shallower first, then by position.")
    async def categories(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        store_id: strawberry.ID | None = None,
    ) -> Connection[Category]:
        principal = catalog_reader(info)
        assert principal.tenant_id is not None
        args = PageArgs(first, after, last, before)
        statement, params = sql.categories_select(
            tenant_id=principal.tenant_id, language=info.context.language
        )
        depth = func.cardinality(categories.c.path, type_=Integer)  # typed: cursors decode by it
        order = SortKey(columns=[depth, categories.c.position, categories.c.id])
        query = (statement.add_columns(depth.label("depth")), params)
        rows = await _store_page(info, principal, query, categories, store_id, order, args)
        return build_connection(rows, args, build.category, lambda r: (r.depth, r.position, r.id))

    @strawberry.field
    async def category(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        handle: str | None = None,
        store_id: strawberry.ID | None = None,
    ) -> Category | None:
        principal = catalog_reader(info)
        found = await _by_id_or_handle(
            info, principal, categories, CategoryByIdLoader, "Category", id, handle, store_id
        )
        return cast("Category | None", found)


async def _store_page(
    info: Info,
    principal: Principal,
    query: sql.Query,
    table: Any,
    store_id: strawberry.ID | None,
    order: SortKey,
    args: PageArgs,
) -> Sequence[Any]:
    """One keyset page of a store-scoped list (the storefront's own store, or `storeId`)."""
    statement, params = query
    store = _store_arg(principal, store_id)
    if store is not None:
        statement = statement.where(table.c.store_id == store)
    return (await info.context.db.execute(page_statement(statement, order, args), params)).all()


async def _by_id_or_handle(
    info: Info,
    principal: Principal,
    table: Any,
    loader: Any,
    type_name: str,
    id: strawberry.ID | None,
    handle: str | None,
    store_id: strawberry.ID | None,
) -> Any:
    if (id is None) == (handle is None):
        raise BadUserInput("Pass exactly one of `id` and `handle`")
    ctx = info.context
    if id is not None:
        key = parse_global_id(id, type_name)
        return await ctx.loader(loader).load(key) if key else None
    store = _store_arg(principal, store_id)
    if store is None:
        raise BadUserInput("`storeId` is required to look up by handle")
    found = (
        await ctx.db.execute(
            select(table.c.id).where(
                table.c.tenant_id == principal.tenant_id,
                table.c.store_id == store,
                table.c.handle == handle,
            )
        )
    ).scalar()
    return await ctx.loader(loader).load(found) if found else None


def _reader(context: Context) -> bool:
    principal = context.principal
    return principal.kind is PrincipalKind.STOREFRONT or principal.has_scope("catalog:read")


def _node(loader: Any) -> NodeResolver:
    async def resolve(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
        if not _reader(info.context):
            return {}
        found = await info.context.loader(loader).load_many(ids)
        return {key: obj for key, obj in zip(ids, found, strict=True) if obj is not None}

    return resolve


NODE_RESOLVERS: dict[str, NodeResolver] = {
    "Product": _node(ProductByIdLoader),
    "ProductVariant": _node(VariantByIdLoader),
    "Collection": _node(CollectionByIdLoader),
    "Category": _node(CategoryByIdLoader),
}
