"""Product rules: create, update and delete products. No GraphQL here.

Each function validates, then writes inside one savepoint (`db.unit_of_work()`); any
ServiceError rolls the savepoint back, so a refused call leaves nothing behind. Beside it:
rules.py (pure input checks), writes.py (statements shared with the variant writes),
variants.py (bulk variant create/update), product_translations.py.

Decisions a caller can notice:
- A product created without variants gets one: the first value of each option (or
  "Default Title"), price 0, no stock, as Shopify does. It stays a DRAFT unless a status
  is given, and with no stock it is not available for sale.
- `compareAtPrice` may be lower than `price`: it is stored as given and the storefront
  shows a reduction only when it is higher. Refusing it would make a price change that
  needs two calls (price, then compare-at) fail half-way.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.catalog import rules
from app.catalog.errors import ProductErrorCode as Code
from app.catalog.models import (
    categories,
    media,
    product_options,
    product_variants,
    products,
    translations,
)
from app.catalog.service import handles
from app.catalog.service.writes import check_skus_free, insert_variants, lock_product
from app.db.ids import uuid7
from app.db.integrity import constraint_of
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.tenancy.models import stores
from app.unset import UNSET, Unset

HANDLE_KEY = "products_tenant_id_store_id_handle_key"
STATUSES = frozenset({"DRAFT", "ACTIVE", "ARCHIVED"})


@dataclass(frozen=True, slots=True)
class ProductCreate:
    store_id: uuid.UUID | None  # None: the given ID was not a store's
    title: str
    handle: str | None = None
    description_html: str | None = None
    status: str | None = None
    tags: Sequence[str] | None = None
    vendor: str | None = None
    category_id: uuid.UUID | None = None
    options: Sequence[rules.OptionSpec] | None = None
    variants: Sequence[rules.VariantSpec] | None = None
    seo_title: str | None = None
    seo_description: str | None = None


@dataclass(frozen=True, slots=True)
class ProductChanges:
    """Left-out fields stay; null clears the nullable ones and is ignored for the others.

    The handle does not follow a new title: links to the product keep working.
    """

    title: str | Unset | None = UNSET
    handle: str | Unset | None = UNSET
    description_html: str | Unset | None = UNSET
    status: str | Unset | None = UNSET
    tags: Sequence[str] | Unset | None = UNSET
    vendor: str | Unset | None = UNSET
    category_id: uuid.UUID | Unset | None = UNSET
    seo_title: str | Unset | None = UNSET
    seo_description: str | Unset | None = UNSET


def _handle(value: str, path: rules.Path) -> str:
    handle = value.strip()
    if not handles.is_valid(handle):
        raise rules.fail(
            Code.INVALID,
            f"Use lowercase letters, digits and single hyphens, at most {handles.MAX_LENGTH}",
            path,
        )
    return handle


def _product_values(data: ProductCreate | ProductChanges) -> dict[str, Any]:
    """Validated column values of the fields given (what create and update share)."""
    values: dict[str, Any] = {}
    if isinstance(data.title, str):
        values["title"] = rules.text(
            data.title, ("input", "title"), max_length=rules.MAX_TITLE, label="Title"
        )
    if isinstance(data.handle, str):
        values["handle"] = _handle(data.handle, ("input", "handle"))
    if isinstance(data.description_html, str):
        html = rules.description_html(data.description_html, ("input", "descriptionHtml"))
        values.update(description_html=html, description=rules.plain_text(html))
    if isinstance(data.status, str):
        if data.status not in STATUSES:
            raise rules.fail(Code.INVALID, "Unknown status", ("input", "status"))
        values["status"] = data.status
    if data.tags is not None and data.tags is not UNSET:
        values["tags"] = rules.tags(data.tags, ("input", "tags"))
    if data.vendor is not UNSET:
        values["vendor"] = rules.optional_text(data.vendor, ("input", "vendor"))
    if data.seo_title is not UNSET:
        values["seo_title"] = rules.optional_text(data.seo_title, ("input", "seo", "title"))
    if data.seo_description is not UNSET:
        values["seo_description"] = rules.optional_text(
            data.seo_description,
            ("input", "seo", "description"),
            max_length=rules.MAX_SEO_DESCRIPTION,
        )
    return values


async def _store_currency(
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID | None,
    category_id: uuid.UUID | None,
) -> str:
    """The store's currency; STORE_NOT_FOUND, CATEGORY_NOT_FOUND (one query)."""
    columns: list[Any] = [stores.c.currency]
    if category_id is not None:
        columns.append(_category_exists(tenant_id, category_id, stores.c.id).label("category"))
    row = (
        await db.execute(
            select(*columns).where(stores.c.tenant_id == tenant_id, stores.c.id == store_id)
        )
    ).first()
    if row is None:
        raise rules.fail(Code.STORE_NOT_FOUND, "Store not found", ("input", "storeId"))
    if category_id is not None and not row.category:
        raise rules.fail(Code.CATEGORY_NOT_FOUND, "Category not found", ("input", "categoryId"))
    return str(row.currency)


