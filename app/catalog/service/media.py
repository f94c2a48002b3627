"""Product media: presigned uploads and attaching uploads or external images. No GraphQL here.

An upload is a media row without a product until it is attached; attaching checks the object
really is in storage, so a product never points at an image that is not there.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Integer, Text, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from app.catalog.errors import MediaErrorCode
from app.catalog.models import media, products
from app.catalog.service import handles
from app.catalog.service.storage import MediaStorage, PresignedUpload
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError

CONTENT_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
}
MAX_BYTES = 20 * 1024 * 1024
MAX_ITEMS = 50
MAX_ALT_TEXT = 512
MAX_URL = 2048


@dataclass(frozen=True, slots=True)
class UploadTicket:
    media_id: uuid.UUID
    upload: PresignedUpload


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One image to attach: an uploaded `media_id` or an external https `url`."""

    media_id: uuid.UUID | None = None
    url: str | None = None
    alt_text: str | None = None
    width: int | None = None
    height: int | None = None


def _storage_key(store_id: uuid.UUID, media_id: uuid.UUID, filename: str, ext: str) -> str:
    """`<store>/<media>/<name>.<ext>`: unique per upload, readable in URLs."""
    stem = PurePosixPath(filename.replace("\\", "/")).stem
    return f"{store_id}/{media_id}/{handles.slugify(stem, fallback='image')}{ext}"


async def create_upload(
    *,
    db: RequestDB,
    storage: MediaStorage,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    filename: str,
    content_type: str,
    file_size: int,
) -> UploadTicket:
    """Record a pending media row and presign the PUT that uploads its bytes."""
    content_type = content_type.strip().lower()
    if not filename.strip():
        raise ServiceError(MediaErrorCode.INVALID, "Filename can't be blank", ["input", "filename"])
    ext = CONTENT_TYPES.get(content_type)
    if ext is None:
        raise ServiceError(
            MediaErrorCode.UNSUPPORTED_CONTENT_TYPE,
            f"Content type must be one of {', '.join(CONTENT_TYPES)}",
            ["input", "contentType"],
        )
    if file_size <= 0:
        raise ServiceError(
            MediaErrorCode.INVALID, "File size must be positive", ["input", "fileSize"]
        )
    if file_size > MAX_BYTES:
        raise ServiceError(
            MediaErrorCode.TOO_LARGE,
            f"Files can be at most {MAX_BYTES // (1024 * 1024)} MB",
            ["input", "fileSize"],
        )
    media_id = uuid7()
    key = _storage_key(store_id, media_id, filename, ext)
    async with db.unit_of_work():
        try:
            await db.execute(
                media.insert().values(
                    tenant_id=tenant_id,
                    id=media_id,
                    store_id=store_id,
                    url=storage.public_url(key),
                    storage_key=key,
                    content_type=content_type,
                    position=0,
                )
            )
        except IntegrityError as exc:
            raise ServiceError(
                MediaErrorCode.STORE_NOT_FOUND, "Store not found", ["input", "storeId"]
            ) from exc
        upload = await storage.presign_upload(key=key, content_type=content_type, size=file_size)
    return UploadTicket(media_id, upload)


def _validate(items: Sequence[MediaItem]) -> None:
    if not 1 <= len(items) <= MAX_ITEMS:
        raise ServiceError(MediaErrorCode.INVALID, f"Give 1 to {MAX_ITEMS} media", ["media"])
    for index, item in enumerate(items):
        field = ["media", str(index)]

        def fail(message: str, name: str) -> None:
            raise ServiceError(MediaErrorCode.INVALID, message, [*field, name])  # noqa: B023

        if (item.media_id is None) == (item.url is None):
            fail("Give either a mediaId or a url", "mediaId")
        if item.url is not None:
            parts = urlsplit(item.url)
            if parts.scheme != "https" or not parts.hostname or len(item.url) > MAX_URL:
                fail("URL must be an https URL", "url")
        if item.alt_text is not None and len(item.alt_text) > MAX_ALT_TEXT:
            fail(f"Alt text is longer than {MAX_ALT_TEXT} characters", "altText")
        for name, value in (("width", item.width), ("height", item.height)):
            if value is not None and value <= 0:
                fail(f"{name.capitalize()} must be positive", name)


async def _pending_uploads(
    db: RequestDB,
    storage: MediaStorage,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    items: Sequence[MediaItem],
) -> None:
    """Check every referenced upload is this store's, unattached and present in storage."""
    wanted = [item.media_id for item in items if item.media_id is not None]
    if not wanted:
        return
    rows = {
        row.id: row
        for row in await db.execute(
            select(media.c.id, media.c.store_id, media.c.product_id, media.c.storage_key).where(
                media.c.tenant_id == tenant_id,
                media.c.id == func.any(_array(wanted, UUID(as_uuid=True))),
            )
        )
    }
    keys: list[tuple[int, str]] = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(items):
        if item.media_id is None:
            continue
        row, field = rows.get(item.media_id), ["media", str(index), "mediaId"]
        if row is None or row.store_id != store_id or row.storage_key is None:
            raise ServiceError(MediaErrorCode.NOT_FOUND, "Upload not found", field)
        if row.product_id is not None or item.media_id in seen:
            raise ServiceError(MediaErrorCode.INVALID, "This upload is already attached", field)
        seen.add(item.media_id)
        keys.append((index, row.storage_key))
    if keys:
        await db.commit()
    present = await asyncio.gather(*(storage.exists(key) for _, key in keys))
    for (index, _), found in zip(keys, present, strict=True):
        if not found:
            raise ServiceError(
                MediaErrorCode.UPLOAD_MISSING,
                "Nothing was uploaded for this media yet",
                ["media", str(index), "mediaId"],
            )


