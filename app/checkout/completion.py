"""The one function that turns a succeeded payment into a PAID order, whoever reports it
(the Stripe webhook or checkoutComplete), and its counterpart for a failed payment.

Both lock the checkout row first (SELECT ... FOR UPDATE), so concurrent reports take turns;
the second finds the checkout COMPLETED and returns the same order. The order is created
only when the intent is the checkout's (by id, or by its metadata before the checkout
recorded the id), succeeded, and is for exactly the checkout's amount and currency: a
mismatch is reported and never yields a PAID order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import func, select, update

from app.checkout.errors import CheckoutStatus
from app.checkout.models import checkouts
from app.checkout.snapshot import quantities
from app.db.tenant import RequestDB
from app.discounts.service import record_use, release_use, reserve_use
from app.inventory.service import consume, release, reserve
from app.orders.service import create_paid_order, orders_for_checkouts
from app.payments.gateway import Intent


class Outcome(str, Enum):
    APPLIED = "APPLIED"  # the order was created now
    ALREADY_APPLIED = "ALREADY_APPLIED"
    UNKNOWN_CHECKOUT = "UNKNOWN_CHECKOUT"  # not (yet) visible: the caller should retry
    INTENT_MISMATCH = "INTENT_MISMATCH"  # another PaymentIntent than the checkout's
    AMOUNT_MISMATCH = "AMOUNT_MISMATCH"
    NOT_SUCCEEDED = "NOT_SUCCEEDED"
    STOCK_LOST = "STOCK_LOST"  # paid after the reservation expired and the stock went
    FAILED = "FAILED"  # a failed payment released the checkout


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    checkout: dict[str, Any] | None = None
    order_id: uuid.UUID | None = None


async def _lock(
    db: RequestDB, tenant_id: uuid.UUID, checkout_id: uuid.UUID
) -> dict[str, Any] | None:
    row = (
        await db.execute(
            select(checkouts)
            .where(checkouts.c.tenant_id == tenant_id, checkouts.c.id == checkout_id)
            .with_for_update()
        )
    ).first()
    return dict(row._mapping) if row else None


async def _set(db: RequestDB, checkout: dict[str, Any], **values: Any) -> dict[str, Any]:
    await db.execute(
        update(checkouts)
        .values(updated_at=func.now(), **values)
        .where(checkouts.c.tenant_id == checkout["tenant_id"], checkouts.c.id == checkout["id"])
    )
    return {**checkout, **values}


def _mismatch(checkout: dict[str, Any], intent: Intent) -> Outcome | None:
    if checkout["payment_intent_id"] not in (None, intent.id):
        return Outcome.INTENT_MISMATCH
    if intent.metadata.get("checkout_id") not in (None, str(checkout["id"])):
        return Outcome.INTENT_MISMATCH
    if intent.amount != checkout["total_amount"] or intent.currency != checkout["currency"].strip():
        return Outcome.AMOUNT_MISMATCH
    return None


async def _take_back(db: RequestDB, tenant_id: uuid.UUID, checkout: dict[str, Any]) -> bool:
    """Reserve again what an expired or failed checkout released; False if it is gone."""
    if await reserve(db, tenant_id=tenant_id, quantities=quantities(checkout["snapshot"])):
        return False
    if checkout["discount_id"] is not None:
        # Paid is paid: the use is counted even if the limit filled meanwhile.
        await reserve_use(db, tenant_id=tenant_id, discount_id=checkout["discount_id"])
    return True


async def apply_payment(
    db: RequestDB, *, tenant_id: uuid.UUID, checkout_id: uuid.UUID, intent: Intent
) -> Result:
    """Create the PAID order for a succeeded intent, once."""
    async with db.unit_of_work():
        checkout = await _lock(db, tenant_id, checkout_id)
        if checkout is None:
            return Result(Outcome.UNKNOWN_CHECKOUT)
        if checkout["status"] == CheckoutStatus.COMPLETED.value:
            found = await orders_for_checkouts(db, tenant_id=tenant_id, checkout_ids=[checkout_id])
            return Result(Outcome.ALREADY_APPLIED, checkout, found[checkout_id].id)
        mismatch = _mismatch(checkout, intent)
        if mismatch is not None:
            return Result(mismatch, checkout)
        if intent.status != "succeeded":
            checkout = await _set(db, checkout, payment_status=intent.status)
            return Result(Outcome.NOT_SUCCEEDED, checkout)
        if checkout["status"] != CheckoutStatus.PAYMENT_PENDING.value and not await _take_back(
            db, tenant_id, checkout
        ):
            checkout = await _set(db, checkout, payment_status=intent.status)
            return Result(Outcome.STOCK_LOST, checkout)
        snap = checkout["snapshot"]
        # Lock order, as everywhere: checkout, stock (variant order), order counter, discount.
        await consume(db, tenant_id=tenant_id, quantities=quantities(snap))
        order_id = await create_paid_order(
            db,
            tenant_id=tenant_id,
            store_id=checkout["store_id"],
            checkout_id=checkout_id,
            email=checkout["email"],
            currency=checkout["currency"].strip(),
            snapshot=snap,
            payment_intent_id=intent.id,
        )
        if checkout["discount_id"] is not None:
            await record_use(
                db,
                tenant_id=tenant_id,
                discount_id=checkout["discount_id"],
                order_id=order_id,
                email=checkout["email"],
            )
        checkout = await _set(
            db,
            checkout,
            status=CheckoutStatus.COMPLETED.value,
            payment_intent_id=intent.id,
            payment_status=intent.status,
        )
    return Result(Outcome.APPLIED, checkout, order_id)


async def release_checkout(
    db: RequestDB, *, tenant_id: uuid.UUID, checkout: dict[str, Any], status: CheckoutStatus
) -> dict[str, Any]:
    """Give back the stock and discount use of a PAYMENT_PENDING checkout (locked)."""
    await release(db, tenant_id=tenant_id, quantities=quantities(checkout["snapshot"]))
    if checkout["discount_id"] is not None:
        await release_use(db, tenant_id=tenant_id, discount_id=checkout["discount_id"])
    return await _set(db, checkout, status=status.value)


async def fail_payment(
    db: RequestDB, *, tenant_id: uuid.UUID, checkout_id: uuid.UUID, intent: Intent
) -> Result:
    """payment_intent.payment_failed: the checkout is FAILED and its stock released. The
    shopper may still pay the same intent (another card): apply_payment then reserves again."""
    async with db.unit_of_work():
        checkout = await _lock(db, tenant_id, checkout_id)
        if checkout is None:
            return Result(Outcome.UNKNOWN_CHECKOUT)
        if checkout["payment_intent_id"] not in (None, intent.id):
            return Result(Outcome.INTENT_MISMATCH, checkout)
        if checkout["status"] != CheckoutStatus.PAYMENT_PENDING.value:
            return Result(Outcome.ALREADY_APPLIED, checkout)
        checkout = await release_checkout(
            db, tenant_id=tenant_id, checkout=checkout, status=CheckoutStatus.FAILED
        )
        checkout = await _set(db, checkout, payment_status=intent.status)
    return Result(Outcome.FAILED, checkout)
