"""A store's checkout settings: tax mode, cart lifetime, reservation length."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from app.cart.errors import CartErrorCode as Code
from app.cart.models import store_checkout_settings as s
from app.cart.view import DEFAULT_CART_TTL_MINUTES, DEFAULT_RESERVATION_MINUTES
from app.db.tenant import RequestDB
from app.errors import ServiceError


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckoutSettings:
    prices_include_tax: bool = True
    cart_ttl_minutes: int = DEFAULT_CART_TTL_MINUTES
    reservation_minutes: int = DEFAULT_RESERVATION_MINUTES


async def get_settings(
    db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID
) -> CheckoutSettings:
    row = (
        await db.execute(select(s).where(s.c.tenant_id == tenant_id, s.c.store_id == store_id))
    ).first()
    if row is None:
        return CheckoutSettings()
    return CheckoutSettings(
        prices_include_tax=row.prices_include_tax,
        cart_ttl_minutes=row.cart_ttl_minutes,
        reservation_minutes=row.reservation_minutes,
    )


async def update_settings(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    prices_include_tax: bool | None = None,
    cart_ttl_minutes: int | None = None,
    reservation_minutes: int | None = None,
) -> CheckoutSettings:
    """Change the given settings; the rest keep their value (or default)."""
    if cart_ttl_minutes is not None and not 5 <= cart_ttl_minutes <= 525_600:
        raise ServiceError(Code.INVALID_QUANTITY, "cartTtlMinutes is 5 to 525600", ["input"])
    if reservation_minutes is not None and not 1 <= reservation_minutes <= 1440:
        raise ServiceError(Code.INVALID_QUANTITY, "reservationMinutes is 1 to 1440", ["input"])
    async with db.unit_of_work():
        current = await get_settings(db, tenant_id=tenant_id, store_id=store_id)
        new = CheckoutSettings(
            prices_include_tax=current.prices_include_tax
            if prices_include_tax is None
            else prices_include_tax,
            cart_ttl_minutes=cart_ttl_minutes or current.cart_ttl_minutes,
            reservation_minutes=reservation_minutes or current.reservation_minutes,
        )
        values = {
            "prices_include_tax": new.prices_include_tax,
            "cart_ttl_minutes": new.cart_ttl_minutes,
            "reservation_minutes": new.reservation_minutes,
        }
        statement = insert(s).values(tenant_id=tenant_id, store_id=store_id, **values)
        await db.execute(
            statement.on_conflict_do_update(
                index_elements=[s.c.tenant_id, s.c.store_id], set_=values
            )
        )
    return new