def _array(values: Sequence[Any], item_type: Any) -> Any:
    return bindparam(None, list(values), type_=ARRAY(item_type))


async def attach_media(
    *,
    db: RequestDB,
    storage: MediaStorage,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    items: Sequence[MediaItem],
) -> list[Row[Any]]:
    """Attach uploads and external images at the end of the product's media, in order."""
    _validate(items)
    product = (
        await db.execute(
            select(products.c.id, products.c.store_id).where(
                products.c.tenant_id == tenant_id, products.c.id == product_id
            )
        )
    ).first()
    if product is None:
        raise ServiceError(MediaErrorCode.PRODUCT_NOT_FOUND, "Product not found", ["productId"])
    # Storage is asked with no lock held: what this request holds so far (an earlier
    # mutation of the same document) is committed first, so no row waits on a network
    # round trip (the transaction rules, app/db/tenant.py). The mutation runs with steps.
    await _pending_uploads(db, storage, tenant_id, product.store_id, items)
    async with db.unit_of_work():
        await db.execute(
            select(products.c.id)
            .where(products.c.tenant_id == tenant_id, products.c.id == product_id)
            .with_for_update()
        )
        start = (
            await db.execute(
                select(func.coalesce(func.max(media.c.position) + 1, 0)).where(
                    media.c.tenant_id == tenant_id, media.c.product_id == product_id
                )
            )
        ).scalar_one()
        uploads = [(start + i, item) for i, item in enumerate(items) if item.media_id]
        links = [(start + i, item) for i, item in enumerate(items) if item.url]
        rows = await _attach_uploads(db, tenant_id, product_id, uploads)
        if len(rows) != len(uploads):
            raise ServiceError(
                MediaErrorCode.INVALID, "An upload was attached elsewhere meanwhile", ["media"]
            )
        if links:
            rows += (
                await db.execute(
                    media.insert()
                    .values(
                        [
                            {
                                "tenant_id": tenant_id,
                                "id": uuid7(),
                                "store_id": product.store_id,
                                "product_id": product_id,
                                "url": item.url,
                                "alt_text": item.alt_text,
                                "width": item.width,
                                "height": item.height,
                                "position": position,
                            }
                            for position, item in links
                        ]
                    )
                    .returning(*media.c)
                )
            ).all()
    return sorted(rows, key=lambda row: row.position)


async def _attach_uploads(
    db: RequestDB,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    uploads: list[tuple[int, MediaItem]],
) -> list[Row[Any]]:
    """One UPDATE for all uploads, each with its own position, alt text and size."""
    if not uploads:
        return []
    given = (
        func.unnest(
            _array([item.media_id for _, item in uploads], UUID(as_uuid=True)),
            _array([position for position, _ in uploads], Integer()),
            _array([item.alt_text for _, item in uploads], Text()),
            _array([item.width for _, item in uploads], Integer()),
            _array([item.height for _, item in uploads], Integer()),
        )
        .table_valued("id", "position", "alt_text", "width", "height")
        .render_derived()
    )
    statement = (
        update(media)
        .values(
            product_id=product_id,
            position=given.c.position,
            alt_text=given.c.alt_text,
            width=given.c.width,
            height=given.c.height,
        )
        .where(
            media.c.tenant_id == tenant_id,
            media.c.id == given.c.id,
            media.c.product_id.is_(None),
        )
        .returning(*media.c)
    )
    return list((await db.execute(statement)).all())


@dataclass(frozen=True, slots=True)
class StoredImage:
    """An image the server stored itself (an imported supplier image) at `key`."""

    key: str
    content_type: str


async def stored_images(
    db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID, prefixes: Sequence[str]
) -> dict[str, StoredImage]:
    """Media of the store whose storage key starts with one of `prefixes` (keys made from a
    source URL's hash: what an earlier import stored already), by prefix."""
    if not prefixes:
        return {}
    patterns = _array([p + "%" for p in prefixes], Text())  # prefixes: hex, "/" and "-" only
    rows = await db.execute(
        select(media.c.storage_key, media.c.content_type)
        .where(
            media.c.tenant_id == tenant_id,
            media.c.store_id == store_id,
            media.c.storage_key.like(func.any(patterns)),
        )
        .distinct()
    )
    found: dict[str, StoredImage] = {}
    for row in rows:
        for prefix in prefixes:
            if row.storage_key.startswith(prefix):
                found[prefix] = StoredImage(row.storage_key, row.content_type or "")
    return found


async def attach_stored(
    *,
    db: RequestDB,
    storage: MediaStorage,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    product_id: uuid.UUID,
    images: Sequence[StoredImage],
) -> None:
    """Add images already in storage to a new product's media, in order (one INSERT)."""
    if not images:
        return
    await db.execute(
        media.insert().values(
            [
                {
                    "tenant_id": tenant_id,
                    "id": uuid7(),
                    "store_id": store_id,
                    "product_id": product_id,
                    "url": storage.public_url(image.key),
                    "storage_key": image.key,
                    "content_type": image.content_type,
                    "position": position,
                }
                for position, image in enumerate(images)
            ]
        )
    )
