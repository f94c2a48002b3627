"""Catalog read statements. Each loads one relation for a whole page in one statement.

Each statement's shape is built once (functools.cache) with named bind parameters and
returned with the parameters of this call: building these Core constructs cost more per
request than executing them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID, aggregate_order_by

from app.catalog.models import (
    categories,
    collection_products,
    collections,
    media,
    product_options,
    product_variants,
    products,
    translations,
)
from app.inventory.models import inventory_levels
from app.tenancy.models import stores

p, v, m, inv = products, product_variants, media, inventory_levels

Query = tuple[Select[Any], dict[str, Any]]
TENANT = bindparam("tenant_id", type_=UUID(as_uuid=True))
LANGUAGE: Any = bindparam("language")
PRODUCT_IDS = bindparam("product_ids", type_=ARRAY(UUID(as_uuid=True)))
VARIANT_IDS = bindparam("variant_ids", type_=ARRAY(UUID(as_uuid=True)))
PER_PRODUCT: Any = bindparam("per_product")


def params(tenant_id: uuid.UUID, language: str | None, **extra: Any) -> dict[str, Any]:
    bound = {"tenant_id": tenant_id, **extra}
    if language is not None:
        bound["language"] = language
    return bound


def _translation_object(
    resource_id: ColumnElement[Any], tenant: ColumnElement[Any]
) -> ColumnElement[Any]:
    """A {field: value} object of the resource's translations into :language, or NULL."""
    return (
        select(func.jsonb_object_agg(translations.c.field, translations.c.value))
        .where(
            translations.c.tenant_id == tenant,
            translations.c.resource_id == resource_id,
            translations.c.language == LANGUAGE,
        )
        .scalar_subquery()
    )


def _translation(
    resource_id: ColumnElement[Any], tenant: ColumnElement[Any], language: bool, name: str = "tr"
) -> ColumnElement[Any]:
    """The resource's translations as column `name`; NULL when no language was asked for.
    Options' and images' translations ride in the statements that already read them, so a
    translated page costs no statement more than an untranslated one."""
    if not language:
        return literal(None).label(name)
    return _translation_object(resource_id, tenant).label(name)


def available_clause() -> ColumnElement[bool]:
    """The product has a variant with stock beyond what is reserved."""
    return exists(
        select(literal(1))
        .select_from(
            v.join(inv, and_(inv.c.tenant_id == v.c.tenant_id, inv.c.variant_id == v.c.id))
        )
        .where(
            v.c.tenant_id == p.c.tenant_id, v.c.product_id == p.c.id, inv.c.on_hand > inv.c.reserved
        )
    )


def _available_column() -> ColumnElement[Any]:
    """Availability as a per-product lookup (the EXISTS form, in a select list, was planned
    as a hash over every variant and stock row of the tenant)."""
    return func.coalesce(
        select(func.bool_or(inv.c.on_hand > inv.c.reserved))
        .select_from(
            v.join(inv, and_(inv.c.tenant_id == v.c.tenant_id, inv.c.variant_id == v.c.id))
        )
        .where(v.c.tenant_id == p.c.tenant_id, v.c.product_id == p.c.id)
        .scalar_subquery(),
        False,
    )


def product_select(*, tenant_id: uuid.UUID, language: str | None, with_category: bool) -> Query:
    """Products with what a list page shows: featured image, options, availability, store
    currency and (when asked) the category, in one statement."""
    return product_shape(language is not None, with_category), params(tenant_id, language)


