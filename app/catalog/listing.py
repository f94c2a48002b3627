"""Product lists: search, filters, sort keys and keyset pages, then prefetch per page."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, Float, and_, case, exists, func, literal, select, type_coerce

from app.catalog import sql
from app.catalog.models import categories, collection_products, product_variants, products
from app.catalog.prefetch import Wanted, prefetch
from app.catalog.types import Product
from app.graphql.context import Context
from app.graphql.pagination import Connection, PageArgs, SortKey, build_connection, page_statement
from app.principal import PrincipalKind
from app.tenancy.models import stores

p = products
MAX_SEARCH_TERMS = 10


@strawberry.enum(name="ProductSortKeys")
class ProductSortKey(Enum):
    RELEVANCE = "RELEVANCE"
    BEST_SELLING = "BEST_SELLING"
    TITLE = "TITLE"
    PRICE = "PRICE"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    COLLECTION_DEFAULT = "COLLECTION_DEFAULT"


@dataclass(frozen=True, slots=True)
class ProductQuery:
    """What a caller asked of a product list, already decoded from global IDs."""

    search: str | None = None
    available: bool | None = None
    price_min: str | None = None
    price_max: str | None = None
    category_id: uuid.UUID | None = None
    collection_id: uuid.UUID | None = None
    tag: str | None = None
    status: str | None = None
    store_id: uuid.UUID | None = None
    sort: ProductSortKey = ProductSortKey.CREATED_AT
    reverse: bool = False


def search_terms(text: str) -> str | None:
    """A prefix-matching tsquery text: every word must match the start of a word."""
    words = re.findall(r"\w+", text.lower())[:MAX_SEARCH_TERMS]
    return " & ".join(f"{w}:*" for w in words) if words else None


def _minor(amount: str) -> ColumnElement[Any]:
    """A decimal amount in the product's store currency, as minor units."""
    exponent = case((stores.c.currency.in_(["JPY", "KRW", "VND", "ISK"]), 0), else_=2)
    return func.round(literal(amount).cast(Float) * func.power(10, exponent))


def _price_clause(low: str | None, high: str | None) -> ColumnElement[bool]:
    v = product_variants
    conditions = [v.c.tenant_id == p.c.tenant_id, v.c.product_id == p.c.id]
    if low is not None:
        conditions.append(v.c.price_amount >= _minor(low))
    if high is not None:
        conditions.append(v.c.price_amount <= _minor(high))
    return exists(select(literal(1)).select_from(v).where(*conditions))


def _sort(query: ProductQuery, rank: ColumnElement[Any] | None) -> tuple[SortKey, Any]:
    key = query.sort
    if key is ProductSortKey.RELEVANCE and rank is None:
        key = ProductSortKey.CREATED_AT
    descending = key in (ProductSortKey.RELEVANCE, ProductSortKey.BEST_SELLING)
    column: ColumnElement[Any] = {
        ProductSortKey.RELEVANCE: rank if rank is not None else p.c.created_at,
        ProductSortKey.BEST_SELLING: p.c.sales_count,
        ProductSortKey.TITLE: p.c.title,
        ProductSortKey.PRICE: func.coalesce(p.c.min_price, 0),
        ProductSortKey.CREATED_AT: p.c.created_at,
        ProductSortKey.UPDATED_AT: p.c.updated_at,
        ProductSortKey.COLLECTION_DEFAULT: collection_products.c.position,
    }[key]
    if key is ProductSortKey.PRICE:
        column = type_coerce(column, p.c.min_price.type)
    return SortKey(columns=[column, p.c.id], descending=descending != query.reverse), key


async def product_page(
    context: Context, query: ProductQuery, args: PageArgs, want: Wanted
) -> Connection[Product]:
    """One statement for the page, then one per selected relation (see prefetch)."""
    principal = context.principal
    tenant = principal.tenant_id
    assert tenant is not None
    statement, params = sql.product_select(
        tenant_id=tenant, language=context.language, with_category=want.category
    )
    if principal.kind is PrincipalKind.STOREFRONT:
        statement = statement.where(p.c.store_id == principal.store_id, p.c.status == "ACTIVE")
    else:
        if query.store_id is not None:
            statement = statement.where(p.c.store_id == query.store_id)
        if query.status is not None:
            statement = statement.where(p.c.status == query.status)
    rank = None
    terms = search_terms(query.search) if query.search else None
    if terms is not None:
        config = func.edestory_ts_config(stores.c.default_language)
        tsquery = func.to_tsquery(config, terms).op("||")(func.to_tsquery("simple", terms))
        statement = statement.where(p.c.search.op("@@")(tsquery))
        rank = type_coerce(func.ts_rank(p.c.search, tsquery), Float)
    if query.available is not None:
        clause = sql.available_clause()
        statement = statement.where(clause if query.available else ~clause)
    if query.price_min is not None or query.price_max is not None:
        statement = statement.where(_price_clause(query.price_min, query.price_max))
    if query.category_id is not None:
        subtree = select(categories.c.id).where(
            categories.c.tenant_id == tenant, categories.c.path.contains([query.category_id])
        )
        statement = statement.where(p.c.category_id.in_(subtree))
    if query.tag:
        statement = statement.where(p.c.tags.contains([query.tag]))  # @>, GIN-indexed
    sort, key = _sort(query, rank)
    if query.collection_id is not None:
        statement = statement.join(
            collection_products,
            and_(
                collection_products.c.tenant_id == p.c.tenant_id,
                collection_products.c.product_id == p.c.id,
                collection_products.c.collection_id == query.collection_id,
            ),
        )
    elif key is ProductSortKey.COLLECTION_DEFAULT:
        sort = SortKey(columns=[p.c.created_at, p.c.id], descending=query.reverse)
    sort_columns = [c.label(f"sort_{i}") for i, c in enumerate(sort.columns)]
    statement = statement.add_columns(*sort_columns)
    rows = (await context.db.execute(page_statement(statement, sort, args), params)).all()
    width = len(sort_columns)

    def cursor(row: Any) -> list[Any]:
        return [getattr(row, f"sort_{i}") for i in range(width)]

    page_rows = rows[: args.limit + 1]
    built = await prefetch(context, page_rows[: args.limit], want)
    by_id = {item.raw_id: item for item in built}
    return build_connection(page_rows, args, lambda r: by_id[r.id], cursor)
