"""A realistic demo catalog, deterministic for a given seed, written with bulk statements.

Categories in a tree, products with 1-6 variants over Color/Size options, 1-5 images,
Spanish base texts with English translations (titles, descriptions, variant titles, option
names and values, alt texts), stock, and two collections. 10,000 products
take well under a minute (see bench/RESULTS.md).
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update

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
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.inventory.models import inventory_levels

CHUNK = 500

# (es, en) pairs: the store's default language is Spanish, English is a translation.
TREE = {
    ("Ropa", "Clothing"): [
        ("Camisetas", "T-shirts"),
        ("Sudaderas", "Hoodies"),
        ("Chaquetas", "Jackets"),
    ],
    ("Hogar", "Home"): [
        ("Cocina", "Kitchen"),
        ("Decoración", "Decor"),
        ("Iluminación", "Lighting"),
    ],
    ("Electrónica", "Electronics"): [
        ("Auriculares", "Headphones"),
        ("Cargadores", "Chargers"),
        ("Fundas", "Cases"),
    ],
    ("Deporte", "Sports"): [("Yoga", "Yoga"), ("Ciclismo", "Cycling")],
}
NOUNS = [
    ("Camiseta", "T-shirt"),
    ("Sudadera", "Hoodie"),
    ("Lámpara", "Lamp"),
    ("Taza", "Mug"),
    ("Auriculares", "Headphones"),
    ("Funda", "Case"),
    ("Esterilla", "Mat"),
    ("Botella", "Bottle"),
    ("Mochila", "Backpack"),
    ("Cargador", "Charger"),
    ("Cojín", "Cushion"),
    ("Chaqueta", "Jacket"),
]
ADJECTIVES = [
    ("clásica", "classic"),
    ("premium", "premium"),
    ("ecológica", "eco"),
    ("vintage", "vintage"),
    ("minimalista", "minimalist"),
    ("deportiva", "sport"),
    ("de viaje", "travel"),
    ("inalámbrica", "wireless"),
    ("suave", "soft"),
    ("resistente", "rugged"),
]
COLORS = [
    ("Negro", "Black"),
    ("Blanco", "White"),
    ("Rojo", "Red"),
    ("Azul", "Blue"),
    ("Verde", "Green"),
]
SIZES = ["XS", "S", "M", "L", "XL"]
VENDORS = ["Shenzhen Goods", "Yiwu Trading", "Guangzhou Home", "Hangzhou Sports"]
TAGS = ["nuevo", "oferta", "eco", "regalo", "top-ventas", "verano", "invierno"]


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


@dataclass
class _Batch:
    products: list[dict[str, Any]] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)
    inventory: list[dict[str, Any]] = field(default_factory=list)
    media: list[dict[str, Any]] = field(default_factory=list)
    translations: list[dict[str, Any]] = field(default_factory=list)

    def rows(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        return [
            (products, self.products),
            (product_options, self.options),
            (media, self.media),
            (product_variants, self.variants),
            (inventory_levels, self.inventory),
            (translations, self.translations),
        ]


async def _seed_categories(
    db: RequestDB,
    tenant: uuid.UUID,
    store: uuid.UUID,
) -> list[uuid.UUID]:
    """The leaf categories of the demo tree, created on first use."""
    existing = (
        (
            await db.execute(
                select(categories.c.id)
                .where(
                    categories.c.tenant_id == tenant,
                    categories.c.store_id == store,
                    categories.c.parent_id.is_not(None),
                )
                .order_by(categories.c.id)
            )
        )
        .scalars()
        .all()
    )
    if existing:
        return list(existing)
    rows: list[dict[str, Any]] = []
    english: dict[uuid.UUID, str] = {}
    leaves: list[uuid.UUID] = []
    for position, ((es, en), children) in enumerate(TREE.items()):
        root = uuid7()
        english[root] = en
        rows.append(
            {
                "tenant_id": tenant,
                "id": root,
                "store_id": store,
                "parent_id": None,
                "handle": _slug(en),
                "title": es,
                "path": [root],
                "position": position,
            }
        )
        for child_position, (child_es, child_en) in enumerate(children):
            child = uuid7()
            leaves.append(child)
            english[child] = child_en
            rows.append(
                {
                    "tenant_id": tenant,
                    "id": child,
                    "store_id": store,
                    "parent_id": root,
                    "handle": _slug(f"{en} {child_en}"),
                    "title": child_es,
                    "path": [root, child],
                    "position": child_position,
                }
            )
    await db.execute(categories.insert(), rows)
    await db.execute(
        translations.insert(),
        [
            {
                "tenant_id": tenant,
                "resource_id": key,
                "language": "en",
                "field": "title",
                "resource_type": "Category",
                "value": value,
            }
            for key, value in english.items()
        ],
    )
    return leaves


def _english(tenant: uuid.UUID, resource: uuid.UUID, kind: str, field: str, value: str) -> Any:
    return {
        "tenant_id": tenant,
        "resource_id": resource,
        "language": "en",
        "field": field,
        "resource_type": kind,
        "value": value,
    }


def _product(
    rng: random.Random,
    index: int,
    tenant: uuid.UUID,
    store: uuid.UUID,
    leaves: list[uuid.UUID],
    batch: _Batch,
) -> uuid.UUID:
    noun, adjective = rng.choice(NOUNS), rng.choice(ADJECTIVES)
    title_es, title_en = f"{noun[0]} {adjective[0]}", f"{adjective[1].title()} {noun[1]}"
    product_id = uuid7()
    description_es = (
        f"{title_es} de calidad, ideal para el día a día. "
        f"Envío desde nuestro almacén. Referencia {index}."
    )
    description_en = f"Quality {title_en.lower()}, great for every day. Reference {index}."
    colors = rng.sample(COLORS, rng.randint(1, 3))
    sizes = rng.sample(SIZES, rng.randint(1, 2)) if rng.random() < 0.6 else []
    size_choices: list[str | None] = [*sizes] or [None]
    combos = [(c, s) for c in colors for s in size_choices][: rng.randint(1, 6)]
    base_price = rng.randint(5, 200) * 100 - 10
    prices = []
    image_ids = []
    for position in range(rng.randint(1, 5)):
        image_id = uuid7()
        image_ids.append(image_id)
        batch.media.append(
            {
                "tenant_id": tenant,
                "id": image_id,
                "store_id": store,
                "product_id": product_id,
                "url": f"https://cdn.edestory.dev/demo/{index}-{position}.jpg",
                "alt_text": f"{title_es} {position + 1}",
                "width": 1200,
                "height": 1200,
                "content_type": "image/jpeg",
                "position": position,
            }
        )
        batch.translations.append(
            _english(tenant, image_id, "Media", "alt_text", f"{title_en} {position + 1}")
        )
    for position, (color, size) in enumerate(combos):
        variant_id = uuid7()
        price = base_price + (100 if size in ("L", "XL") else 0)
        prices.append(price)
        values = [color[0]] + ([size] if size else [])
        batch.variants.append(
            {
                "tenant_id": tenant,
                "id": variant_id,
                "store_id": store,
                "product_id": product_id,
                "sku": f"ED-{index:06d}-{position}",
                "title": " / ".join(values),
                "price_amount": price,
                "compare_at_amount": price + 1000 if rng.random() < 0.3 else None,
                "cost_amount": price // 3,
                "weight_grams": rng.randint(50, 2000),
                "position": position,
                "option_values": values,
                "image_id": image_ids[position % len(image_ids)],
            }
        )
        batch.inventory.append(
            {
                "tenant_id": tenant,
                "variant_id": variant_id,
                "on_hand": rng.choice([0, 3, 10, 25, 50]),
                "reserved": 0,
            }
        )
        batch.translations.append(
            {
                "tenant_id": tenant,
                "resource_id": variant_id,
                "language": "en",
                "field": "title",
                "resource_type": "ProductVariant",
                "value": " / ".join([color[1]] + ([size] if size else [])),
            }
        )
    # option name (es, en) and its values es -> en, in the order variants first use them
    option_texts = [
        ("Color", "Color", dict(c for c, _ in combos)),
        ("Talla", "Size", {s: s for _, s in combos if s}),
    ]
    for position, (name_es, name_en, english) in enumerate(option_texts[: 2 if sizes else 1]):
        option_id = uuid7()
        batch.options.append(
            {
                "tenant_id": tenant,
                "id": option_id,
                "product_id": product_id,
                "name": name_es,
                "position": position,
                "values": list(english),
            }
        )
        values_en = json.dumps(english, ensure_ascii=False)
        batch.translations += [
            _english(tenant, option_id, "ProductOption", "name", name_en),
            _english(tenant, option_id, "ProductOption", "values", values_en),
        ]
    compare = [
        v["compare_at_amount"]
        for v in batch.variants[-len(combos) :]
        if v["compare_at_amount"] is not None
    ]
    batch.products.append(
        {
            "tenant_id": tenant,
            "id": product_id,
            "store_id": store,
            "handle": f"{_slug(title_es)}-{index}",
            "title": title_es,
            "description": description_es,
            "description_html": f"<p>{description_es}</p>",
            "status": "DRAFT" if rng.random() < 0.05 else "ACTIVE",
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
            "vendor": rng.choice(VENDORS),
            "seo_title": title_es,
            "seo_description": description_es[:150],
            "category_id": rng.choice(leaves),
            "min_price": min(prices),
            "max_price": max(prices),
            "min_compare_at": min(compare) if compare else None,
            "max_compare_at": max(compare) if compare else None,
            "sales_count": rng.randint(0, 500),
        }
    )
    for name, value in (
        ("title", title_en),
        ("description", description_en),
        ("description_html", f"<p>{description_en}</p>"),
    ):
        batch.translations.append(
            {
                "tenant_id": tenant,
                "resource_id": product_id,
                "language": "en",
                "field": name,
                "resource_type": "Product",
                "value": value,
            }
        )
    return product_id


async def seed_catalog(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    count: int,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[uuid.UUID]:
    """Add `count` products to the store; returns their ids in creation order."""
    rng = random.Random(seed)
    leaves = await _seed_categories(db, tenant_id, store_id)
    # Numbering continues after the products already there, so handles and SKUs stay unique.
    offset = (
        await db.execute(
            select(func.count())
            .select_from(products)
            .where(products.c.tenant_id == tenant_id, products.c.store_id == store_id)
        )
    ).scalar_one()
    product_ids: list[uuid.UUID] = []
    start = 0
    while start < count:
        batch = _Batch()
        for index in range(start, min(start + CHUNK, count)):
            product_ids.append(_product(rng, offset + index, tenant_id, store_id, leaves, batch))
        for table, rows in batch.rows():
            if rows:
                await db.execute(table.insert(), rows)
        chunk_ids = [row["id"] for row in batch.products]
        # The search trigger ran before the translations existed; a touch recomputes it.
        await db.execute(
            update(products)
            .values(updated_at=func.now())
            .where(products.c.tenant_id == tenant_id, products.c.id.in_(chunk_ids))
        )
        start += CHUNK
        if progress:
            progress(min(start, count), count)
    await _seed_collections(db, rng, tenant_id, store_id, product_ids)
    return product_ids


async def _seed_collections(
    db: RequestDB,
    rng: random.Random,
    tenant: uuid.UUID,
    store: uuid.UUID,
    product_ids: list[uuid.UUID],
) -> None:
    for handle, title_es, title_en in (
        ("new-arrivals", "Novedades", "New arrivals"),
        ("deals", "Ofertas", "Deals"),
    ):
        collection_id = uuid7()
        existing = (
            await db.execute(
                select(collections.c.id).where(
                    collections.c.tenant_id == tenant,
                    collections.c.store_id == store,
                    collections.c.handle == handle,
                )
            )
        ).scalar()
        if existing is not None:
            continue
        await db.execute(
            collections.insert().values(
                tenant_id=tenant, id=collection_id, store_id=store, handle=handle, title=title_es
            )
        )
        await db.execute(
            translations.insert().values(
                tenant_id=tenant,
                resource_id=collection_id,
                language="en",
                field="title",
                resource_type="Collection",
                value=title_en,
            )
        )
        members = rng.sample(product_ids, min(len(product_ids), 24))
        if members:
            await db.execute(
                collection_products.insert(),
                [
                    {
                        "tenant_id": tenant,
                        "collection_id": collection_id,
                        "product_id": pid,
                        "position": i,
                    }
                    for i, pid in enumerate(members)
                ],
            )


def print_progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\rseeding products [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