@cache
def product_shape(
    language: bool, with_category: bool, options: bool = True, availability: bool = True
) -> Select[Any]:
    """The product statement. `options` and `availability` are correlated subqueries per
    row; a list page leaves each out when the operation does not select `options`
    (`availableForSale`). Their getters then have no column to read, so a wrong guess
    would be an error, never a wrong answer."""
    featured = (
        select(
            m.c.id,
            m.c.url,
            m.c.alt_text,
            m.c.width,
            m.c.height,
            _translation(m.c.id, m.c.tenant_id, language),
        )
        .where(m.c.tenant_id == p.c.tenant_id, m.c.product_id == p.c.id)
        .order_by(m.c.position, m.c.id)
        .limit(1)
        .lateral("fi")
    )
    # [id, name, values] per option, and its translations object when a language is asked.
    option_translation = (
        [_translation_object(product_options.c.id, product_options.c.tenant_id)] if language else []
    )
    option_list = (
        select(
            func.coalesce(
                func.jsonb_agg(
                    aggregate_order_by(
                        func.jsonb_build_array(
                            product_options.c.id,
                            product_options.c.name,
                            product_options.c["values"],
                            *option_translation,
                        ),
                        product_options.c.position,
                    )
                ),
                literal_column("'[]'::jsonb"),
            )
        )
        .where(product_options.c.tenant_id == p.c.tenant_id, product_options.c.product_id == p.c.id)
        .scalar_subquery()
    )
    columns: list[Any] = [
        p.c.id,
        p.c.store_id,
        p.c.handle,
        p.c.title,
        p.c.description,
        p.c.description_html,
        p.c.status,
        p.c.tags,
        p.c.vendor,
        p.c.seo_title,
        p.c.seo_description,
        p.c.category_id,
        p.c.min_price,
        p.c.max_price,
        p.c.min_compare_at,
        p.c.max_compare_at,
        p.c.created_at,
        p.c.updated_at,
        p.c.sales_count,
        stores.c.currency,
        stores.c.domain.label("store_domain"),
        featured.c.id.label("fi_id"),
        featured.c.url.label("fi_url"),
        featured.c.alt_text.label("fi_alt"),
        featured.c.width.label("fi_width"),
        featured.c.height.label("fi_height"),
        featured.c.tr.label("fi_tr"),
        _translation(p.c.id, p.c.tenant_id, language),
    ]
    if availability:
        columns.append(_available_column().label("available"))
    if options:
        columns.append(option_list.label("options"))
    source = p.join(stores, and_(stores.c.tenant_id == p.c.tenant_id, stores.c.id == p.c.store_id))
    source = source.outerjoin(featured, true())
    if with_category:
        columns += [
            categories.c.id.label("cat_id"),
            categories.c.handle.label("cat_handle"),
            categories.c.title.label("cat_title"),
            categories.c.description_html.label("cat_description_html"),
            categories.c.position.label("cat_position"),
            categories.c.parent_id.label("cat_parent_id"),
        ]
        source = source.outerjoin(
            categories,
            and_(categories.c.tenant_id == p.c.tenant_id, categories.c.id == p.c.category_id),
        )
    return select(*columns).select_from(source).where(p.c.tenant_id == TENANT)


def _windowed(
    statement: Select[Any],
    partition: ColumnElement[Any],
    order: Sequence[ColumnElement[Any]],
    limit: bool,
) -> Select[Any]:
    """At most :per_product rows per partition (the caller asks one more than it shows, to
    tell whether more exist)."""
    if not limit:
        return statement
    ranked = statement.add_columns(
        func.row_number().over(partition_by=partition, order_by=list(order)).label("rn")
    ).subquery("ranked")
    return select(ranked).where(ranked.c.rn <= PER_PRODUCT)


def variants_select(
    *,
    tenant_id: uuid.UUID,
    product_ids: Sequence[uuid.UUID] | None = None,
    variant_ids: Sequence[uuid.UUID] | None = None,
    language: str | None,
    per_product: int | None,
) -> Query:
    statement = _variant_shape(
        product_ids is not None,
        variant_ids is not None,
        language is not None,
        per_product is not None,
    )
    extra: dict[str, Any] = {}
    if product_ids is not None:
        extra["product_ids"] = list(product_ids)
    if variant_ids is not None:
        extra["variant_ids"] = list(variant_ids)
    if per_product is not None:
        extra["per_product"] = per_product + 1
    return statement, params(tenant_id, language, **extra)


def _option_translations(language: bool) -> ColumnElement[Any]:
    """The product's options' translation objects, in option order (parallel to
    `option_names`), as `option_tr`; NULL without a language."""
    if not language:
        return literal(None).label("option_tr")
    po = product_options
    return (
        select(
            func.jsonb_agg(
                aggregate_order_by(
                    func.coalesce(
                        _translation_object(po.c.id, po.c.tenant_id),
                        literal_column("'{}'::jsonb"),
                    ),
                    po.c.position,
                )
            )
        )
        .where(po.c.tenant_id == v.c.tenant_id, po.c.product_id == v.c.product_id)
        .scalar_subquery()
        .label("option_tr")
    )


