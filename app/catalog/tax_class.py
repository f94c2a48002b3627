"""A product's VAT rate class (STANDARD or REDUCED), set apart from productUpdate so the
tax domain can own the mutation."""

from __future__ import annotations

import uuid

from sqlalchemy import func, update

from app.catalog.models import products
from app.db.tenant import RequestDB


async def set_tax_class(
    db: RequestDB, *, tenant_id: uuid.UUID, product_id: uuid.UUID, tax_class: str
) -> bool:
    """False when there is no such product."""
    changed = await db.execute(
        update(products)
        .values(tax_class=tax_class, updated_at=func.now())
        .where(products.c.tenant_id == tenant_id, products.c.id == product_id)
        .returning(products.c.id)
    )
    return changed.first() is not None
