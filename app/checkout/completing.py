"""checkoutComplete: ask Stripe for the intent (no transaction locks held), then apply it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from app.checkout.completion import Outcome, apply_payment
from app.checkout.errors import CheckoutErrorCode as Code
from app.checkout.errors import CheckoutStatus
from app.checkout.models import checkouts
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.orders.service import orders_for_checkouts
from app.payments.gateway import PaymentError, StripeGateway


async def complete_checkout(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    checkout_id: uuid.UUID | None,
    gateway: StripeGateway | None,
) -> tuple[dict[str, Any], Any | None]:
    """(checkout, order row or None)."""
    row = None
    if checkout_id is not None:
        row = (
            await db.execute(
                select(checkouts).where(
                    checkouts.c.tenant_id == tenant_id,
                    checkouts.c.id == checkout_id,
                    checkouts.c.store_id == store_id,
                )
            )
        ).first()
    if row is None or checkout_id is None:
        raise ServiceError(Code.NOT_FOUND, "Checkout not found", ["checkoutId"])
    checkout = dict(row._mapping)
    if checkout["status"] == CheckoutStatus.COMPLETED.value:
        return checkout, await _order(db, tenant_id, checkout_id)
    if not checkout["payment_intent_id"]:
        return checkout, None
    if gateway is None:
        raise ServiceError(
            Code.PAYMENTS_NOT_CONFIGURED,
            "Payments are not configured: set STRIPE_SECRET_KEY",
            ["checkoutId"],
        )
    # A plain read holds no row lock; the Stripe call waits on nothing of ours.
    try:
        intent = await gateway.retrieve_intent(checkout["payment_intent_id"])
    except PaymentError as exc:
        raise ServiceError(Code.PAYMENT_PROVIDER_ERROR, exc.message, ["checkoutId"]) from exc
    result = await apply_payment(db, tenant_id=tenant_id, checkout_id=checkout_id, intent=intent)
    checkout = result.checkout or checkout
    if result.outcome in (Outcome.APPLIED, Outcome.ALREADY_APPLIED):
        return checkout, await _order(db, tenant_id, checkout_id)
    if result.outcome in (Outcome.AMOUNT_MISMATCH, Outcome.INTENT_MISMATCH, Outcome.STOCK_LOST):
        raise ServiceError(
            Code.INVALID,
            f"The payment can't complete this checkout ({result.outcome.value}); "
            "the store will refund it",
            ["checkoutId"],
        )
    if checkout["status"] == CheckoutStatus.EXPIRED.value or (
        checkout["status"] == CheckoutStatus.PAYMENT_PENDING.value
        and checkout["reserved_until"] <= dt.datetime.now(dt.UTC)
    ):
        raise ServiceError(Code.EXPIRED, "The checkout expired; start again", ["checkoutId"])
    return checkout, None


async def _order(db: RequestDB, tenant_id: uuid.UUID, checkout_id: uuid.UUID) -> Any:
    return (await orders_for_checkouts(db, tenant_id=tenant_id, checkout_ids=[checkout_id])).get(
        checkout_id
    )