def _category_exists(tenant_id: uuid.UUID, category_id: uuid.UUID, store_id: Any) -> Any:
    return exists().where(
        categories.c.tenant_id == tenant_id,
        categories.c.id == category_id,
        categories.c.store_id == store_id,
    )


def _handle_taken(exc: IntegrityError) -> ServiceError | IntegrityError:
    """A handle taken by a concurrent writer after our check."""
    if constraint_of(exc) == HANDLE_KEY:
        return rules.fail(Code.TAKEN, "Handle is already used in this store", ("input", "handle"))
    return exc


async def _check_handle_free(
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    handle: str,
    product_id: uuid.UUID | None = None,
) -> None:
    """TAKEN for a given handle another product of the store holds (one query)."""
    conditions = [
        products.c.tenant_id == tenant_id,
        products.c.store_id == store_id,
        products.c.handle == handle,
    ]
    if product_id is not None:
        conditions.append(products.c.id != product_id)
    if (await db.execute(select(products.c.id).where(*conditions))).first() is not None:
        raise rules.fail(Code.TAKEN, "Handle is already used in this store", ("input", "handle"))


def _variant_rows(
    data: ProductCreate, options: list[rules.OptionSpec], currency: str
) -> list[rules.VariantRow]:
    values = [list(o.values) for o in options]
    if not data.variants:
        default = [v[0] for v in values]
        return [
            rules.variant_row(
                rules.VariantSpec(price="0"),
                currency=currency,
                option_values=default,
                path=("input", "variants"),
            )
        ]
    if len(data.variants) > rules.MAX_VARIANTS:
        raise rules.fail(
            Code.TOO_MANY_VARIANTS,
            f"A product has at most {rules.MAX_VARIANTS} variants",
            ("input", "variants"),
        )
    rows = []
    for index, spec in enumerate(data.variants):
        path = ("input", "variants", str(index))
        matched = rules.match_options(
            spec.option_values, values, (*path, "optionValues"), extend=False
        )
        rows.append(rules.variant_row(spec, currency=currency, option_values=matched, path=path))
    rules.distinct_combinations(
        [
            (row.option_values, ("input", "variants", str(i), "optionValues"))
            for i, row in enumerate(rows)
        ]
    )
    rules.distinct_skus(
        [(row.sku, ("input", "variants", str(i), "sku")) for i, row in enumerate(rows)]
    )
    return rows


