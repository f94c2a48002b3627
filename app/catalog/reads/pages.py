"""Product lists: search, filters, sort keys and keyset pages, then prefetch per page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from operator import attrgetter
from typing import Any

import strawberry
from sqlalchemy import (
    ColumnElement,
    Float,
    String,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from app.catalog.models import categories, collection_products, product_variants, products
from app.catalog.reads import sql
from app.catalog.reads.prefetch import Wanted, prefetch
from app.catalog.types import Product
from app.db.prepared import Prepared, compile_statement
from app.graphql.context import Context
from app.graphql.pagination import (
    Connection,
    PageArgs,
    SortKey,
    build_connection,
    keyset_params,
    keyset_shape,
)
from app.money import ZERO_DECIMAL_CURRENCIES
from app.principal import PrincipalKind
from app.tenancy.models import stores

p = products
STORE = bindparam("store_id", type_=UUID(as_uuid=True))
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


def _minor(name: str) -> ColumnElement[Any]:
    """The decimal amount bound as `name`, in the product's store currency, as minor units."""
    zero_decimals: list[ColumnElement[Any]] = [
        literal_column(f"'{code}'") for code in ZERO_DECIMAL_CURRENCIES
    ]
    exponent = case((stores.c.currency.in_(zero_decimals), 0), else_=2)
    amount = bindparam(name, type_=String()).cast(Float)
    return func.round(amount * func.power(10, exponent))


def _price_clause(low: bool, high: bool) -> ColumnElement[bool]:
    v = product_variants
    conditions = [v.c.tenant_id == p.c.tenant_id, v.c.product_id == p.c.id]
    if low:
        conditions.append(v.c.price_amount >= _minor("price_min"))
    if high:
        conditions.append(v.c.price_amount <= _minor("price_max"))
    return exists(select(literal(1)).select_from(v).where(*conditions))


def _sort(sort: ProductSortKey, reverse: bool, rank: ColumnElement[Any] | None) -> SortKey:
    key = sort
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
    return SortKey(columns=[column, p.c.id], descending=descending != reverse)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What decides the list statement's SQL text; the values are bind parameters."""

    language: bool
    with_category: bool
    options: bool
    availability: bool
    storefront: bool
    store: bool
    status: bool
    search: bool
    available: bool | None
    price_min: bool
    price_max: bool
    category: bool
    tag: bool
    collection: bool
    sort: ProductSortKey
    reverse: bool
    forward: bool
    after: bool


@lru_cache(maxsize=256)
def _list_statement(shape: _Shape) -> tuple[Prepared, SortKey]:
    """The page statement of one shape, built and compiled once: building it with Core on
    every request cost more than PostgreSQL spends running it (bench/RESULTS.md)."""
    statement = sql.product_shape(
        shape.language, shape.with_category, shape.options, shape.availability
    )
    if shape.storefront:
        statement = statement.where(p.c.store_id == STORE, p.c.status == "ACTIVE")
    else:
        if shape.store:
            statement = statement.where(p.c.store_id == STORE)
        if shape.status:
            statement = statement.where(p.c.status == bindparam("status", type_=String()))
    rank = None
    if shape.search:
        terms = bindparam("terms", type_=String())
        config = func.edestory_ts_config(stores.c.default_language)
        tsquery = func.to_tsquery(config, terms).op("||")(func.to_tsquery("simple", terms))
        statement = statement.where(p.c.search.op("@@")(tsquery))
        rank = type_coerce(func.ts_rank(p.c.search, tsquery), Float)
    if shape.available is not None:
        clause = sql.available_clause()
        statement = statement.where(clause if shape.available else ~clause)
    if shape.price_min or shape.price_max:
        statement = statement.where(_price_clause(shape.price_min, shape.price_max))
    if shape.category:
        subtree = select(categories.c.id).where(
            categories.c.tenant_id == sql.TENANT,
            categories.c.path.contains(bindparam("category_path", type_=ARRAY(UUID()))),
        )
        statement = statement.where(p.c.category_id.in_(subtree))
    if shape.tag:
        tags = bindparam("tags", type_=p.c.tags.type)
        statement = statement.where(p.c.tags.contains(tags))  # @>, GIN-indexed
    sort = _sort(shape.sort, shape.reverse, rank)
    if shape.collection:
        statement = statement.join(
            collection_products,
            and_(
                collection_products.c.tenant_id == p.c.tenant_id,
                collection_products.c.product_id == p.c.id,
                collection_products.c.collection_id == bindparam("collection_id", type_=UUID()),
            ),
        )
    elif sort.columns[0] is collection_products.c.position:
        sort = SortKey(columns=[p.c.created_at, p.c.id], descending=shape.reverse)
    statement = statement.add_columns(*(c.label(f"sort_{i}") for i, c in enumerate(sort.columns)))
    page = keyset_shape(statement, sort, forward=shape.forward, after=shape.after)
    return compile_statement(page), sort


@lru_cache(maxsize=8)
def _cursor_values(width: int) -> Callable[[Any], Sequence[Any]]:
    """A page row's cursor values: its `sort_0`.. `sort_{width-1}` columns."""
    names = [f"sort_{i}" for i in range(width)]
    if width == 1:
        return lambda row: (getattr(row, names[0]),)
    return attrgetter(*names)


async def product_page(
    context: Context, query: ProductQuery, args: PageArgs, want: Wanted
) -> Connection[Product]:
    """One statement for the page, then one per selected relation (see prefetch)."""
    principal = context.principal
    tenant = principal.tenant_id
    assert tenant is not None
    storefront = principal.kind is PrincipalKind.STOREFRONT
    terms = search_terms(query.search) if query.search else None
    shape = _Shape(
        language=context.language is not None,
        with_category=want.category,
        options=want.options,
        availability=want.availability,
        storefront=storefront,
        store=not storefront and query.store_id is not None,
        status=not storefront and query.status is not None,
        search=terms is not None,
        available=query.available,
        price_min=query.price_min is not None,
        price_max=query.price_max is not None,
        category=query.category_id is not None,
        tag=bool(query.tag),
        collection=query.collection_id is not None,
        sort=query.sort,
        reverse=query.reverse,
        forward=args.forward,
        after=bool(args.cursor),
    )
    statement, sort = _list_statement(shape)
    params = sql.params(tenant, context.language)
    params.update(keyset_params(sort, args))
    params["store_id"] = principal.store_id if storefront else query.store_id
    if shape.status:
        params["status"] = query.status
    if terms is not None:
        params["terms"] = terms
    if shape.price_min:
        params["price_min"] = query.price_min
    if shape.price_max:
        params["price_max"] = query.price_max
    if shape.category:
        params["category_path"] = [query.category_id]
    if shape.tag:
        params["tags"] = [query.tag]
    if shape.collection:
        params["collection_id"] = query.collection_id
    rows = await context.db.run(statement, params)
    cursor = _cursor_values(len(sort.columns))

    page_rows = rows[: args.limit + 1]
    built = await prefetch(context, page_rows[: args.limit], want)
    by_id = {item.raw_id: item for item in built}
    return build_connection(page_rows, args, lambda r: by_id[r.id], cursor)
