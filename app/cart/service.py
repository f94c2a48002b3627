"""Cart verbs. Each starts by touching the cart (app/cart/touch.py) and raises ServiceError
to refuse. They run inside the mutation pipeline's savepoint, which undoes a refused call
(a caller outside GraphQL wraps them in `db.unit_of_work()`); they open none of their own,
which would cost two statements per call. Line verbs live in app/cart/lines.py."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert

from app.cart import rules
from app.cart.errors import CartErrorCode as Code
from app.cart.expiry import schedule_expiry
from app.cart.lines import LineData, LineUpdate, add, add_lines, merged, remove_lines, update_lines
from app.cart.models import carts
from app.cart.touch import touch, ttl
from app.cart.view import CartView, load_cart
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.discounts.rules import normalize_code
from app.errors import ServiceError
from app.shipping.service import ships_to

__all__ = [
    "BuyerIdentity", "CartData", "LineData", "LineUpdate", "add_lines", "create_cart",
    "get_cart", "remove_lines", "select_delivery_option", "update_buyer_identity",
    "update_discount_codes", "update_lines", "update_shipping_address",
]  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class BuyerIdentity:
    email: str | None = None
    country_code: str | None = None
    phone: str | None = None
    # True records consent to reminder emails (with its source and now), False withdraws it.
    accepts_email_marketing: bool | None = None
    consent_source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CartData:
    lines: Sequence[LineData] = field(default_factory=tuple)
    buyer_identity: BuyerIdentity | None = None
    discount_codes: Sequence[str] = field(default_factory=tuple)


async def create_cart(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, data: CartData
) -> uuid.UUID:
    wanted = merged(data.lines)
    identity = _identity_values(data.buyer_identity) if data.buyer_identity else {}
    codes = _codes(data.discount_codes)
    cart_id = uuid7()
    await db.execute(
        insert(carts).values(
            tenant_id=tenant_id,
            id=cart_id,
            store_id=store_id,
            discount_codes=codes,
            updated_at=func.now(),
            expires_at=ttl(tenant_id, store_id),
            **identity,
        )
    )
    await schedule_expiry(db, tenant_id=tenant_id, at=ttl(tenant_id, store_id))
    await add(db, tenant_id, store_id, cart_id, wanted, 0)
    if codes:
        await _check_codes(db, tenant_id, store_id, cart_id)
    return cart_id


def _codes(codes: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(normalize_code(c) for c in codes if c.strip()))
    if len(cleaned) > rules.MAX_CODES:
        raise ServiceError(
            Code.INVALID_DISCOUNT_CODE, f"At most {rules.MAX_CODES} codes", ["discountCodes"]
        )
    if any(len(c) > 50 for c in cleaned):
        raise ServiceError(Code.INVALID_DISCOUNT_CODE, "Unknown discount code", ["discountCodes"])
    return cleaned


async def _check_codes(
    db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, cart_id: uuid.UUID
) -> None:
    """Every code the shopper enters must exist and apply to the cart now (the first one
    that applies is the one used; a code that stops applying later stays, shown as
    not applicable, and costs nothing)."""
    view = await load_cart(db, tenant_id=tenant_id, store_id=store_id, cart_id=cart_id)
    assert view is not None
    for code in view.codes:
        if code.discount is None:
            raise ServiceError(
                Code.INVALID_DISCOUNT_CODE, f"Unknown discount code {code.code}", ["discountCodes"]
            )
        if not code.applicable:
            raise ServiceError(
                Code.DISCOUNT_CODE_NOT_APPLICABLE,
                f"Code {code.code} does not apply to this cart ({code.reason})",
                ["discountCodes"],
            )


async def update_discount_codes(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    codes: Sequence[str],
) -> None:
    cleaned = _codes(codes)
    await touch(db, tenant_id, store_id, cart_id, discount_codes=cleaned)
    if cleaned:
        await _check_codes(db, tenant_id, store_id, cart_id)


def _identity_values(identity: BuyerIdentity) -> dict[str, object]:
    values: dict[str, object] = {}
    if identity.email is not None:
        values["email"] = rules.check_email(identity.email) if identity.email.strip() else None
    if identity.phone is not None:
        values["phone"] = rules.check_phone(identity.phone) if identity.phone.strip() else None
    if identity.country_code is not None:
        values["country_code"] = rules.check_country(identity.country_code, ["countryCode"])
    if identity.accepts_email_marketing is not None:
        consent = identity.accepts_email_marketing
        source = (identity.consent_source or "storefront").strip()[:100] or "storefront"
        values["email_consent_source"] = source if consent else None
        values["email_consent_at"] = func.now() if consent else None
    return values


async def update_buyer_identity(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    identity: BuyerIdentity,
) -> None:
    values = _identity_values(identity)
    await touch(db, tenant_id, store_id, cart_id, **values)


async def update_shipping_address(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    address: Mapping[str, str | None],
) -> None:
    cleaned = rules.clean_address(address)
    country = cleaned["countryCode"]
    assert country is not None
    await touch(db, tenant_id, store_id, cart_id, shipping_address=cleaned)
    if not await ships_to(db, tenant_id=tenant_id, store_id=store_id, country=country):
        raise ServiceError(
            Code.UNSHIPPABLE_COUNTRY,
            f"This store does not ship to {country}",
            ["address", "countryCode"],
        )


async def select_delivery_option(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    handle: str,
) -> None:
    await touch(db, tenant_id, store_id, cart_id, delivery_option_handle=handle[:100])
    view = await load_cart(db, tenant_id=tenant_id, store_id=store_id, cart_id=cart_id)
    if view is None or view.selected is None:
        raise ServiceError(
            Code.INVALID_DELIVERY_OPTION,
            "Not one of the cart's delivery options (set a shipping address first)",
            ["deliveryOptionHandle"],
        )


async def get_cart(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, cart_id: uuid.UUID
) -> CartView | None:
    return await load_cart(db, tenant_id=tenant_id, store_id=store_id, cart_id=cart_id)
