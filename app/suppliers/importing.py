"""Import: supplier products become DRAFT products of a store, priced by a pricing rule.

Run outside any request (a job, `supplierProductsImport`), in steps that each commit:
read the connection and rule; fetch from the supplier with no transaction open; then write
the products in batches of BATCH, each batch one transaction. A product is created through
the catalog's service (options and variants from the supplier's SKUs, stock levels, its
images downloaded once into media storage before the batch's transaction, images.py),
linked to its supplier SKUs, and priced; a product that fails (a refused title, too many
variants) is a failed item and the run goes on, and so is an image that fails (the product
is imported without it). `supplier_image_links` keeps the supplier's https URLs instead.

Re-importing finds the product by its supplier links (unique by connection, supplier product
and SKU) and updates it (title, description, prices, cost, stock) instead of creating
another; a worker killed mid-run and started again therefore creates nothing twice: the
batches already committed are found by their links. A SKU the supplier added since the
first import is reported as a failed item (adding variants to a live product is left to
staff).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import select

from app.catalog.models import product_variants
from app.catalog.rules import OptionSpec, VariantSpec
from app.catalog.service import media as media_service
from app.catalog.service import products as catalog
from app.catalog.service.media import MediaItem, StoredImage
from app.catalog.service.storage import create_storage
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.money import format_amount
from app.settings import Settings
from app.suppliers.adapters.base import SupplierError, SupplierProduct
from app.suppliers.adapters.registry import adapter_for
from app.suppliers.catalog_writes import VariantChange, link_products, write_batch
from app.suppliers.errors import SupplierErrorCode as Code
from app.suppliers.images import ImageFetcher
from app.suppliers.models import supplier_variants
from app.suppliers.pricing import PricingRule
from app.suppliers.quote import quote
from app.suppliers.rates import RateError
from app.suppliers.runs import (
    Progress,
    RunFailedError,
    RunResult,
    connection_and_rates,
    keep_tokens,
    rule_of,
)
from app.tenancy.store_lookup import store_currency

BATCH = 50
MAX_IMAGES = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportRequest:
    connection_id: uuid.UUID
    store_id: uuid.UUID
    supplier_product_ids: Sequence[str] | None  # None: everything the supplier offers (feeds)
    pricing_rule_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class _Pricing:
    rule: PricingRule
    currency: str
    rates: dict[str, Decimal]


async def import_products(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    redis: Redis | None,
    client: httpx.AsyncClient,
    request: ImportRequest,
    progress: Progress | None = None,
) -> RunResult:
    row, rates = await connection_and_rates(
        db, tenant_id=tenant_id, settings=settings, connection_id=request.connection_id
    )
    rule = await rule_of(db, tenant_id=tenant_id, rule_id=request.pricing_rule_id)
    currency = await store_currency(db, tenant_id=tenant_id, store_id=request.store_id)
    if currency is None:
        raise RunFailedError("Store not found")
    await db.commit()  # nothing held while the supplier is asked

    adapter = adapter_for(row, settings=settings, redis=redis, client=client)
    ids = list(request.supplier_product_ids) if request.supplier_product_ids is not None else None
    try:
        catalog_ = await adapter.fetch_products(ids)
    except SupplierError as exc:
        raise RunFailedError(str(exc)) from exc
    await keep_tokens(
        db,
        tenant_id=tenant_id,
        settings=settings,
        connection_id=row.id,
        tokens=dict(adapter.refreshed_tokens()),
    )
    result = RunResult()
    for error in catalog_.errors:
        result.fail(error.ref, error.message)
    offered = {p.supplier_product_id for p in catalog_.products}
    for missing in [i for i in ids or [] if i not in offered]:
        result.fail(missing, "The supplier does not offer this product")

    pricing = _Pricing(rule, currency, rates)
    images = None
    if not settings.supplier_image_links:
        images = ImageFetcher(
            client=client,
            storage=create_storage(settings),
            store_id=request.store_id,
            allow_private=settings.suppliers_allow_private,
        )
    products = catalog_.products
    total = len(products)
    try:
        for start in range(0, total, BATCH):
            batch = products[start : start + BATCH]
            await _import_batch(
                db, tenant_id, settings, request, row.id, batch, pricing, result, images
            )
            await db.commit()
            if progress is not None:
                await progress(min(start + BATCH, total), total)
    finally:
        if images is not None:
            await images.aclose()
    return result


async def _links(
    db: RequestDB, tenant_id: uuid.UUID, connection_id: uuid.UUID, ids: list[str]
) -> dict[tuple[str, str], Any]:
    sv = supplier_variants
    rows = await db.execute(
        select(sv).where(
            sv.c.tenant_id == tenant_id,
            sv.c.connection_id == connection_id,
            sv.c.supplier_product_id.in_(ids),
        )
    )
    return {(r.supplier_product_id, r.supplier_sku): r for r in rows}


async def _import_batch(
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    request: ImportRequest,
    connection_id: uuid.UUID,
    batch: Sequence[SupplierProduct],
    pricing: _Pricing,
    result: RunResult,
    images: ImageFetcher | None,
) -> None:
    links = await _links(db, tenant_id, connection_id, [p.supplier_product_id for p in batch])
    linked = {pid for pid, _ in links}
    if images is not None:  # the new products' images, before the batch's transaction
        urls = [u for p in batch if p.supplier_product_id not in linked for u in _image_urls(p)]
        await images.prepare(db, tenant_id=tenant_id, urls=urls)
    changes: list[VariantChange] = []
    created: list[tuple[uuid.UUID, str]] = []
    for product in batch:
        result.checked += 1
        known = {sku: r for (pid, sku), r in links.items() if pid == product.supplier_product_id}
        try:
            async with db.unit_of_work():
                if known:
                    changes += await _update(
                        db, tenant_id, connection_id, product, known, pricing, result
                    )
                else:
                    stored = _stored(images, product)
                    made = await _create(
                        db, tenant_id, settings, request, connection_id, product, pricing, stored
                    )
                    changes += made
                    created.append((made[0].product_id, product.supplier_product_id))
                    result.created += 1
                    _image_failures(images, product, result)
        except ServiceError as exc:
            result.fail(product.supplier_product_id, "; ".join(p.message for p in exc.problems))
        except RateError as exc:
            result.fail(product.supplier_product_id, str(exc))
    await link_products(db, tenant_id=tenant_id, connection_id=connection_id, products=created)
    await write_batch(
        db, tenant_id=tenant_id, changes=changes, pricing_rule_id=request.pricing_rule_id
    )


def _image_urls(product: SupplierProduct) -> list[str]:
    return list(product.images[:MAX_IMAGES])


def _stored(images: ImageFetcher | None, product: SupplierProduct) -> list[StoredImage] | None:
    """The product's images in storage, in order (None: link mode, keep the URLs)."""
    if images is None:
        return None
    return [images.stored[u] for u in _image_urls(product) if u in images.stored]


