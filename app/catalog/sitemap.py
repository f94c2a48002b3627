"""A store's sitemaps: an index at `/sitemap.xml` and product files of at most 50,000 URLs.

Decisions recorded here:
- One `<url>` per product (its default-language page) carrying `xhtml:link` alternates
  for each store language plus `x-default`; a language's page is
  `https://{domain}/{language}/products/{handle}`, the default language's has no prefix
  (the same URLs JSON-LD uses, app/catalog/seo.py). Listing every language's page as its
  own `<url>` would multiply the files by the number of languages for no gain in coverage.
- Files are slices of the store's ACTIVE products in creation order (`created_at, id`,
  the products_created_idx index): a product stays in its file while newer ones are added.
- `lastmod` is the product's `updated_at`; a file's (and the index entry's) is the newest
  of its products. Their ETag is built from the store, the slice, its newest update and its
  count, so a deleted product changes it too.
- A file is streamed from a server-side cursor, 1,000 rows at a time: a 50,000-URL file
  never sits whole in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import products
from app.catalog.seo import product_url
from app.db.tenant import tenant_transaction
from app.tenancy.models import stores

URLS_PER_FILE = 50_000
STREAM_ROWS = 1_000
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True, slots=True)
class Store:
    tenant_id: uuid.UUID
    id: uuid.UUID
    domain: str
    languages: tuple[str, ...]
    default_language: str


@dataclass(frozen=True, slots=True)
class Slice:
    """One sitemap file: its number, how many products, and the newest update among them."""

    number: int
    count: int
    last_modified: dt.datetime

    def etag(self, store: Store) -> str:
        raw = f"{store.id}:{store.domain}:{','.join(store.languages)}:{self.number}:"
        raw += f"{self.count}:{self.last_modified.isoformat()}"
        return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _active(store: Store) -> Any:
    p = products
    return (
        p.c.tenant_id == store.tenant_id,
        p.c.store_id == store.id,
        p.c.status == "ACTIVE",
    )


async def load_store(
    engine: AsyncEngine, *, tenant_id: uuid.UUID, store_id: uuid.UUID, domain: str
) -> Store | None:
    async with tenant_transaction(engine, tenant_id) as conn:
        row = (
            await conn.execute(
                select(stores.c.languages, stores.c.default_language).where(
                    stores.c.tenant_id == tenant_id, stores.c.id == store_id
                )
            )
        ).first()
    if row is None:
        return None
    return Store(tenant_id, store_id, domain, tuple(row.languages), row.default_language)


async def slices(engine: AsyncEngine, store: Store) -> list[Slice]:
    """The store's sitemap files, in one statement over the products index."""
    p = products
    numbered = (
        select(
            p.c.updated_at,
            (
                (func.row_number().over(order_by=(p.c.created_at, p.c.id)) - 1) // URLS_PER_FILE
            ).label("number"),
        )
        .where(*_active(store))
        .subquery()
    )
    statement = (
        select(numbered.c.number, func.count(), func.max(numbered.c.updated_at))
        .group_by(numbered.c.number)
        .order_by(numbered.c.number)
    )
    async with tenant_transaction(engine, store.tenant_id) as conn:
        rows = (await conn.execute(statement)).all()
    return [Slice(int(r[0]), int(r[1]), r[2]) for r in rows]


def _slice_rows(store: Store, number: int) -> Any:
    p = products
    return (
        select(p.c.handle, p.c.updated_at)
        .where(*_active(store))
        .order_by(p.c.created_at, p.c.id)
        .offset(number * URLS_PER_FILE)
        .limit(URLS_PER_FILE)
    )


async def slice_of(engine: AsyncEngine, store: Store, number: int) -> Slice | None:
    """File `number`'s count and newest update (for its ETag), None past the last file."""
    rows = _slice_rows(store, number).subquery()
    statement = select(func.count(), func.max(rows.c.updated_at))
    async with tenant_transaction(engine, store.tenant_id) as conn:
        count, newest = (await conn.execute(statement)).one()
    if not count:
        return None
    return Slice(number, int(count), newest)


def _lastmod(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def file_url(base: str, number: int, query: str) -> str:
    return f"{base}/sitemap-products-{number + 1}.xml{query}"


def index_document(base: str, files: Sequence[Slice], query: str) -> bytes:
    parts = [XML_HEAD, f'<sitemapindex xmlns="{SITEMAP_NS}">\n']
    for item in files:
        parts.append(
            f"<sitemap><loc>{escape(file_url(base, item.number, query))}</loc>"
            f"<lastmod>{_lastmod(item.last_modified)}</lastmod></sitemap>\n"
        )
    parts.append("</sitemapindex>\n")
    return "".join(parts).encode()


def _link(language: str, href: str) -> str:
    return f'<xhtml:link rel="alternate" hreflang={quoteattr(language)} href={quoteattr(href)}/>'


def _url_entry(store: Store, handle: str, updated_at: dt.datetime) -> str:
    default = product_url(store.domain, handle) or ""
    links = [
        _link(language, product_url(store.domain, handle, language) or "")
        if language != store.default_language
        else _link(language, default)
        for language in store.languages
    ]
    links.append(_link("x-default", default))
    return (
        f"<url><loc>{escape(default)}</loc><lastmod>{_lastmod(updated_at)}</lastmod>"
        + "".join(links)
        + "</url>\n"
    )


async def stream_file(engine: AsyncEngine, store: Store, number: int) -> AsyncIterator[bytes]:
    """File `number` as UTF-8 chunks, read through a server-side cursor."""
    yield (XML_HEAD + f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n').encode()
    async with tenant_transaction(engine, store.tenant_id) as conn:
        result = await conn.stream(_slice_rows(store, number))
        async for rows in result.partitions(STREAM_ROWS):
            yield "".join(_url_entry(store, r.handle, r.updated_at) for r in rows).encode()
    yield b"</urlset>\n"
