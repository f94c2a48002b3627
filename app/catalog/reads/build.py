"""Turn catalog rows into GraphQL objects, applying translations and money formatting."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
import strawberry

from app.catalog import seo
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
    from app.catalog.reads.prefetch import Prefetched

_STATUS = {s.value: s for s in ProductStatus}
_CURRENCY: dict[str, CurrencyCode] = {c.value: c for c in CurrencyCode}


_MONEY: dict[tuple[int, str], Money] = {}
_MAX_MONEY = 8192


def money(amount: int, currency: str) -> Money:
    """The Money of an amount in minor units; one shared instance per (amount, currency)
    (a catalog repeats its prices, and nothing changes a Money once built)."""
    key = (amount, currency)
    found = _MONEY.get(key)
    if found is None:
        found = Money(
            amount=Decimal(format_amount(amount, currency)), currency_code=_CURRENCY[currency]
        )
        if len(_MONEY) >= _MAX_MONEY:
            _MONEY.clear()
        _MONEY[key] = found
    return found


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
        alt_text=_in(getattr(row, "tr", None), "alt_text", row.alt_text),
        width=row.width,
        height=row.height,
        position=row.position,
    )


_RANGES: dict[tuple[int, int, str], MoneyRange] = {}


def _range(low: int | None, high: int | None, currency: str) -> MoneyRange | None:
    """One shared MoneyRange per (low, high, currency), as for Money."""
    if low is None or high is None:
        return None
    key = (low, high, currency)
    found = _RANGES.get(key)
    if found is None:
        found = MoneyRange(
            min_variant_price=money(low, currency), max_variant_price=money(high, currency)
        )
        if len(_RANGES) >= _MAX_MONEY:
            _RANGES.clear()
        _RANGES[key] = found
    return found


def _in(tr: dict[str, Any] | None, field: str, default: Any) -> Any:
    """The field's translation from a translations object, else the default language's."""
    return tr.get(field, default) if tr else default


def _tr(row: Any, field: str, default: Any) -> Any:
    return _in(row.tr, field, default)


def _featured(row: Any) -> Image | None:
    if row.fi_id is None:
        return None
    alt = _in(row.fi_tr, "alt_text", row.fi_alt)
    return image(row.fi_id, row.fi_url, alt, row.fi_width, row.fi_height)


def _value_map(tr: dict[str, Any] | None) -> dict[str, str]:
    """An option's value translations: stored as one JSON object, default value -> text."""
    raw = tr.get("values") if tr else None
    return orjson.loads(raw) if raw else {}


def _option(o: list[Any]) -> ProductOption:
    """[id, name, values] of the product statement, with [3] the option's translations when
    a language was asked for."""
    tr = o[3] if len(o) > 3 else None
    values = _value_map(tr)
    return ProductOption(
        id=strawberry.ID(to_global_id("ProductOption", o[0])),
        name=_in(tr, "name", o[1]),
        values=[values.get(value, value) for value in o[2]],
    )


def _selected_options(r: Any) -> list[SelectedOption]:
    names = r.option_names or []
    trs = r.option_tr
    if not trs:  # no language asked for (the storefront's default): names and values as stored
        return [_selected(name, value) for name, value in zip(names, r.option_values, strict=False)]
    selected = []
    for name, value, tr in zip(names, r.option_values, trs, strict=False):
        translated = _value_map(tr).get(value, value) if tr else value
        selected.append(SelectedOption(name=_in(tr, "name", name), value=translated))
    return selected


_SELECTED: dict[tuple[str, str], SelectedOption] = {}


def _selected(name: str, value: str) -> SelectedOption:
    """One shared SelectedOption per (name, value) as stored (a catalog repeats them)."""
    key = (name, value)
    found = _SELECTED.get(key)
    if found is None:
        found = SelectedOption(name=name, value=value)
        if len(_SELECTED) >= _MAX_MONEY:
            _SELECTED.clear()
        _SELECTED[key] = found
    return found


def _price_range(row: Any) -> MoneyRange:
    found = _range(row.min_price, row.max_price, row.currency)
    if found is not None:
        return found
    zero = money(0, row.currency)
    return MoneyRange(min_variant_price=zero, max_variant_price=zero)


