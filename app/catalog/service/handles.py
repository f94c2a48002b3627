"""URL handles: ASCII slugs made from titles, unique within a store.

Shared by products, categories and collections: each table has `tenant_id`, `store_id` and
`handle`, and the same CHECK (`^[a-z0-9]+(-[a-z0-9]+)*$`) in migration 0002.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection

from anyascii import anyascii
from sqlalchemy import Table, select

from app.db.tenant import RequestDB

MAX_LENGTH = 100
HANDLE_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Suffixes up to "-99999" fit after a stem this long, so one pattern finds every candidate.
_STEM = MAX_LENGTH - 6


def is_valid(handle: str) -> bool:
    return len(handle) <= MAX_LENGTH and HANDLE_RE.match(handle) is not None


def slugify(text: str, fallback: str = "item") -> str:
    """'Camiseta Básica — Größe XL' -> 'camiseta-basica-grosse-xl'; else `fallback`."""
    # Apostrophes join words rather than split them: "Men's" -> "mens", "Платье" -> "plate".
    ascii_text = anyascii(text).replace("'", "").lower()
    slug = _NOT_ALNUM.sub("-", ascii_text).strip("-")
    slug = slug[:MAX_LENGTH].rstrip("-")
    return slug or fallback


def with_suffix(base: str, number: int) -> str:
    """`base-<number>`, the base shortened so the result stays within MAX_LENGTH."""
    suffix = f"-{number}"
    return base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix


def first_free(base: str, taken: Collection[str]) -> str:
    """`base` when free, else the first of base-2, base-3, ... that is."""
    if base not in taken:
        return base
    number = 2
    while (candidate := with_suffix(base, number)) in taken:
        number += 1
    return candidate


def candidates_pattern(base: str) -> str:
    """A regex matching `base` and every `with_suffix(base, n)` (for long bases, a few more)."""
    if len(base) > _STEM:
        return f"^{base[:_STEM]}[a-z0-9-]*$"
    return f"^{base}(-[0-9]+)?$"


async def unique_handle(
    db: RequestDB, table: Table, *, tenant_id: uuid.UUID, store_id: uuid.UUID, base: str
) -> str:
    """The first free handle for `base` in the store, found with one query.

    Two concurrent writers may still pick the same handle; the table's unique key refuses
    the second, which the caller reports as TAKEN.
    """
    assert is_valid(base), base  # a slug never holds regex metacharacters
    taken = (
        (
            await db.execute(
                select(table.c.handle).where(
                    table.c.tenant_id == tenant_id,
                    table.c.store_id == store_id,
                    table.c.handle.regexp_match(candidates_pattern(base)),
                )
            )
        )
        .scalars()
        .all()
    )
    return first_free(base, set(taken))
