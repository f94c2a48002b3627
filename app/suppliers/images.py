"""Supplier images, downloaded once into media storage when products are imported.

A product's images are fetched by the server (the supplier's CDN URLs may expire, hotlinking
may be refused) and stored in the store's media storage (S3 or local disk) under a key made
from the source URL's hash: `<store>/supplier-images/<sha256(url)[:40]><ext>`. Before
downloading, the store's media rows are asked for that prefix, so an image an earlier import
(or an earlier batch, or a run killed and restarted after its batch committed) stored is not
downloaded again; within a run, each URL is fetched once however many products share it.

Each download goes through the suppliers' SSRF check (adapters/ssrf.py: http(s), public
addresses only unless `suppliers_allow_private`), follows no redirect, must answer 200 with
one of the catalog's image content types (JPEG, PNG, WebP, GIF) and at most the catalog's
upload limit (20 MB, streamed and cut off past it). A failing image is a failed item of the
run (the product is imported without it), never a failed job. Downloads run a few at a time,
with no transaction open.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Sequence

import httpx

from app.catalog.service.media import CONTENT_TYPES, MAX_BYTES, StoredImage, stored_images
from app.catalog.service.storage import MediaStorage, StorageError
from app.db.tenant import RequestDB
from app.suppliers.adapters.base import SupplierError
from app.suppliers.adapters.ssrf import check_url, pinned_client

PARALLEL = 4


def image_prefix(store_id: uuid.UUID, url: str) -> str:
    return f"{store_id}/supplier-images/{hashlib.sha256(url.encode()).hexdigest()[:40]}"


class ImageFetcher:
    """One run's images of one store: `stored[url]` once in storage, `failed[url]` why not."""

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        storage: MediaStorage,
        store_id: uuid.UUID,
        allow_private: bool,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        # Its own client whose connections go only to the address each image host was
        # checked to resolve to (app/net/ssrf.py): no re-resolution between check and connect.
        self.client = pinned_client(allow_private=allow_private, timeout=client.timeout)
        self.storage = storage
        self.store_id = store_id
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.stored: dict[str, StoredImage] = {}
        self.failed: dict[str, str] = {}
        self.downloads = 0

    async def aclose(self) -> None:
        await self.client.aclose()

    async def prepare(self, db: RequestDB, *, tenant_id: uuid.UUID, urls: Sequence[str]) -> None:
        """Have every URL in storage (already, or downloaded now). Commits `db` before any
        download, so nothing is held while image hosts are asked."""
        wanted = [u for u in dict.fromkeys(urls) if u not in self.stored and u not in self.failed]
        if not wanted:
            return
        prefixes = {image_prefix(self.store_id, url): url for url in wanted}
        known = await stored_images(
            db, tenant_id=tenant_id, store_id=self.store_id, prefixes=list(prefixes)
        )
        await db.commit()
        gate = asyncio.Semaphore(PARALLEL)

        async def fetch(prefix: str, url: str) -> None:
            async with gate:
                try:
                    self.stored[url] = await self._download(url, prefix)
                except (SupplierError, StorageError) as exc:
                    self.failed[url] = str(exc)

        for prefix, url in prefixes.items():
            if prefix in known:
                self.stored[url] = known[prefix]
        await asyncio.gather(*(fetch(p, u) for p, u in prefixes.items() if p not in known))

    async def _download(self, url: str, prefix: str) -> StoredImage:
        await check_url(url, allow_private=self.allow_private, what="image")
        limit = f"The image is larger than {self.max_bytes // (1024 * 1024)} MB"
        try:
            async with self.client.stream("GET", url, follow_redirects=False) as response:
                if response.status_code != 200:
                    raise SupplierError(f"The image URL answered {response.status_code}")
                given = response.headers.get("content-type", "")
                content_type = given.split(";")[0].strip().lower()
                ext = CONTENT_TYPES.get(content_type)
                if ext is None:
                    raise SupplierError(
                        f"The image is {content_type or 'of no content type'}, not one of "
                        + ", ".join(CONTENT_TYPES)
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise SupplierError(limit)
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise SupplierError(limit)
                    chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise SupplierError("The image URL timed out") from exc
        except httpx.TransportError as exc:
            raise SupplierError(
                f"The image URL could not be reached ({type(exc).__name__})"
            ) from exc
        if not size:
            raise SupplierError("The image is empty")
        key = prefix + ext
        await self.storage.put(key=key, data=b"".join(chunks), content_type=content_type)
        self.downloads += 1
        return StoredImage(key, content_type)