@cache
def _variant_shape(
    by_product: bool, by_variant: bool, language: bool, per_product: bool
) -> Select[Any]:
    # LATERAL lookups by primary key: a plain join let the planner hash whole tables.
    image = (
        select(
            m.c.id,
            m.c.url,
            m.c.alt_text,
            m.c.width,
            m.c.height,
            _translation(m.c.id, m.c.tenant_id, language),
        )
        .where(m.c.tenant_id == v.c.tenant_id, m.c.id == v.c.image_id)
        .limit(1)  # keeps the planner from flattening it back into a hash join
        .lateral("vi")
    )
    stock = (
        select((inv.c.on_hand - inv.c.reserved).label("available"))
        .where(inv.c.tenant_id == v.c.tenant_id, inv.c.variant_id == v.c.id)
        .limit(1)
        .lateral("stock")
    )
    statement = (
        select(
            v.c.id,
            v.c.product_id,
            v.c.sku,
            v.c.title,
            v.c.price_amount,
            v.c.compare_at_amount,
            v.c.barcode,
            v.c.weight_grams,
            v.c.position,
            v.c.option_values,
            v.c.created_at,
            v.c.updated_at,
            func.coalesce(stock.c.available, 0).label("available"),
            stores.c.currency,
            select(
                func.array_agg(
                    aggregate_order_by(product_options.c.name, product_options.c.position)
                )
            )
            .where(
                product_options.c.tenant_id == v.c.tenant_id,
                product_options.c.product_id == v.c.product_id,
            )
            .scalar_subquery()
            .label("option_names"),
            _option_translations(language),
            image.c.id.label("img_id"),
            image.c.url.label("img_url"),
            image.c.alt_text.label("img_alt"),
            image.c.width.label("img_width"),
            image.c.height.label("img_height"),
            image.c.tr.label("img_tr"),
            _translation(v.c.id, v.c.tenant_id, language),
        )
        .select_from(
            v.join(stores, and_(stores.c.tenant_id == v.c.tenant_id, stores.c.id == v.c.store_id))
            .outerjoin(stock, true())
            .outerjoin(image, true())
        )
        .where(v.c.tenant_id == TENANT)
    )
    if by_product:
        statement = statement.where(v.c.product_id == func.any(PRODUCT_IDS))
    if by_variant:
        statement = statement.where(v.c.id == func.any(VARIANT_IDS))
    windowed = _windowed(statement, v.c.product_id, [v.c.position, v.c.id], per_product)
    if windowed is statement:
        return statement.order_by(v.c.product_id, v.c.position, v.c.id)
    sub = windowed.subquery("w")
    return select(sub).order_by(sub.c.product_id, sub.c.position, sub.c.id)


def images_select(
    *,
    tenant_id: uuid.UUID,
    product_ids: Sequence[uuid.UUID],
    per_product: int | None,
    language: str | None = None,
) -> Query:
    extra: dict[str, Any] = {"product_ids": list(product_ids)}
    if per_product is not None:
        extra["per_product"] = per_product + 1
    shape = _image_shape(per_product is not None, language is not None)
    return shape, params(tenant_id, language, **extra)


@cache
def _image_shape(per_product: bool, language: bool) -> Select[Any]:
    statement = select(
        m.c.id,
        m.c.product_id,
        m.c.url,
        m.c.alt_text,
        m.c.width,
        m.c.height,
        m.c.position,
        _translation(m.c.id, m.c.tenant_id, language),
    ).where(m.c.tenant_id == TENANT, m.c.product_id == func.any(PRODUCT_IDS))
    windowed = _windowed(statement, m.c.product_id, [m.c.position, m.c.id], per_product)
    sub = windowed.subquery("w")
    return select(sub).order_by(sub.c.product_id, sub.c.position, sub.c.id)


def collections_of_products_select(
    *,
    tenant_id: uuid.UUID,
    product_ids: Sequence[uuid.UUID],
    per_product: int | None,
    language: str | None,
) -> Query:
    extra: dict[str, Any] = {"product_ids": list(product_ids)}
    if per_product is not None:
        extra["per_product"] = per_product + 1
    shape = _collections_of_products_shape(per_product is not None, language is not None)
    return shape, params(tenant_id, language, **extra)


@cache
def _collections_of_products_shape(per_product: bool, language: bool) -> Select[Any]:
    c, cp = collections, collection_products
    statement = (
        select(
            cp.c.product_id,
            c.c.id,
            c.c.handle,
            c.c.title,
            c.c.description_html,
            c.c.created_at,
            c.c.updated_at,
            _translation(c.c.id, c.c.tenant_id, language),
        )
        .select_from(
            cp.join(c, and_(c.c.tenant_id == cp.c.tenant_id, c.c.id == cp.c.collection_id))
        )
        .where(cp.c.tenant_id == TENANT, cp.c.product_id == func.any(PRODUCT_IDS))
    )
    windowed = _windowed(statement, cp.c.product_id, [c.c.title, c.c.id], per_product)
    sub = windowed.subquery("w")
    return select(sub).order_by(sub.c.product_id, sub.c.title, sub.c.id)


def categories_select(*, tenant_id: uuid.UUID, language: str | None) -> Query:
    return _category_shape(language is not None), params(tenant_id, language)


@cache
def _category_shape(language: bool) -> Select[Any]:
    return select(
        categories.c.id,
        categories.c.store_id,
        categories.c.handle,
        categories.c.title,
        categories.c.description_html,
        categories.c.position,
        categories.c.parent_id,
        categories.c.path,
        categories.c.created_at,
        _translation(categories.c.id, categories.c.tenant_id, language),
    ).where(categories.c.tenant_id == TENANT)


def collections_select(*, tenant_id: uuid.UUID, language: str | None) -> Query:
    return _collection_shape(language is not None), params(tenant_id, language)


@cache
def _collection_shape(language: bool) -> Select[Any]:
    return select(
        collections.c.id,
        collections.c.store_id,
        collections.c.handle,
        collections.c.title,
        collections.c.description_html,
        collections.c.created_at,
        collections.c.updated_at,
        _translation(collections.c.id, collections.c.tenant_id, language),
    ).where(collections.c.tenant_id == TENANT)
