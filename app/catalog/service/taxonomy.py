"""Rules categories and collections share: titles, handles, descriptions, refusals.

Categories are a tree per store (app/catalog/service/categories.py), collections hand-ordered
product lists (app/catalog/service/collections.py); both have a title, a handle unique in the
store and an HTML description, checked the same way here.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from sqlalchemy import Table, delete
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.exc import IntegrityError

from app.catalog.errors import CategoryErrorCode, CollectionErrorCode
from app.catalog.models import translations
from app.catalog.service import handles
from app.db.integrity import constraint_of
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.sanitize import clean_html

MAX_TITLE = 255
UUIDS = ARRAY(UUID(as_uuid=True))

ErrorCode = CategoryErrorCode | CollectionErrorCode


class Texts(Protocol):
    @property
    def title(self) -> str | None: ...
    @property
    def handle(self) -> str | None: ...
    @property
    def description_html(self) -> str | None: ...


def text_fields(codes: type[ErrorCode], data: Texts) -> dict[str, Any]:
    """The columns an input sets, validated (the handle only for its shape)."""
    values: dict[str, Any] = {}
    if data.title is not None:
        title = data.title.strip()
        if not title:
            raise ServiceError(codes.BLANK, "Title can't be blank", ["input", "title"])
        if len(title) > MAX_TITLE:
            raise ServiceError(
                codes.INVALID, f"Title is longer than {MAX_TITLE} characters", ["input", "title"]
            )
        values["title"] = title
    if data.handle is not None:
        if not handles.is_valid(data.handle):
            raise ServiceError(
                codes.INVALID,
                "Handle must be lowercase letters and digits in groups joined by single hyphens, "
                f"at most {handles.MAX_LENGTH} characters",
                ["input", "handle"],
            )
        values["handle"] = data.handle
    if data.description_html is not None:
        values["description_html"] = clean_html(data.description_html)
    return values


def require_title(codes: type[ErrorCode], data: Texts) -> None:
    if data.title is None:
        raise ServiceError(codes.BLANK, "Title can't be blank", ["input", "title"])


async def fill_handle(
    db: RequestDB,
    table: Table,
    *,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    values: dict[str, Any],
    fallback: str,
) -> None:
    """Add a handle made from the title, unique in the store, when none was given."""
    if "handle" not in values:
        values["handle"] = await handles.unique_handle(
            db,
            table,
            tenant_id=tenant_id,
            store_id=store_id,
            base=handles.slugify(values["title"], fallback=fallback),
        )


def refusal(exc: IntegrityError, codes: type[ErrorCode]) -> ServiceError:
    """The user error for a refused handle or store; anything else is re-raised."""
    name = constraint_of(exc) or ""
    if name.endswith("_handle_key"):
        return ServiceError(
            codes.TAKEN, "Handle is already in use in this store", ["input", "handle"]
        )
    if name.endswith("_store_id_fkey"):
        return ServiceError(codes.STORE_NOT_FOUND, "Store not found", ["input", "storeId"])
    raise exc


async def drop_translations(db: RequestDB, tenant_id: uuid.UUID, resource_id: uuid.UUID) -> None:
    await db.execute(
        delete(translations).where(
            translations.c.tenant_id == tenant_id, translations.c.resource_id == resource_id
        )
    )
