"""Prefetching for a page of products: what the operation selected, one statement each.

`Prefetched` is shared by the products of one page. A nested field reads its list from
here when the page prefetched it, and otherwise falls back to a batched DataLoader.
`ProductByIdLoader` lives here, beside `Prefetched` (it builds products with an empty one),
so the loaders import nothing of this module.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from app.catalog import seo
from app.catalog.models import products
from app.catalog.reads import build, sql
from app.catalog.reads.loaders import (
    CategoryByIdLoader,
    CollectionsByProductIdLoader,
    ContextLoader,
    ImagesByProductIdLoader,
    ShippingZonesByStoreIdLoader,
    VariantsByProductIdLoader,
    storefront_scope,
    tenant_of,
)
from app.catalog.reads.nested import slice_connection
from app.catalog.types import Category, Collection, Image, Product, ProductVariant
from app.db.metadata import any_of
from app.db.prepared import prepared
from app.graphql.context import Context, Info
from app.shipping.offers import Zone, zones_of_stores


def variant_key(item: ProductVariant) -> tuple[Any, ...]:
    return (item.position, str(item.id))


def image_key(item: Image) -> tuple[Any, ...]:
    return (item.position, str(item.id))


def collection_key(item: Collection) -> tuple[Any, ...]:
    return (item.title, str(item.id))


async def _load_then_slice(
    loader: Any, key: uuid.UUID, sort: Any, first: int | None, after: str | None
) -> Any:
    return slice_connection(await loader.load(key), sort, first, after)


@dataclass(slots=True)
class Prefetched:
    variants_by_product: dict[uuid.UUID, list[ProductVariant]] | None = None
    images_by_product: dict[uuid.UUID, list[Image]] | None = None
    collections_by_product: dict[uuid.UUID, list[Collection]] | None = None
    category_by_product: dict[uuid.UUID, Category | None] | None = None
    zones_by_store: dict[uuid.UUID, list[Zone]] | None = None

    def variants(self, info: Info, product: Product, first: int | None, after: str | None) -> Any:
        if self.variants_by_product is not None:
            items = self.variants_by_product.get(product.raw_id, [])
            return slice_connection(items, variant_key, first, after)
        loader = info.context.loader(VariantsByProductIdLoader)
        return _load_then_slice(loader, product.raw_id, variant_key, first, after)

    def images(self, info: Info, product: Product, first: int | None, after: str | None) -> Any:
        if self.images_by_product is not None:
            items = self.images_by_product.get(product.raw_id, [])
            return slice_connection(items, image_key, first, after)
        loader = info.context.loader(ImagesByProductIdLoader)
        return _load_then_slice(loader, product.raw_id, image_key, first, after)

    def collections(
        self, info: Info, product: Product, first: int | None, after: str | None
    ) -> Any:
        if self.collections_by_product is not None:
            items = self.collections_by_product.get(product.raw_id, [])
            return slice_connection(items, collection_key, first, after)
        loader = info.context.loader(CollectionsByProductIdLoader)
        return _load_then_slice(loader, product.raw_id, collection_key, first, after)

    def json_ld(self, info: Info, product: Product) -> Any:
        if self.variants_by_product is not None and self.zones_by_store is not None:
            variants = self.variants_by_product.get(product.raw_id, [])
            return seo.json_ld(product, variants, self.zones_by_store.get(product.store_id, []))
        return _load_json_ld(info, product)

    def category(self, info: Info, product: Product) -> Any:
        if self.category_by_product is not None:
            return self.category_by_product.get(product.raw_id)
        category_id = product.category_id
        if category_id is None:
            return None
        return info.context.loader(CategoryByIdLoader).load(category_id)


async def _load_json_ld(info: Info, product: Product) -> str:
    """jsonLd of a product reached one at a time (a node, a variant's product): batched."""
    variants = await info.context.loader(VariantsByProductIdLoader).load(product.raw_id)
    zones = await info.context.loader(ShippingZonesByStoreIdLoader).load(product.store_id)
    return seo.json_ld(product, sorted(variants, key=variant_key), zones)


class ProductByIdLoader(ContextLoader):
    """Products reached one at a time (node, payloads, a variant's product): built with
    nothing prefetched, so their nested fields load through the batched loaders."""

    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[Product | None]:
        ctx = self.context
        statement, params = sql.product_select(
            tenant_id=tenant_of(ctx), language=ctx.language, with_category=False
        )
        statement = storefront_scope(ctx, statement.where(products.c.id == any_of(keys)))
        prefetched = Prefetched()
        rows = {r.id: build.product(r, prefetched) for r in await ctx.db.execute(statement, params)}
        return [rows.get(k) for k in keys]


def root_field(info: Info) -> SelectedField:
    """The field being resolved, with its sub-selections and arguments."""
    field = info.selected_fields[0]
    assert isinstance(field, SelectedField)
    return field


def _children(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    """Fields of a selection set, looking through fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _children(selection.selections)


def product_fields(field: SelectedField, *, connection: bool) -> list[SelectedField]:
    """The fields selected on the products of a connection (edges.node and nodes) or of a
    single product field."""
    if not connection:
        return list(_children(field.selections))
    found: list[SelectedField] = []
    for child in _children(field.selections):
        if child.name == "nodes":
            found.extend(_children(child.selections))
        elif child.name == "edges":
            for edge_field in _children(child.selections):
                if edge_field.name == "node":
                    found.extend(_children(edge_field.selections))
    return found


@dataclass(frozen=True, slots=True)
class Wanted:
    variants: bool
    variants_limit: int | None  # per product; None means all of them
    images: bool
    images_limit: int | None
    collections: bool
    category: bool
    options: bool = True
    availability: bool = True
    json_ld: bool = False


def _limit(fields: Sequence[SelectedField]) -> int | None:
    limits = []
    for field in fields:
        if field.arguments.get("after") is not None or field.arguments.get("first") is None:
            return None
        limits.append(int(field.arguments["first"]))
    return max(limits) if limits else None


def wanted(fields: Sequence[SelectedField]) -> Wanted:
    by_name: dict[str, list[SelectedField]] = defaultdict(list)
    for field in fields:
        by_name[field.name].append(field)
    # jsonLd needs every variant (one offer each): it rides on the variants statement.
    json_ld = bool(by_name["jsonLd"])
    return Wanted(
        variants=bool(by_name["variants"]) or json_ld,
        variants_limit=None if json_ld else _limit(by_name["variants"]),
        images=bool(by_name["images"]),
        images_limit=_limit(by_name["images"]),
        collections=bool(by_name["collections"]),
        category=bool(by_name["category"]),
        options=bool(by_name["options"]),
        availability=bool(by_name["availableForSale"]),
        json_ld=json_ld,
    )


# (id of the field node, connection, variable values) -> (the node, what it selected). The
# node is kept: while it is, its id is not reused by a later document's node.
_wanted_cache: dict[tuple[int, bool, frozenset[tuple[str, Any]]], tuple[Any, Wanted]] = {}
WANTED_CACHE_SIZE = 1024


def wanted_of(info: Info, *, connection: bool) -> Wanted:
    """What the field being resolved selects on its products, computed once per field of a
    parsed document and set of variable values: Strawberry's `info.selected_fields`
    converts the whole selection tree (arguments, fragments, directives) on every call.
    Parsed documents are cached (the parser cache, persisted documents), so the same field
    node comes back request after request. Variables whose values cannot be hashed (lists,
    input objects) are worked out each time, as before."""
    raw = info._raw_info
    node = raw.field_nodes[0]
    values: Any = raw.variable_values  # graphql-core's VariableValues; the fast path's dict
    variables: dict[str, Any] = values.coerced if hasattr(values, "coerced") else values
    try:
        key = (id(node), connection, frozenset(variables.items()))
        found = _wanted_cache.get(key)
    except TypeError:  # a list or an input object among the variables
        return wanted(product_fields(root_field(info), connection=connection))
    if found is not None and found[0] is node:
        return found[1]
    result = wanted(product_fields(root_field(info), connection=connection))
    if len(_wanted_cache) >= WANTED_CACHE_SIZE:
        _wanted_cache.clear()
    _wanted_cache[key] = (node, result)
    return result


async def prefetch(context: Context, rows: Sequence[Any], want: Wanted) -> list[Product]:
    """Build the page's products and load each selected relation in one statement."""
    prefetched = Prefetched()
    page = [build.product(row, prefetched) for row in rows]
    if not page:
        return page
    tenant = context.principal.tenant_id
    assert tenant is not None
    ids = [p.raw_id for p in page]
    db = context.db
    if want.category:
        prefetched.category_by_product = {
            row.id: build.category(row, prefix="cat_") if row.cat_id is not None else None
            for row in rows
        }
    if want.variants:
        grouped: dict[uuid.UUID, list[ProductVariant]] = defaultdict(list)
        statement, params = sql.variants_select(
            tenant_id=tenant,
            product_ids=ids,
            language=context.language,
            per_product=want.variants_limit,
        )
        variant = build.variant
        for row in await db.run(prepared(statement), params):
            grouped[row.product_id].append(variant(row))
        prefetched.variants_by_product = grouped
    if want.images:
        images: dict[uuid.UUID, list[Image]] = defaultdict(list)
        statement, params = sql.images_select(
            tenant_id=tenant,
            product_ids=ids,
            per_product=want.images_limit,
            language=context.language,
        )
        for row in await db.run(prepared(statement), params):
            images[row.product_id].append(build.media_image(row))
        prefetched.images_by_product = images
    if want.collections:
        members: dict[uuid.UUID, list[Collection]] = defaultdict(list)
        statement, params = sql.collections_of_products_select(
            tenant_id=tenant, product_ids=ids, per_product=None, language=context.language
        )
        for row in await db.run(prepared(statement), params):
            members[row.product_id].append(build.collection(row))
        prefetched.collections_by_product = members
    if want.json_ld:
        prefetched.zones_by_store = await zones_of_stores(
            db, tenant_id=tenant, store_ids={p.store_id for p in page}
        )
    return page
