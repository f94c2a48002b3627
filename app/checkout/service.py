"""checkoutCreate: validate the cart, reserve its stock, create the PaymentIntent.

Three steps, because Stripe must not be called while this transaction holds row locks
(ARCHITECTURE.md): (1) in a savepoint, price the cart, reserve every line's stock and the
discount's use, and record the checkout, then commit; (2) create the PaymentIntent with no
transaction open, with Stripe's idempotency key `checkout-<id>-<amount>`; (3) record the
intent in a new transaction. A Stripe failure releases the reservation at once and answers
PAYMENT_PROVIDER_ERROR (final for the idempotency key: the pipeline remembers it; a new
attempt uses a new key). A crash between (1) and (3) leaves a checkout without an intent,
whose reservation the periodic sweep releases when it expires (app/checkout/expiry.py);
Stripe's idempotency key means no second intent is made for the same checkout and amount.
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
from app.checkout.completion import release_checkout
from app.checkout.errors import CheckoutErrorCode as Code
from app.checkout.errors import CheckoutStatus
from app.checkout.models import checkouts
from app.checkout.snapshot import quantities, snapshot
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.discounts.service import paid_uses_by_email, reserve_use
from app.errors import ServiceError
from app.inventory.service import reserve
from app.payments.gateway import PaymentError, StripeGateway


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckoutRequest:
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    cart_id: uuid.UUID | None


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
    if discount is not None and discount.per_email_limit is not None:
        await _check_email_limit(db, tenant_id, discount.id, discount.per_email_limit, view)
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


async def _check_email_limit(
    db: RequestDB, tenant_id: uuid.UUID, discount_id: uuid.UUID, limit: int, view: CartView
) -> None:
    """The per-email limit, counting paid uses and open checkouts of the email. reserve_use
    has just locked the discount's row (an UPDATE), so concurrent checkouts with this code
    count one after the other, each seeing the checkouts committed before it."""
    assert view.email is not None
    paid = await paid_uses_by_email(
        db, tenant_id=tenant_id, discount_id=discount_id, email=view.email
    )
    c = checkouts
    pending = (
        await db.execute(
            select(func.count()).where(
                c.c.tenant_id == tenant_id,
                c.c.discount_id == discount_id,
                c.c.status == CheckoutStatus.PAYMENT_PENDING.value,
                func.lower(c.c.email) == view.email.lower(),
            )
        )
    ).scalar_one()
    if paid + pending >= limit:
        raise ServiceError(
            Code.DISCOUNT_CODE_NOT_APPLICABLE,
            "This email has used the code as often as it may",
            ["cartId"],
        )


async def create_checkout(
    *, db: RequestDB, request: CheckoutRequest, gateway: StripeGateway | None
) -> dict[str, Any]:
    """The checkout row (as a mapping) with its PaymentIntent's client secret. Run by the
    pipeline in steps (no savepoint of its own around this): an idempotency key given to
    checkoutCreate is the pipeline's, and a repeat answers this call's first response."""
    if gateway is None:
        raise ServiceError(
            Code.PAYMENTS_NOT_CONFIGURED,
            "Payments are not configured: set STRIPE_SECRET_KEY",
            ["cartId"],
        )
    cart_id = request.cart_id
    if cart_id is None:
        raise ServiceError(Code.NOT_FOUND, "Cart not found", ["cartId"])
    async with db.unit_of_work():
        checkout = await _reserve_and_record(db, request, cart_id)
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
        # The refusal is final (the pipeline remembers it for the key): give the stock
        # back now rather than at expiry, so a new attempt can take it.
        async with db.unit_of_work():
            await release_checkout(
                db,
                tenant_id=request.tenant_id,
                checkout=checkout,
                status=CheckoutStatus.FAILED,
            )
        raise ServiceError(
            Code.PAYMENT_PROVIDER_ERROR,
            f"The payment could not be created ({exc.message}); the stock was released, try again",
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