Getters = dict[str, Callable[[Any], Any]]

_PRODUCT: Getters = {
    "id": lambda r: strawberry.ID(to_global_id("Product", r.id)),
    "handle": lambda r: r.handle,
    # _tr(r, field, default) written out: the page reads these for every row
    "title": lambda r: r.tr.get("title", r.title) if r.tr else r.title,
    "description": lambda r: r.tr.get("description", r.description) if r.tr else r.description,
    "description_html": lambda r: (
        r.tr.get("description_html", r.description_html) if r.tr else r.description_html
    ),
    "seo": lambda r: SEO(
        title=seo.seo_title(_tr(r, "seo_title", r.seo_title), _tr(r, "title", r.title)),
        description=seo.seo_description(
            _tr(r, "seo_description", r.seo_description), _tr(r, "description", r.description)
        ),
    ),
    "tags": lambda r: r.tags,
    "vendor": lambda r: r.vendor,
    "status": lambda r: _STATUS[r.status],
    "featured_image": _featured,
    "options": lambda r: [_option(o) for o in r.options],
    "price_range": _price_range,
    "compare_at_price_range": lambda r: _range(r.min_compare_at, r.max_compare_at, r.currency),
    "available_for_sale": lambda r: r.available,
    "created_at": lambda r: r.created_at,
    "updated_at": lambda r: r.updated_at,
    "raw_id": lambda r: r.id,
    "category_id": lambda r: r.category_id,
    "store_id": lambda r: r.store_id,
    "store_domain": lambda r: r.store_domain,
}

_VARIANT: Getters = {
    "id": lambda r: strawberry.ID(to_global_id("ProductVariant", r.id)),
    "sku": lambda r: r.sku,
    "title": lambda r: r.tr.get("title", r.title) if r.tr else r.title,
    "price": lambda r: money(r.price_amount, r.currency),
    "compare_at_price": lambda r: (
        money(r.compare_at_amount, r.currency) if r.compare_at_amount is not None else None
    ),
    "available_for_sale": lambda r: r.available > 0,
    "quantity_available": lambda r: max(r.available, 0),
    "selected_options": _selected_options,
    "image": lambda r: (
        image(r.img_id, r.img_url, _in(r.img_tr, "alt_text", r.img_alt), r.img_width, r.img_height)
        if r.img_id is not None
        else None
    ),
    "barcode": lambda r: r.barcode,
    "weight_grams": lambda r: r.weight_grams,
    "position": lambda r: r.position,
    "created_at": lambda r: r.created_at,
    "updated_at": lambda r: r.updated_at,
    "product_id": lambda r: r.product_id,
    "price_minor": lambda r: r.price_amount,
}


class _Computed:
    """A field computed from the row on first read, then kept in the instance (a
    non-data descriptor, so the kept value shadows it). The `__getattr__` it replaced ran
    only after the normal lookup had failed, raising and catching an AttributeError on
    every first read of every field."""

    __slots__ = ("getter", "name")

    def __init__(self, name: str, getter: Callable[[Any], Any]) -> None:
        self.name = name
        self.getter = getter

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        fields = instance.__dict__
        value = fields[self.name] = self.getter(fields["_row"])
        return value


class _Lazy:
    """Fields computed from the row on first read, then kept: a page builds hundreds of
    these, and an operation reads a handful of their fields (the GraphQL fast path and
    resolvers read attributes, so they cannot tell the difference)."""

    _getters: Getters

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, getter in cls._getters.items():
            setattr(cls, name, _Computed(name, getter))

    def __init__(self, row: Any) -> None:
        self.__dict__["_row"] = row


class LazyProduct(_Lazy, Product):
    _getters = _PRODUCT

    def __init__(self, row: Any, prefetched: Prefetched) -> None:
        super().__init__(row)
        self.__dict__["prefetched"] = prefetched


class LazyVariant(_Lazy, ProductVariant):
    _getters = _VARIANT


def product(row: Any, prefetched: Prefetched) -> Product:
    return LazyProduct(row, prefetched)


def variant(row: Any) -> ProductVariant:
    return LazyVariant(row)


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