def _image_failures(
    images: ImageFetcher | None, product: SupplierProduct, result: RunResult
) -> None:
    for index, url in enumerate(_image_urls(product)):
        if images is not None and url in images.failed:
            result.fail(
                f"{product.supplier_product_id} image {index + 1}",
                f"{url[:300]}: {images.failed[url]}",
            )


def _options(product: SupplierProduct) -> list[OptionSpec]:
    """The options named by any variant, values in order of appearance; a variant without
    one of them gets "-" for it."""
    names: dict[str, dict[str, None]] = {}
    for variant in product.variants:
        for name, value in variant.options:
            names.setdefault(name, {})[value] = None
    for name, values in names.items():
        if any(name not in dict(v.options) for v in product.variants):
            values["-"] = None
    return [OptionSpec(name=n, values=list(v)) for n, v in names.items()]


async def _create(
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    request: ImportRequest,
    connection_id: uuid.UUID,
    product: SupplierProduct,
    pricing: _Pricing,
    stored: list[StoredImage] | None,
) -> list[VariantChange]:
    if not product.variants:
        raise ServiceError(Code.INVALID, "The supplier lists no variants for this product")
    options = _options(product)
    quotes = [
        quote(v, rule=pricing.rule, currency=pricing.currency, rates=pricing.rates)
        for v in product.variants
    ]
    specs = []
    for variant, q in zip(product.variants, quotes, strict=True):
        given = dict(variant.options)
        specs.append(
            VariantSpec(
                price=format_amount(q.price, pricing.currency),
                compare_at_price=format_amount(q.compare_at, pricing.currency)
                if q.compare_at is not None
                else None,
                option_values=[given.get(o.name, "-") for o in options] if options else None,
                inventory_quantity=q.on_hand,
                barcode=variant.gtin,
            )
        )
    product_id = await catalog.create_product(
        db=db,
        tenant_id=tenant_id,
        data=catalog.ProductCreate(
            store_id=request.store_id,
            title=product.title[:255],
            description_html=product.description or None,
            status="DRAFT",
            vendor=product.brand,
            options=options or None,
            variants=specs,
        ),
    )
    images = [i for i in product.images if i.startswith("https://")][:MAX_IMAGES]
    if stored is not None:
        await media_service.attach_stored(
            db=db,
            storage=create_storage(settings),
            tenant_id=tenant_id,
            store_id=request.store_id,
            product_id=product_id,
            images=stored,
        )
    elif images:
        await media_service.attach_media(
            db=db,
            storage=create_storage(settings),
            tenant_id=tenant_id,
            product_id=product_id,
            items=[MediaItem(url=url) for url in images],
        )
    pv = product_variants
    variant_ids = [
        r.id
        for r in await db.execute(
            select(pv.c.id)
            .where(pv.c.tenant_id == tenant_id, pv.c.product_id == product_id)
            .order_by(pv.c.position)
        )
    ]
    return [
        _change(connection_id, product.supplier_product_id, v, product_id, vid, q)
        for v, vid, q in zip(product.variants, variant_ids, quotes, strict=True)
    ]


