"""Touching a cart: the first statement of every cart verb locks the cart row, checks it is
the store's and not expired, and pushes its expiry by the store's cart lifetime."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update

from app.cart.errors import CartErrorCode as Code
from app.cart.models import cart_lines, carts, store_checkout_settings
from app.cart.view import DEFAULT_CART_TTL_MINUTES
from app.db.tenant import RequestDB
from app.errors import ServiceError


def ttl(tenant_id: uuid.UUID, store_id: uuid.UUID) -> object:
    s = store_checkout_settings
    minutes = (
        select(s.c.cart_ttl_minutes)
        .where(s.c.tenant_id == tenant_id, s.c.store_id == store_id)
        .scalar_subquery()
    )
    return func.now() + func.make_interval(
        0, 0, 0, 0, 0, func.coalesce(minutes, DEFAULT_CART_TTL_MINUTES)
    )


async def touch(
    db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, cart_id: uuid.UUID, **values: object
) -> int:
    """Lock the cart and push its expiry; returns its number of lines."""
    c = carts
    count = (
        select(func.count())
        .where(cart_lines.c.tenant_id == tenant_id, cart_lines.c.cart_id == cart_id)
        .scalar_subquery()
    )
    row = (
        await db.execute(
            update(c)
            .values(updated_at=func.now(), expires_at=ttl(tenant_id, store_id), **values)
            .where(
                c.c.tenant_id == tenant_id,
                c.c.id == cart_id,
                c.c.store_id == store_id,
                c.c.expires_at > func.now(),
            )
            .returning(count.label("lines"))
        )
    ).first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Cart not found", ["cartId"])
    lines: int = row.lines
    return lines
