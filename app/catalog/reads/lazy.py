"""The loads the catalog types make on their own (`CatalogReads` in app/catalog/types.py).

The reads build the types, so the types cannot import the reads; they call this
implementation through the protocol instead, installed once by `install()`
(app/catalog/queries.py calls it when the schema is assembled).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable

from app.catalog.reads.loaders import CategoryByIdLoader
from app.catalog.reads.pages import ProductQuery, ProductSortKey, product_page
from app.catalog.reads.prefetch import ProductByIdLoader, wanted_of
from app.catalog.types import Category, Product, install_reads
from app.graphql.context import Info
from app.graphql.pagination import Connection, PageArgs


class LazyReads:
    def product(self, info: Info, product_id: uuid.UUID) -> Awaitable[Product | None]:
        return info.context.loader(ProductByIdLoader).load(product_id)

    def category(self, info: Info, category_id: uuid.UUID) -> Awaitable[Category | None]:
        return info.context.loader(CategoryByIdLoader).load(category_id)

    async def category_products(
        self, info: Info, category_id: uuid.UUID, page: PageArgs
    ) -> Connection[Product]:
        """Products of the category and of all its descendants."""
        want = wanted_of(info, connection=True)
        return await product_page(info.context, ProductQuery(category_id=category_id), page, want)

    async def collection_products(
        self, info: Info, collection_id: uuid.UUID, page: PageArgs
    ) -> Connection[Product]:
        """The collection's products, in the collection's order."""
        query = ProductQuery(collection_id=collection_id, sort=ProductSortKey.COLLECTION_DEFAULT)
        want = wanted_of(info, connection=True)
        return await product_page(info.context, query, page, want)


def install() -> None:
    install_reads(LazyReads())
