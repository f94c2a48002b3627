"""Reviewing drafts: approval writes them into the product (its default language) or its
translations through the catalog's services; rejection only marks them.

Only PENDING drafts can be decided (ALREADY_DECIDED otherwise), all of a call or none:
the drafts are locked first, then written in one savepoint. Approved HTML goes through the
catalog's rules, which sanitise it (nh3) like staff-entered HTML.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update

from app.ai_content.errors import AiContentErrorCode as Code
from app.ai_content.models import ai_content_drafts
from app.catalog.service.products import ProductChanges, update_product
from app.catalog.service.translations import ProductTranslation, translate_product
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.tenancy.models import stores

_COLUMN = {
    "TITLE": "title",
    "DESCRIPTION_HTML": "description_html",
    "SEO_TITLE": "seo_title",
    "SEO_DESCRIPTION": "seo_description",
}


async def _lock(db: RequestDB, tenant_id: uuid.UUID, draft_ids: Sequence[uuid.UUID]) -> list[Any]:
    d = ai_content_drafts
    rows = (
        await db.execute(
            select(d)
            .where(d.c.tenant_id == tenant_id, d.c.id == any_of(draft_ids))
            .order_by(d.c.id)
            .with_for_update()
        )
    ).all()
    found = {r.id for r in rows}
    for i, draft_id in enumerate(draft_ids):
        if draft_id not in found:
            raise ServiceError(Code.NOT_FOUND, "Draft not found", ["draftIds", str(i)])
    for i, draft_id in enumerate(draft_ids):
        row = next(r for r in rows if r.id == draft_id)
        if row.status != "PENDING":
            raise ServiceError(
                Code.ALREADY_DECIDED, f"The draft is {row.status} already", ["draftIds", str(i)]
            )
    return list(rows)


async def _mark(db: RequestDB, tenant_id: uuid.UUID, ids: list[uuid.UUID], status: str) -> None:
    d = ai_content_drafts
    await db.execute(
        update(d)
        .values(status=status, decided_at=func.now())
        .where(d.c.tenant_id == tenant_id, d.c.id == any_of(ids))
    )


async def _default_language(db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID) -> str:
    from app.catalog.models import products

    return str(
        (
            await db.execute(
                select(stores.c.default_language)
                .select_from(
                    products.join(
                        stores,
                        (stores.c.tenant_id == products.c.tenant_id)
                        & (stores.c.id == products.c.store_id),
                    )
                )
                .where(products.c.tenant_id == tenant_id, products.c.id == product_id)
            )
        ).scalar_one()
    )


async def approve_drafts(
    *, db: RequestDB, tenant_id: uuid.UUID, draft_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """Write the drafts into their products or translations and mark them APPROVED."""
    ids = list(dict.fromkeys(draft_ids))
    async with db.unit_of_work():
        rows = await _lock(db, tenant_id, ids)
        grouped: dict[tuple[uuid.UUID, str], dict[str, Any]] = defaultdict(dict)
        for row in rows:
            if row.field == "TAGS":
                grouped[(row.product_id, row.language)]["tags"] = [
                    t.strip() for t in row.value.split(",") if t.strip()
                ]
            else:
                grouped[(row.product_id, row.language)][_COLUMN[row.field]] = row.value
        for (product_id, language), values in grouped.items():
            if language == await _default_language(db, tenant_id, product_id):
                await update_product(
                    db=db, tenant_id=tenant_id, product_id=product_id, data=ProductChanges(**values)
                )
            else:
                await translate_product(
                    db=db,
                    tenant_id=tenant_id,
                    product_id=product_id,
                    language=language,
                    data=ProductTranslation(**values),
                )
        await _mark(db, tenant_id, ids, "APPROVED")
    return ids


async def reject_drafts(
    *, db: RequestDB, tenant_id: uuid.UUID, draft_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """Mark the drafts REJECTED; the products stay as they are."""
    ids = list(dict.fromkeys(draft_ids))
    async with db.unit_of_work():
        await _lock(db, tenant_id, ids)
        await _mark(db, tenant_id, ids, "REJECTED")
    return ids
