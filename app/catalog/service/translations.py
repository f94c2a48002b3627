"""Product translations: a product's texts, its variants' titles, its options' names and
values and its images' alt texts (option_translations.py), in the store's other languages.
Rows live in `translations`; the default language is the resources' own columns.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from app.catalog import rules
from app.catalog.errors import ProductErrorCode as Code
from app.catalog.models import product_variants, products, translations
from app.catalog.service.option_translations import (
    MediaTranslation,
    OptionTranslation,
    media_entries,
    option_entries,
)
from app.catalog.service.writes import lock_product
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.unset import UNSET, Unset

# column -> (input field name, maximum length)
FIELDS = {
    "title": ("title", rules.MAX_TITLE),
    "description": ("description", rules.MAX_DESCRIPTION_HTML),
    "description_html": ("descriptionHtml", rules.MAX_DESCRIPTION_HTML),
    "seo_title": ("seoTitle", rules.MAX_TEXT),
    "seo_description": ("seoDescription", rules.MAX_SEO_DESCRIPTION),
}

# (resource id, resource type, column, text or None to remove)
Entry = tuple[uuid.UUID, str, str, str | None]


@dataclass(frozen=True, slots=True)
class ProductTranslation:
    """Given text is stored for the language; null or blank removes the translation."""

    title: str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    description_html: str | Unset | None = UNSET
    seo_title: str | Unset | None = UNSET
    seo_description: str | Unset | None = UNSET


@dataclass(frozen=True, slots=True)
class VariantTranslation:
    variant_id: uuid.UUID | None  # None: the given ID was not a variant's
    title: str | None


def _fields(data: ProductTranslation) -> dict[str, str | None]:
    """{column: text, or None to remove} for the fields given."""
    fields: dict[str, str | None] = {}
    for column, (name, limit) in FIELDS.items():
        given = getattr(data, column)
        if given is not UNSET:
            fields[column] = rules.optional_text(given, ("translations", name), max_length=limit)
    if fields.get("description_html"):
        fields["description_html"] = (
            rules.description_html(
                fields["description_html"] or "", ("translations", "descriptionHtml")
            )
            or None
        )
    # The plain description follows its HTML unless given itself: search reads it.
    if "description_html" in fields and "description" not in fields:
        html = fields["description_html"]
        fields["description"] = (rules.plain_text(html) or None) if html else None
    return fields


async def translate_product(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    language: str,
    data: ProductTranslation,
    variants: Sequence[VariantTranslation] = (),
    options: Sequence[OptionTranslation] = (),
    media: Sequence[MediaTranslation] = (),
) -> uuid.UUID:
    """Store or remove one language's translations of a product and of its variants'
    titles, options and images' alt texts, all or nothing."""
    fields = _fields(data)
    titles = [
        rules.optional_text(
            t.title, ("variantTranslations", str(i), "title"), max_length=rules.MAX_TITLE
        )
        for i, t in enumerate(variants)
    ]
    async with db.unit_of_work():
        locked = await lock_product(db, tenant_id, product_id, "productId")
        if language not in locked.languages or language == locked.default_language:
            raise rules.fail(
                Code.INVALID_LANGUAGE,
                "Translate into one of the store's languages other than its default",
                ("language",),
            )
        await _check_variants(db, tenant_id, product_id, [t.variant_id for t in variants])
        entries: list[Entry] = [(product_id, "Product", c, text) for c, text in fields.items()]
        entries += [
            (t.variant_id, "ProductVariant", "title", title)
            for t, title in zip(variants, titles, strict=True)
            if t.variant_id is not None
        ]
        entries += await option_entries(db, tenant_id, product_id, options)
        entries += await media_entries(db, tenant_id, product_id, media)
        await _write(db, tenant_id, language, entries)
        # Touching the product makes the search trigger index the translated title.
        await db.execute(
            update(products)
            .values(updated_at=func.now())
            .where(products.c.tenant_id == tenant_id, products.c.id == product_id)
        )
    return product_id


async def _check_variants(
    db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID, ids: list[uuid.UUID | None]
) -> None:
    """NOT_FOUND for a variant that is not this product's (one query)."""
    v = product_variants
    wanted = [i for i in ids if i is not None]
    found: set[uuid.UUID] = set()
    if wanted:
        result = await db.execute(
            select(v.c.id).where(
                v.c.tenant_id == tenant_id, v.c.product_id == product_id, v.c.id == any_of(wanted)
            )
        )
        found = set(result.scalars())
    for index, variant_id in enumerate(ids):
        if variant_id not in found:
            raise rules.fail(
                Code.NOT_FOUND,
                "Variant not found on this product",
                ("variantTranslations", str(index), "variantId"),
            )


async def _write(db: RequestDB, tenant_id: uuid.UUID, language: str, entries: list[Entry]) -> None:
    """One upsert for the texts given and one delete for the ones cleared."""
    t = translations
    upserts = [
        {
            "tenant_id": tenant_id,
            "resource_id": rid,
            "language": language,
            "field": column,
            "resource_type": kind,
            "value": text,
        }
        for rid, kind, column, text in entries
        if text is not None
    ]
    removals = [(rid, column) for rid, _, column, text in entries if text is None]
    if upserts:
        statement = insert(t).values(upserts)
        await db.execute(
            statement.on_conflict_do_update(
                index_elements=[t.c.tenant_id, t.c.resource_id, t.c.language, t.c.field],
                set_={"value": statement.excluded.value},
            )
        )
    if removals:
        await db.execute(
            t.delete().where(
                t.c.tenant_id == tenant_id,
                t.c.language == language,
                tuple_(t.c.resource_id, t.c.field).in_(removals),
            )
        )
