"""Translations of a product's option names and values and of its images' alt texts.

They are written by `productTranslationsUpdate` together with the product's own texts (one
language, one savepoint) and stored in `translations` like titles: a `ProductOption` row
per option and field (`name`, and `values` as one JSON object from each value in the
store's default language to its translation), a `Media` row per image (`alt_text`).
Keying values by their default-language text, not by position, keeps a translation with
its value when variants add values to the option later; a value with no translation
falls back to the default language.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.catalog import rules
from app.catalog.errors import ProductErrorCode as Code
from app.catalog.models import media, product_options
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.unset import UNSET, Unset

MAX_OPTION_TEXT = 100  # as option names and values themselves (rules.options)

# (resource id, resource type, column, text or None to remove), as product_translations
Entry = tuple[uuid.UUID, str, str, str | None]


@dataclass(frozen=True, slots=True)
class OptionTranslation:
    """`values` lists the option's values in this language, in the option's order (a blank
    one stays untranslated); null or an empty list removes them, like a null `name`."""

    option_id: uuid.UUID | None  # None: the given ID was not an option's
    name: str | Unset | None = UNSET
    values: Sequence[str] | Unset | None = UNSET


@dataclass(frozen=True, slots=True)
class MediaTranslation:
    media_id: uuid.UUID | None  # None: the given ID was not an image's
    alt_text: str | None


def _unique(ids: Sequence[uuid.UUID | None], field: str, id_name: str) -> None:
    """One entry per resource: a second one would make the upsert touch a row twice."""
    seen: set[uuid.UUID] = set()
    for index, resource_id in enumerate(ids):
        if resource_id is not None and resource_id in seen:
            raise rules.fail(Code.INVALID, "Given twice", (field, str(index), id_name))
        if resource_id is not None:
            seen.add(resource_id)


async def option_entries(
    db: RequestDB,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    options: Sequence[OptionTranslation],
) -> list[Entry]:
    """Check the options are this product's and the texts fit; the rows to write."""
    if not options:
        return []
    field = "optionTranslations"
    _unique([o.option_id for o in options], field, "optionId")
    wanted = [o.option_id for o in options if o.option_id is not None]
    po = product_options
    found = {
        row.id: list(row.values)
        for row in await db.execute(
            select(po.c.id, po.c["values"]).where(
                po.c.tenant_id == tenant_id,
                po.c.product_id == product_id,
                po.c.id == any_of(wanted),
            )
        )
    }
    entries: list[Entry] = []
    for index, given in enumerate(options):
        at = (field, str(index))
        if given.option_id is None or given.option_id not in found:
            raise rules.fail(Code.NOT_FOUND, "Option not found on this product", (*at, "optionId"))
        if not isinstance(given.name, Unset):
            name = rules.optional_text(given.name, (*at, "name"), max_length=MAX_OPTION_TEXT)
            entries.append((given.option_id, "ProductOption", "name", name))
        if not isinstance(given.values, Unset):
            values = _values(found[given.option_id], given.values, (*at, "values"))
            entries.append((given.option_id, "ProductOption", "values", values))
    return entries


def _values(own: list[str], given: Sequence[str] | None, path: tuple[str, ...]) -> str | None:
    """The JSON object {own value: translation} to store, or None to remove."""
    if not given:
        return None
    if len(given) != len(own):
        raise rules.fail(
            Code.OPTION_VALUES_MISMATCH,
            f"Give the option's {len(own)} values in its order ({', '.join(own)})",
            path,
        )
    translated: dict[str, str] = {}
    for index, (value, text) in enumerate(zip(own, given, strict=True)):
        kept = rules.optional_text(text, (*path, str(index)), max_length=MAX_OPTION_TEXT)
        if kept is not None:
            translated[value] = kept
    return json.dumps(translated, ensure_ascii=False) if translated else None


async def media_entries(
    db: RequestDB,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    images: Sequence[MediaTranslation],
) -> list[Entry]:
    """Check the images are this product's; the alt-text rows to write."""
    if not images:
        return []
    field = "mediaTranslations"
    _unique([i.media_id for i in images], field, "mediaId")
    wanted = [i.media_id for i in images if i.media_id is not None]
    result = await db.execute(
        select(media.c.id).where(
            media.c.tenant_id == tenant_id,
            media.c.product_id == product_id,
            media.c.id == any_of(wanted),
        )
    )
    found = set(result.scalars())
    entries: list[Entry] = []
    for index, given in enumerate(images):
        at = (field, str(index))
        if given.media_id is None or given.media_id not in found:
            raise rules.fail(Code.NOT_FOUND, "Image not found on this product", (*at, "mediaId"))
        alt = rules.optional_text(given.alt_text, (*at, "altText"), max_length=rules.MAX_TEXT)
        entries.append((given.media_id, "Media", "alt_text", alt))
    return entries
