"""Google Merchant Center feeds: CSV, TSV and RSS 2.0 (the `g:` namespace) -> products.

Items sharing an `item_group_id` are one product's variants (the item `id` is the variant's
SKU); an item without one is a product with one variant. Options come from the variant
attributes GMC defines (color, size, material, pattern). `price` is "15.00 EUR"; `shipping`,
when given as an amount ("4.95 EUR"), is the shipping estimate the pricing rule adds;
`quantity` (an extension some supplier feeds carry) is the stock, else stock is unknown and
`availability` alone says whether it sells.

A feed without the columns id, title and price fails as a whole (`SupplierError`, a failed
job with that message); a bad row (no id, a price that is not "amount CUR") is an
`ItemError` naming the row, and the rest of the feed is used.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from app.suppliers.adapters.base import (
    Catalog,
    ItemError,
    SupplierError,
    SupplierProduct,
    SupplierVariant,
)

G = "{http://base.google.com/ns/1.0}"
REQUIRED = ("id", "title", "price")
OPTION_ATTRIBUTES = (
    ("color", "Color"),
    ("size", "Size"),
    ("material", "Material"),
    ("pattern", "Pattern"),
)
AVAILABLE = frozenset({"in_stock", "in stock", "preorder", "backorder"})
PRICE = re.compile(r"^\s*(\d{1,9}(?:\.\d{1,4})?)\s+([A-Za-z]{3})\s*$")


def parse_feed(content: bytes) -> Catalog:
    text = content.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("<"):
        rows: Iterable[tuple[str, Mapping[str, str]]] = _rss_rows(text)
    else:
        rows = _delimited_rows(text)
    return _group(rows)


def _delimited_rows(text: str) -> Iterator[tuple[str, Mapping[str, str]]]:
    header = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in header else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise SupplierError(
            f"The feed has no column {', '.join(missing)} (a Google Merchant Center feed "
            "needs id, title and price)"
        )
    for number, row in enumerate(reader, start=2):
        yield (
            f"row {number}",
            {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k},
        )


def _rss_rows(text: str) -> Iterator[tuple[str, Mapping[str, str]]]:
    try:
        root = SafeET.fromstring(text)
    except (ParseError, DefusedXmlException) as exc:
        raise SupplierError(f"The feed is not valid XML: {exc}") from exc
    items = root.findall("./channel/item")
    if root.tag != "rss" or not items:
        raise SupplierError("The XML feed is not RSS 2.0 with <channel><item> elements")
    for number, item in enumerate(items, start=1):
        yield f"item {number}", _item_fields(item)


def _item_fields(item: Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    for child in item:
        tag = child.tag.removeprefix(G) if child.tag.startswith(G) else child.tag
        value = (child.text or "").strip()
        if tag == "additional_image_link":
            fields[tag] = f"{fields[tag]},{value}" if tag in fields else value
        elif tag not in fields or child.tag.startswith(G):  # g:title wins over title
            fields[tag] = value
    return fields


def _amount(raw: str) -> tuple[Decimal, str] | None:
    match = PRICE.match(raw)
    if match is None:
        return None
    try:
        return Decimal(match.group(1)), match.group(2).upper()
    except InvalidOperation:
        return None


def _variant(ref: str, row: Mapping[str, str]) -> SupplierVariant | ItemError:
    sku = row.get("id", "")
    if not sku or len(sku) > 200:
        return ItemError(ref, "The item has no id")
    if not row.get("title"):
        return ItemError(ref, f"Item {sku} has no title")
    price = _amount(row.get("price", ""))
    if price is None:
        return ItemError(ref, f"Item {sku}: price {row.get('price', '')!r} is not like '15.00 EUR'")
    shipping = _amount(row.get("shipping", "")) if row.get("shipping") else None
    quantity = row.get("quantity", "")
    stock = int(quantity) if quantity.isdigit() else None
    availability = row.get("availability", "in_stock").lower()
    options = tuple((label, row[key]) for key, label in OPTION_ATTRIBUTES if row.get(key))
    return SupplierVariant(
        sku=sku,
        title=" / ".join(value for _, value in options) or row["title"],
        cost=price[0],
        currency=price[1],
        stock=stock,
        available=availability in AVAILABLE and stock != 0,
        options=options,
        shipping=shipping[0] if shipping and shipping[1] == price[1] else Decimal(0),
        image_url=row.get("image_link") or None,
        gtin=row.get("gtin") or None,
        mpn=row.get("mpn") or None,
    )


def _group(rows: Iterable[tuple[str, Mapping[str, str]]]) -> Catalog:
    catalog = Catalog()
    groups: dict[str, list[tuple[Mapping[str, str], SupplierVariant]]] = {}
    for ref, row in rows:
        variant = _variant(ref, row)
        if isinstance(variant, ItemError):
            catalog.errors.append(variant)
            continue
        groups.setdefault(row.get("item_group_id") or variant.sku, []).append((row, variant))
    for product_id, members in groups.items():
        first = members[0][0]
        seen: set[str] = set()
        variants = []
        for _row, variant in members:
            if variant.sku in seen:
                catalog.errors.append(ItemError(product_id, f"Item {variant.sku} appears twice"))
                continue
            seen.add(variant.sku)
            variants.append(variant)
        images = [first.get("image_link", "")]
        images += first.get("additional_image_link", "").split(",")
        catalog.products.append(
            SupplierProduct(
                supplier_product_id=product_id,
                title=first["title"],
                description=first.get("description", ""),
                variants=tuple(variants),
                brand=first.get("brand") or None,
                images=tuple(dict.fromkeys(i.strip() for i in images if i.strip())),
            )
        )
    return catalog
