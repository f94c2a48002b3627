"""checkoutCreate: validate the cart, reserve its stock, create the PaymentIntent.

Three steps, because Stripe must not be called while this transaction holds row locks
(ARCHITECTURE.md): (1) in a savepoint, price the cart, reserve every line's stock and the
discount's use, and record the checkout, then commit; (2) create the PaymentIntent with no
transaction open, with Stripe's idempotency key `checkout-<id>-<amount>`; (3) record the
intent in a new transaction. A crash or a Stripe failure between (1) and (3) leaves a
checkout without an intent: calling checkoutCreate again with the same idempotencyKey
resumes at (2), and Stripe's key makes that create the same intent; otherwise the
reservation expires and the sweep releases it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from app.cart.expiry import schedule_expiry
from app.cart.view import CartView, load_cart
from app.checkout.errors import CheckoutErrorCode as Code
from app.checkout.errors import CheckoutStatus
from app.checkout.models import checkouts
from app.checkout.snapshot import quantities, snapshot
from app.db import idempotency
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.discounts.service import reserve_use
from app.errors import ServiceError
from app.inventory.service import reserve
from app.payments.gateway import PaymentError, StripeGateway

OPERATION = "checkoutCreate"
MAX_KEY_LENGTH = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckoutRequest:
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    cart_id: uuid.UUID | None
    idempotency_key: str | None = None


def _validate(view: CartView | None) -> CartView:
    if view is None:
        raise ServiceError(Code.NOT_FOUND, "Cart not found", ["cartId"])
    if not view.lines:
        raise ServiceError(Code.EMPTY_CART, "The cart is empty", ["cartId"])
    if any(line.id not in view.line_costs for line in view.lines):
        raise ServiceError(
            Code.INVALID_MERCHANDISE,
            "A line's product is no longer for sale; remove it",
            ["cartId"],
        )
    if not view.email:
        raise ServiceError(Code.MISSING_EMAIL, "Set the buyer's email first", ["cartId"])
    if not view.shipping_address:
        raise ServiceError(Code.MISSING_SHIPPING_ADDRESS, "Set a shipping address", ["cartId"])
    if view.selected is None:
        raise ServiceError(Code.MISSING_DELIVERY_OPTION, "Choose a delivery option", ["cartId"])
    return view


async def _reserve_and_record(
    db: RequestDB, request: CheckoutRequest, cart_id: uuid.UUID
) -> dict[str, Any]:
    tenant_id = request.tenant_id
    view = _validate(
        await load_cart(db, tenant_id=tenant_id, store_id=request.store_id, cart_id=cart_id)
    )
    snap = snapshot(view)
    short = await reserve(db, tenant_id=tenant_id, quantities=quantities(snap))
    if short:
        raise ServiceError(
            Code.NOT_ENOUGH_STOCK,
            "Not enough stock for " + ", ".join(sorted(str(v) for v in short)),
            ["cartId"],
        )
    discount = view.applied_discount
    if discount is not None and not await reserve_use(
        db, tenant_id=tenant_id, discount_id=discount.id
    ):
        raise ServiceError(
            Code.DISCOUNT_CODE_NOT_APPLICABLE,
            f"Code {discount.code} has reached its usage limit",
            ["cartId"],
        )
    checkout_id = uuid7()
    row = (
        await db.execute(
            insert(checkouts)
            .values(
                tenant_id=tenant_id,
                id=checkout_id,
                store_id=request.store_id,
                cart_id=cart_id,
                status=CheckoutStatus.PAYMENT_PENDING.value,
                email=view.email,
                currency=view.currency,
                total_amount=view.cost.total,
                snapshot=snap,
                discount_id=discount.id if discount else None,
                reserved_until=func.now()
                + func.make_interval(0, 0, 0, 0, 0, view.reservation_minutes),
                updated_at=func.now(),
            )
            .returning(checkouts)
        )
    ).one()
    await schedule_expiry(db, tenant_id=tenant_id, at=row.reserved_until)
    return dict(row._mapping)


async def _existing(db: RequestDB, tenant_id: uuid.UUID, checkout_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await db.execute(
            select(checkouts).where(
                checkouts.c.tenant_id == tenant_id, checkouts.c.id == checkout_id
            )
        )
    ).one()
    return dict(row._mapping)


async def create_checkout(
    *, db: RequestDB, request: CheckoutRequest, gateway: StripeGateway | None
) -> dict[str, Any]:
    """The checkout row (as a mapping) with its PaymentIntent's client secret."""
    if gateway is None:
        raise ServiceError(
            Code.PAYMENTS_NOT_CONFIGURED,
            "Payments are not configured: set STRIPE_SECRET_KEY",
            ["cartId"],
        )
    key = request.idempotency_key
    if key is not None and not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise ServiceError(
            Code.INVALID,
            f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters",
            ["idempotencyKey"],
        )
    cart_id = request.cart_id
    if cart_id is None:
        raise ServiceError(Code.NOT_FOUND, "Cart not found", ["cartId"])
    async with db.unit_of_work():
        first = await idempotency.claim(db, request.tenant_id, OPERATION, key) if key else None
        if first is not None:
            if first.get("cart_id") != str(cart_id):
                raise ServiceError(
                    Code.IDEMPOTENCY_KEY_REUSED,
                    "This idempotencyKey was used for another cart",
                    ["idempotencyKey"],
                )
            checkout = await _existing(db, request.tenant_id, uuid.UUID(first["checkout_id"]))
        else:
            checkout = await _reserve_and_record(db, request, cart_id)
            if key:
                await idempotency.remember(
                    db,
                    request.tenant_id,
                    OPERATION,
                    key,
                    {"cart_id": str(cart_id), "checkout_id": str(checkout["id"])},
                )
    if checkout["client_secret"] or checkout["status"] != CheckoutStatus.PAYMENT_PENDING.value:
        return checkout
    # Step 2: no transaction (and so no lock) open while Stripe is called.
    await db.commit()
    try:
        intent = await gateway.create_intent(
            amount=checkout["total_amount"],
            currency=checkout["currency"],
            metadata={
                "tenant_id": str(request.tenant_id),
                "store_id": str(request.store_id),
                "checkout_id": str(checkout["id"]),
            },
            idempotency_key=f"checkout-{checkout['id']}-{checkout['total_amount']}",
        )
    except PaymentError as exc:
        raise ServiceError(
            Code.PAYMENT_PROVIDER_ERROR,
            f"The payment could not be created ({exc.message}); try again with the same "
            "idempotencyKey",
            ["cartId"],
        ) from exc
    # Step 3: record it (a webhook may have raced us here; it matched by metadata).
    await db.execute(
        update(checkouts)
        .values(
            payment_intent_id=intent.id,
            client_secret=intent.client_secret,
            payment_status=func.coalesce(checkouts.c.payment_status, intent.status),
            updated_at=func.now(),
        )
        .where(checkouts.c.tenant_id == request.tenant_id, checkouts.c.id == checkout["id"])
    )
    return {
        **checkout,
        "payment_intent_id": intent.id,
        "client_secret": intent.client_secret,
        "payment_status": checkout["payment_status"] or intent.status,
    }


def is_expired(checkout: dict[str, Any], now: dt.datetime) -> bool:
    return bool(
        checkout["status"] == CheckoutStatus.PAYMENT_PENDING.value
        and checkout["reserved_until"] <= now
    )
