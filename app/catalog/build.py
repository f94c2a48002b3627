"""Turn catalog rows into GraphQL objects, applying translations and money formatting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import strawberry

from app.catalog.types import (
    SEO,
    Category,
    Collection,
    Image,
    Money,
    MoneyRange,
    Product,
    ProductOption,
    ProductStatus,
    ProductVariant,
    SelectedOption,
)
from app.graphql.ids import to_global_id
from app.graphql.scalars import Decimal
from app.locale_codes import CurrencyCode
from app.money import format_amount

if TYPE_CHECKING:
    from app.catalog.prefetch import Prefetched

_STATUS = {s.value: s for s in ProductStatus}
_CURRENCY: dict[str, CurrencyCode] = {c.value: c for c in CurrencyCode}


def money(amount: int, currency: str) -> Money:
    return Money(amount=Decimal(format_amount(amount, currency)), currency_code=_CURRENCY[currency])


def image(image_id: Any, url: str, alt: str | None, width: int | None, height: int | None) -> Image:
    return Image(
        id=strawberry.ID(to_global_id("MediaImage", image_id)),
        url=url,
        alt_text=alt,
        width=width,
        height=height,
    )


def media_image(row: Any) -> Image:
    return Image(
        id=strawberry.ID(to_global_id("MediaImage", row.id)),
        url=row.url,
        alt_text=row.alt_text,
        width=row.width,
        height=row.height,
        position=row.position,
    )


def _range(low: int | None, high: int | None, currency: str) -> MoneyRange | None:
    if low is None or high is None:
        return None
    return MoneyRange(
        min_variant_price=money(low, currency), max_variant_price=money(high, currency)
    )


def product(row: Any, prefetched: Prefetched) -> Product:
    tr = row.tr or {}
    currency = row.currency
    featured = (
        image(row.fi_id, row.fi_url, row.fi_alt, row.fi_width, row.fi_height)
        if row.fi_id is not None
        else None
    )
    zero = money(0, currency)
    return Product(
        id=strawberry.ID(to_global_id("Product", row.id)),
        handle=row.handle,
        title=tr.get("title", row.title),
        description=tr.get("description", row.description),
        description_html=tr.get("description_html", row.description_html),
        seo=SEO(
            title=tr.get("seo_title", row.seo_title),
            description=tr.get("seo_description", row.seo_description),
        ),
        tags=row.tags,
        vendor=row.vendor,
        status=_STATUS[row.status],
        featured_image=featured,
        options=[
            ProductOption(
                id=strawberry.ID(to_global_id("ProductOption", o[0])), name=o[1], values=o[2]
            )
            for o in row.options
        ],
        price_range=_range(row.min_price, row.max_price, currency)
        or MoneyRange(min_variant_price=zero, max_variant_price=zero),
        compare_at_price_range=_range(row.min_compare_at, row.max_compare_at, currency),
        available_for_sale=row.available,
        created_at=row.created_at,
        updated_at=row.updated_at,
        raw_id=row.id,
        category_id=row.category_id,
        prefetched=prefetched,
    )


def variant(row: Any) -> ProductVariant:
    tr = row.tr or {}
    currency = row.currency
    names = row.option_names or []
    return ProductVariant(
        id=strawberry.ID(to_global_id("ProductVariant", row.id)),
        sku=row.sku,
        title=tr.get("title", row.title),
        price=money(row.price_amount, currency),
        compare_at_price=(
            money(row.compare_at_amount, currency) if row.compare_at_amount is not None else None
        ),
        available_for_sale=row.available > 0,
        quantity_available=max(row.available, 0),
        selected_options=[
            SelectedOption(name=n, value=val)
            for n, val in zip(names, row.option_values, strict=False)
        ],
        image=(
            image(row.img_id, row.img_url, row.img_alt, row.img_width, row.img_height)
            if row.img_id is not None
            else None
        ),
        barcode=row.barcode,
        weight_grams=row.weight_grams,
        position=row.position,
        created_at=row.created_at,
        updated_at=row.updated_at,
        product_id=row.product_id,
    )


def category(row: Any, prefix: str = "") -> Category:
    tr = (getattr(row, "tr", None) or {}) if not prefix else {}
    return Category(
        id=strawberry.ID(to_global_id("Category", getattr(row, f"{prefix}id"))),
        handle=getattr(row, f"{prefix}handle"),
        title=tr.get("title", getattr(row, f"{prefix}title")),
        description_html=tr.get("description_html", getattr(row, f"{prefix}description_html")),
        position=getattr(row, f"{prefix}position"),
        parent_id=getattr(row, f"{prefix}parent_id"),
        raw_id=getattr(row, f"{prefix}id"),
    )


def collection(row: Any) -> Collection:
    tr = row.tr or {}
    return Collection(
        id=strawberry.ID(to_global_id("Collection", row.id)),
        handle=row.handle,
        title=tr.get("title", row.title),
        description_html=tr.get("description_html", row.description_html),
        created_at=row.created_at,
        updated_at=row.updated_at,
        raw_id=row.id,
    )