async def create_product(*, db: RequestDB, tenant_id: uuid.UUID, data: ProductCreate) -> uuid.UUID:
    """Create a product with its options, variants and their stock; returns its id."""
    values = _product_values(data)
    if "title" not in values:
        raise rules.fail(Code.BLANK, "Title can't be blank", ("input", "title"))
    options = rules.options(data.options or [], ("input", "options"))
    product_id = uuid7()
    async with db.unit_of_work():
        currency = await _store_currency(db, tenant_id, data.store_id, data.category_id)
        assert data.store_id is not None
        rows = _variant_rows(data, options, currency)
        await check_skus_free(
            db,
            tenant_id,
            data.store_id,
            [(row.sku, ("input", "variants", str(i), "sku")) for i, row in enumerate(rows)],
        )
        if "handle" in values:
            await _check_handle_free(db, tenant_id, data.store_id, values["handle"])
        else:
            values["handle"] = await handles.unique_handle(
                db,
                products,
                tenant_id=tenant_id,
                store_id=data.store_id,
                base=handles.slugify(values["title"], fallback="product"),
            )
        prices = [r.price_amount for r in rows]
        compare_at = [r.compare_at_amount for r in rows if r.compare_at_amount is not None]
        try:
            await db.execute(
                products.insert().values(
                    tenant_id=tenant_id,
                    id=product_id,
                    store_id=data.store_id,
                    category_id=data.category_id,
                    updated_at=func.now(),
                    # The price range is known from the input: no recompute needed on create.
                    min_price=min(prices),
                    max_price=max(prices),
                    min_compare_at=min(compare_at, default=None),
                    max_compare_at=max(compare_at, default=None),
                    **values,
                )
            )
        except IntegrityError as exc:
            raise _handle_taken(exc) from exc
        if options:
            await db.execute(
                product_options.insert().values(
                    [
                        {
                            "tenant_id": tenant_id,
                            "id": uuid7(),
                            "product_id": product_id,
                            "name": o.name,
                            "position": i,
                            "values": list(o.values),
                        }
                        for i, o in enumerate(options)
                    ]
                )
            )
        await insert_variants(
            db,
            tenant_id=tenant_id,
            store_id=data.store_id,
            product_id=product_id,
            rows=rows,
            first_position=0,
            field=("input", "variants"),
        )
    return product_id


async def update_product(
    *, db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID, data: ProductChanges
) -> uuid.UUID:
    """Change the given fields of a product."""
    values = _product_values(data)
    async with db.unit_of_work():
        locked = await lock_product(db, tenant_id, product_id, "id")
        if isinstance(data.category_id, uuid.UUID):
            found = (
                await db.execute(
                    select(_category_exists(tenant_id, data.category_id, locked.store_id))
                )
            ).scalar()
            if not found:
                raise rules.fail(
                    Code.CATEGORY_NOT_FOUND, "Category not found", ("input", "categoryId")
                )
        if data.category_id is not UNSET:
            values["category_id"] = data.category_id
        if "handle" in values:
            await _check_handle_free(db, tenant_id, locked.store_id, values["handle"], product_id)
        try:
            await db.execute(
                update(products)
                .values(updated_at=func.now(), **values)
                .where(products.c.tenant_id == tenant_id, products.c.id == product_id)
            )
        except IntegrityError as exc:
            raise _handle_taken(exc) from exc
    return product_id


async def delete_product(*, db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID) -> None:
    """Delete a product; its options, variants, stock and media go with it (FK cascade)."""
    v = product_variants
    async with db.unit_of_work():
        # Translations have no foreign key (they serve several resource types).
        await db.execute(
            translations.delete().where(
                translations.c.tenant_id == tenant_id,
                or_(
                    translations.c.resource_id == product_id,
                    translations.c.resource_id.in_(
                        select(v.c.id).where(
                            v.c.tenant_id == tenant_id, v.c.product_id == product_id
                        )
                    ),
                    translations.c.resource_id.in_(
                        select(product_options.c.id).where(
                            product_options.c.tenant_id == tenant_id,
                            product_options.c.product_id == product_id,
                        )
                    ),
                    translations.c.resource_id.in_(
                        select(media.c.id).where(
                            media.c.tenant_id == tenant_id, media.c.product_id == product_id
                        )
                    ),
                ),
            )
        )
        deleted = (
            await db.execute(
                products.delete()
                .where(products.c.tenant_id == tenant_id, products.c.id == product_id)
                .returning(products.c.id)
            )
        ).first()
        if deleted is None:
            raise rules.fail(Code.NOT_FOUND, "Product not found", ("id",))
