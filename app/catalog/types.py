"""Catalog GraphQL types.

List resolvers prefetch what an operation selected for a whole page (app/catalog/reads.py)
and hand these objects fully built: nested fields are plain attributes, so graphql-core
resolves them at its floor. Fields with arguments (`variants(first:)`, `images(first:)`,
`collections(first:)`) are sync resolvers over the prefetched lists; where nothing was
prefetched (a product reached some other way) they fall back to one batched load.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum
from typing import Any, cast

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
        from app.catalog.loaders import ProductByIdLoader

        return cast(Product, info.context.loader(ProductByIdLoader).load(self.product_id))


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
        from app.catalog.loaders import CategoryByIdLoader

        return cast("Category | None", info.context.loader(CategoryByIdLoader).load(self.parent_id))

    @strawberry.field(description="Products of this category and of all its descendants.")
    async def products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Product]:
        from app.catalog.listing import ProductQuery, product_page
        from app.catalog.prefetch import product_fields, root_field, wanted

        want = wanted(product_fields(root_field(info), connection=True))
        return await product_page(
            info.context,
            ProductQuery(category_id=self.raw_id),
            PageArgs(first, after, last, before),
            want,
        )


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
    prefetched: strawberry.Private[Any]  # app.catalog.prefetch.Prefetched

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
        from app.catalog.listing import ProductQuery, ProductSortKey, product_page
        from app.catalog.prefetch import product_fields, root_field, wanted

        query = ProductQuery(collection_id=self.raw_id, sort=ProductSortKey.COLLECTION_DEFAULT)
        want = wanted(product_fields(root_field(info), connection=True))
        return await product_page(info.context, query, PageArgs(first, after, last, before), want)


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
