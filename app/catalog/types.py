"""Catalog GraphQL types.

List resolvers prefetch what an operation selected for a whole page (app/catalog/reads/)
and hand these objects fully built: nested fields are plain attributes, so graphql-core
resolves them at its floor. Fields with arguments (`variants(first:)`, `images(first:)`,
`collections(first:)`) are sync resolvers over the prefetched lists; where nothing was
prefetched (a product reached some other way) they fall back to one batched load.

The reads build these types, so these types import no reads: the few fields that load
on their own (a variant's product, a category's parent and products, a collection's
products) call `CatalogReads`, a protocol the reads implement and install
(app/catalog/reads/lazy.py, wired by app/catalog/queries.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable
from enum import Enum
from typing import Any, Protocol, cast

import strawberry

from app.graphql.context import Info
from app.graphql.node import Node
from app.graphql.pagination import Connection, PageArgs, PageInfo
from app.graphql.scalars import Decimal
from app.locale_codes import CurrencyCode


@strawberry.enum
class ProductStatus(Enum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


@strawberry.type
class Money:
    amount: Decimal
    currency_code: CurrencyCode


@strawberry.type
class MoneyRange:
    min_variant_price: Money
    max_variant_price: Money


@strawberry.type
class Image:
    id: strawberry.ID
    url: str
    alt_text: str | None
    width: int | None
    height: int | None
    position: strawberry.Private[int] = 0


@strawberry.type
class SEO:
    title: str | None
    description: str | None


@strawberry.type
class ProductOption:
    id: strawberry.ID
    name: str
    values: list[str]


@strawberry.type
class SelectedOption:
    name: str
    value: str


@strawberry.type
class ProductVariant(Node):
    id: strawberry.ID
    sku: str | None
    title: str
    price: Money
    compare_at_price: Money | None
    available_for_sale: bool
    quantity_available: int
    selected_options: list[SelectedOption]
    image: Image | None
    barcode: str | None
    weight_grams: int | None
    position: int
    created_at: dt.datetime
    updated_at: dt.datetime
    product_id: strawberry.Private[uuid.UUID]
    price_minor: strawberry.Private[int]  # the price in minor units, for JSON-LD shipping bands

    @strawberry.field
    def product(self, info: Info) -> Product:
        return cast(Product, reads().product(info, self.product_id))


@strawberry.type
class Category(Node):
    id: strawberry.ID
    handle: str
    title: str
    description_html: str
    position: int
    parent_id: strawberry.Private[uuid.UUID | None]
    raw_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def parent(self, info: Info) -> Category | None:
        if self.parent_id is None:
            return None
        return cast("Category | None", reads().category(info, self.parent_id))

    @strawberry.field(description="Products of this category and of all its descendants.")
    async def products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Product]:
        page = PageArgs(first, after, last, before)
        return await reads().category_products(info, self.raw_id, page)


@strawberry.type
class Product(Node):
    id: strawberry.ID
    handle: str
    title: str
    description: str
    description_html: str
    seo: SEO
    tags: list[str]
    vendor: str | None
    status: ProductStatus
    featured_image: Image | None
    options: list[ProductOption]
    price_range: MoneyRange
    compare_at_price_range: MoneyRange | None
    available_for_sale: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    raw_id: strawberry.Private[uuid.UUID]
    category_id: strawberry.Private[uuid.UUID | None]
    store_id: strawberry.Private[uuid.UUID]
    store_domain: strawberry.Private[str | None]
    prefetched: strawberry.Private[Any]  # app.catalog.reads.prefetch.Prefetched

    @strawberry.field(
        description="schema.org Product JSON-LD (offers per variant, brand, GTIN/SKU, "
        'shipping per zone), safe to embed as is in a <script type="application/ld+json">.'
    )
    def json_ld(self, info: Info) -> str:
        return cast(str, self.prefetched.json_ld(info, self))

    # Sync resolvers: they return the prefetched value, or an awaitable that graphql-core
    # awaits when this product was not part of a prefetched page.
    @strawberry.field
    def variants(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ProductVariant]:
        return cast(
            "Connection[ProductVariant]", self.prefetched.variants(info, self, first, after)
        )

    @strawberry.field
    def images(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Image]:
        return cast("Connection[Image]", self.prefetched.images(info, self, first, after))

    @strawberry.field
    def category(self, info: Info) -> Category | None:
        return cast("Category | None", self.prefetched.category(info, self))

    @strawberry.field
    def collections(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Collection]:
        return cast("Connection[Collection]", self.prefetched.collections(info, self, first, after))


@strawberry.type
class Collection(Node):
    id: strawberry.ID
    handle: str
    title: str
    description_html: str
    created_at: dt.datetime
    updated_at: dt.datetime
    raw_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The collection's products, in the collection's order.")
    async def products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Product]:
        page = PageArgs(first, after, last, before)
        return await reads().collection_products(info, self.raw_id, page)


class CatalogReads(Protocol):
    """The loads these types make on their own, implemented by app/catalog/reads/lazy.py."""

    def product(self, info: Info, product_id: uuid.UUID) -> Awaitable[Product | None]: ...

    def category(self, info: Info, category_id: uuid.UUID) -> Awaitable[Category | None]: ...

    async def category_products(
        self, info: Info, category_id: uuid.UUID, page: PageArgs
    ) -> Connection[Product]: ...

    async def collection_products(
        self, info: Info, collection_id: uuid.UUID, page: PageArgs
    ) -> Connection[Product]: ...


_installed: list[CatalogReads] = []


def install_reads(implementation: CatalogReads) -> None:
    """Called once by the reads; a second call replaces the first (tests)."""
    _installed[:] = [implementation]


def reads() -> CatalogReads:
    assert _installed, "app.catalog.reads.lazy.install() has not run (app.catalog.queries does)"
    return _installed[0]


__all__ = [
    "SEO",
    "Category",
    "Collection",
    "Image",
    "Money",
    "MoneyRange",
    "PageInfo",
    "Product",
    "ProductOption",
    "ProductStatus",
    "ProductVariant",
    "SelectedOption",
]