async def _update(
    db: RequestDB,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
    product: SupplierProduct,
    known: dict[str, Any],
    pricing: _Pricing,
    result: RunResult,
) -> list[VariantChange]:
    first = next(iter(known.values()))
    await catalog.update_product(
        db=db,
        tenant_id=tenant_id,
        product_id=first.product_id,
        data=catalog.ProductChanges(
            title=product.title[:255], description_html=product.description or None
        ),
    )
    changes = []
    for variant in product.variants:
        link = known.get(variant.sku)
        if link is None:
            result.fail(
                f"{product.supplier_product_id}/{variant.sku}",
                "A variant added at the supplier since the import; add it by hand",
            )
            continue
        q = quote(variant, rule=pricing.rule, currency=pricing.currency, rates=pricing.rates)
        changes.append(
            _change(
                connection_id,
                product.supplier_product_id,
                variant,
                link.product_id,
                link.variant_id,
                q,
            )
        )
    result.changed += 1
    return changes


def _change(
    connection_id: uuid.UUID,
    supplier_product_id: str,
    variant: Any,
    product_id: uuid.UUID,
    variant_id: uuid.UUID,
    q: Any,
) -> VariantChange:
    return VariantChange(
        connection_id=connection_id,
        supplier_product_id=supplier_product_id,
        supplier_sku=variant.sku,
        product_id=product_id,
        variant_id=variant_id,
        price=q.price,
        compare_at=q.compare_at,
        cost_minor=q.cost_minor,
        on_hand=q.on_hand,
        supplier_cost=variant.cost,
        supplier_currency=variant.currency,
        available=q.available,
    )
