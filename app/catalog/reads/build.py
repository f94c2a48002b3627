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
from app.graphql import row_backed
from app.graphql.ids import CACHED_IDS, to_global_id  # noqa: F401 - CACHED_IDS: in the expressions
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
    """The product's featured image, over the product's row (its fi_* columns)."""
    return None if row.fi_id is None else LazyFeaturedImage(row)


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
        key = (tuple(names), tuple(r.option_values))
        found = _SELECTED_LISTS.get(key)
        if found is None:
            found = tuple(_selected(name, value) for name, value in zip(*key, strict=False))
            if len(_SELECTED_LISTS) >= _MAX_MONEY:
                _SELECTED_LISTS.clear()
            _SELECTED_LISTS[key] = found
        return list(found)
    selected = []
    for name, value, tr in zip(names, r.option_values, trs, strict=False):
        translated = _value_map(tr).get(value, value) if tr else value
        selected.append(SelectedOption(name=_in(tr, "name", name), value=translated))
    return selected


_SELECTED: dict[tuple[str, str], SelectedOption] = {}
# (names, values) -> the shared options of a variant: variants repeat their combinations
_SELECTED_LISTS: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[SelectedOption, ...]] = {}


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


# Each field of a lazy object as a Python expression over its `row`: the class's descriptors
# are made from these, and compiled selections evaluate them inline (app/graphql/row_backed.py).
Sources = dict[str, str]

_PRODUCT: Sources = {
    "id": "CACHED_IDS.get(('Product', row.id)) or to_global_id('Product', row.id)",
    "handle": "row.handle",
    # _tr(row, field, default) written out: the page reads these for every row
    "title": "row.tr.get('title', row.title) if row.tr else row.title",
    "description": "row.tr.get('description', row.description) if row.tr else row.description",
    "description_html": (
        "row.tr.get('description_html', row.description_html) if row.tr else row.description_html"
    ),
    "seo": "_seo(row)",
    "tags": "row.tags",
    "vendor": "row.vendor",
    "status": "_STATUS[row.status]",
    "featured_image": "_featured(row)",
    "options": "_options(row)",
    "price_range": "_price_range(row)",
    "compare_at_price_range": "_range(row.min_compare_at, row.max_compare_at, row.currency)",
    "available_for_sale": "row.available",
    "created_at": "row.created_at",
    "updated_at": "row.updated_at",
    "raw_id": "row.id",
    "category_id": "row.category_id",
    "store_id": "row.store_id",
    "store_domain": "row.store_domain",
}

_VARIANT: Sources = {
    # to_global_id's and money()'s cache lookups written out: one call less for each of a
    # page's hundreds of variants when the value is cached (the calls fill the caches)
    "id": "CACHED_IDS.get(('ProductVariant', row.id)) or to_global_id('ProductVariant', row.id)",
    "sku": "row.sku",
    "title": "row.tr.get('title', row.title) if row.tr else row.title",
    "price": (
        "_MONEY.get((row.price_amount, row.currency)) or money(row.price_amount, row.currency)"
    ),
    "compare_at_price": (
        "money(row.compare_at_amount, row.currency) if row.compare_at_amount is not None else None"
    ),
    "available_for_sale": "row.available > 0",
    "quantity_available": "max(row.available, 0)",
    # _selected_options' shared lists looked up in place (the call fills them)
    "selected_options": (
        "_selected_options(row) if row.option_tr else list("
        "_SELECTED_LISTS.get((tuple(row.option_names or ()), tuple(row.option_values))) or ()"
        ") or _selected_options(row)"
    ),
    "image": "_variant_image(row)",
    "barcode": "row.barcode",
    "weight_grams": "row.weight_grams",
    "position": "row.position",
    "created_at": "row.created_at",
    "updated_at": "row.updated_at",
    "product_id": "row.product_id",
    "price_minor": "row.price_amount",
}


_FEATURED_IMAGE: Sources = {
    "id": "to_global_id('MediaImage', row.fi_id)",
    "url": "row.fi_url",
    "alt_text": "row.fi_tr.get('alt_text', row.fi_alt) if row.fi_tr else row.fi_alt",
    "width": "row.fi_width",
    "height": "row.fi_height",
}


def _seo(row: Any) -> SEO:
    return SEO(
        title=seo.seo_title(_tr(row, "seo_title", row.seo_title), _tr(row, "title", row.title)),
        description=seo.seo_description(
            _tr(row, "seo_description", row.seo_description),
            _tr(row, "description", row.description),
        ),
    )


def _options(row: Any) -> list[ProductOption]:
    return [_option(o) for o in row.options]


def _variant_image(row: Any) -> Image | None:
    if row.img_id is None:
        return None
    alt = _in(row.img_tr, "alt_text", row.img_alt)
    return image(row.img_id, row.img_url, alt, row.img_width, row.img_height)


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
    resolvers read attributes, so they cannot tell the difference). Compiled selections
    read the same expressions inline, without the descriptor (registered below)."""

    _sources: Sources

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, source in cls._sources.items():
            getter = eval(f"lambda row: {source}", globals())  # noqa: S307 - our own text
            setattr(cls, name, _Computed(name, getter))
        row_backed.register(cls, row_backed.RowFields("_row", dict(cls._sources), globals()))

    def __init__(self, row: Any) -> None:
        self.__dict__["_row"] = row


class LazyProduct(_Lazy, Product):
    _sources = _PRODUCT

    def __init__(self, row: Any, prefetched: Prefetched) -> None:
        fields = self.__dict__
        fields["_row"] = row
        fields["prefetched"] = prefetched


class LazyVariant(_Lazy, ProductVariant):
    _sources = _VARIANT


class LazyFeaturedImage(_Lazy, Image):
    """A product's featured image, read from the product's row: a category page shows its
    url and size, rarely its id (a global id is made only when read)."""

    _sources = _FEATURED_IMAGE


# The classes themselves build them: a page builds hundreds, and a wrapper function is
# one more call each.
product: Callable[[Any, Prefetched], Product] = LazyProduct
variant: Callable[[Any], ProductVariant] = LazyVariant


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
