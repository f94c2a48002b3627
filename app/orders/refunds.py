"""Refunds through Stripe's Refund API, never more in total than the order's payment.

The flow runs in steps (the pipeline's `steps=True`, app/db/tenant.py rule 3):
1. the order row is locked, the amount checked against what is left and reserved on
   `orders.refunded_amount` with a PENDING refund row, and that is committed: concurrent
   refunds of one order take turns on the lock, and each sees the others' reservations;
2. Stripe is asked with no transaction open, with the idempotency key `refund-<row id>` and
   the row's ids in the refund's metadata;
3. the outcome is recorded: SUCCEEDED (timeline entry, status REFUNDED or
   PARTIALLY_REFUNDED as app/orders/states.py allows -- a partial refund of a shipped
   order keeps its status --, `order.refunded`), or FAILED, which gives the reservation back.
A crash between 2 and 3 leaves the row PENDING; Stripe's `charge.refunded` (its metadata
names the row) settles it. A crash between 1 and 2 (Stripe never asked) is repaired by the
worker, which asks again with the same idempotency key (app/orders/refund_recovery.py).
Refunds made in Stripe's dashboard arrive the same way and are recorded once, by Stripe
refund id (`record_stripe_refunds`); one that does not fit beside our PENDING reservations
fails the newest of those (`_make_room`): Stripe made it, so it is recorded, never refused.

A CANCELLED order may still be refunded (its cancellation's refund failed): its status stays.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, update

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.money import InvalidAmountError, format_amount, parse_amount
from app.orders import states
from app.orders.admin import Actor, record
from app.orders.errors import OrderErrorCode as Code
from app.orders.events import order_event
from app.orders.models import orders, refunds
from app.payments.gateway import PaymentError, StripeGateway

MAX_REASON = 500
_ORDER = (
    orders.c.id,
    orders.c.status,
    orders.c.number,
    orders.c.currency,
    orders.c.total_amount,
    orders.c.refunded_amount,
    orders.c.payment_intent_id,
)


@dataclass(frozen=True, slots=True)
class Reserved:
    refund_id: uuid.UUID
    order_id: uuid.UUID
    amount: int
    intent_id: str


def reason_text(reason: str | None) -> str | None:
    if reason is None or not reason.strip():
        return None
    if len(reason.strip()) > MAX_REASON:
        raise ServiceError(Code.INVALID, f"At most {MAX_REASON} characters", ["reason"])
    return reason.strip()


async def lock_order(db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID) -> Any:
    row = (
        await db.execute(
            select(*_ORDER)
            .where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
            .with_for_update()
        )
    ).first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Order not found", ["orderId"])
    return row


async def reserve(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    order: Any,
    amount: int | None,
    reason: str | None,
    source: str,
    actor: Actor,
) -> Reserved:
    """Reserve `amount` (None: all that is left) of a locked order for a PENDING refund."""
    left = order.total_amount - order.refunded_amount
    if left <= 0:
        raise ServiceError(Code.NOTHING_TO_REFUND, "The payment is refunded in full", ["orderId"])
    amount = left if amount is None else amount
    if amount > left:
        raise ServiceError(
            Code.AMOUNT_TOO_LARGE,
            f"At most {format_amount(left, order.currency.strip())} is left to refund",
            ["amount"],
        )
    # The row is locked; the condition is the database's own guard all the same.
    done = (
        await db.execute(
            update(orders)
            .values(refunded_amount=orders.c.refunded_amount + amount, updated_at=func.now())
            .where(
                orders.c.tenant_id == tenant_id,
                orders.c.id == order.id,
                orders.c.refunded_amount + amount <= orders.c.total_amount,
            )
            .returning(orders.c.id)
        )
    ).first()
    if done is None:  # pragma: no cover - the lock makes this unreachable
        raise ServiceError(Code.AMOUNT_TOO_LARGE, "More than is left to refund", ["amount"])
    refund_id = uuid7()
    await db.execute(
        refunds.insert().values(
            tenant_id=tenant_id,
            id=refund_id,
            order_id=order.id,
            amount=amount,
            currency=order.currency.strip(),
            reason=reason,
            status="PENDING",
            source=source,
            staff_member_id=actor.staff_member_id,
            api_key_id=actor.api_key_id,
            updated_at=func.now(),
        )
    )
    return Reserved(refund_id, order.id, amount, order.payment_intent_id)


async def _timeline(
    db: RequestDB, tenant_id: uuid.UUID, order: Any, kind: str, message: str, actor: Actor
) -> None:
    """A refund's entry on a locked order's timeline, moving it to REFUNDED or
    PARTIALLY_REFUNDED when the state machine allows (a CANCELLED order stays, and so does
    a shipped one refunded in part: app/orders/states.py)."""
    to_status = order.status
    if kind == "REFUNDED":
        succeeded = (
            await db.execute(
                select(func.coalesce(func.sum(refunds.c.amount), 0)).where(
                    refunds.c.tenant_id == tenant_id,
                    refunds.c.order_id == order.id,
                    refunds.c.status == "SUCCEEDED",
                )
            )
        ).scalar_one()
        target = "REFUNDED" if succeeded >= order.total_amount else "PARTIALLY_REFUNDED"
        if states.can(order.status, target):
            to_status = target
    await record(
        db,
        tenant_id=tenant_id,
        order=order,
        to_status=to_status,
        kind=kind,
        message=message,
        actor=actor,
    )


def _message(verb: str, amount: int, currency: str, reason: str | None) -> str:
    text = f"{verb} {format_amount(amount, currency.strip())} {currency.strip()}"
    return f"{text}: {reason}" if reason else text


async def settle(
    db: RequestDB, *, tenant_id: uuid.UUID, reserved: Reserved, stripe_refund_id: str
) -> bool:
    """A PENDING refund succeeded at Stripe; False if it was settled already."""
    order = await lock_order(db, tenant_id, reserved.order_id)
    row = (
        await db.execute(
            update(refunds)
            .values(status="SUCCEEDED", stripe_refund_id=stripe_refund_id, updated_at=func.now())
            .where(
                refunds.c.tenant_id == tenant_id,
                refunds.c.id == reserved.refund_id,
                refunds.c.status == "PENDING",
            )
            .returning(refunds)
        )
    ).first()
    if row is None:
        return False
    actor = Actor(staff_member_id=row.staff_member_id, api_key_id=row.api_key_id)
    message = _message("Refunded", row.amount, row.currency, row.reason)
    await _timeline(db, tenant_id, order, "REFUNDED", message, actor)
    await order_event(db, tenant_id, order.id, "order.refunded")
    return True


async def give_back(
    db: RequestDB, *, tenant_id: uuid.UUID, reserved: Reserved, failure: str, actor: Actor
) -> None:
    """Stripe refused: the refund is FAILED and its amount is refundable again."""
    order = await lock_order(db, tenant_id, reserved.order_id)
    row = (
        await db.execute(
            update(refunds)
            .values(status="FAILED", failure_message=failure[:500], updated_at=func.now())
            .where(
                refunds.c.tenant_id == tenant_id,
                refunds.c.id == reserved.refund_id,
                refunds.c.status == "PENDING",
            )
            .returning(refunds.c.amount, refunds.c.currency)
        )
    ).first()
    if row is None:
        return
    await db.execute(
        update(orders)
        .values(refunded_amount=orders.c.refunded_amount - row.amount, updated_at=func.now())
        .where(orders.c.tenant_id == tenant_id, orders.c.id == order.id)
    )
    message = _message("Refund failed of", row.amount, row.currency, failure)
    await _timeline(db, tenant_id, order, "REFUND_FAILED", message, actor)


async def call_stripe(
    db: RequestDB,
    *,
    gateway: StripeGateway,
    tenant_id: uuid.UUID,
    reserved: Reserved,
    actor: Actor,
) -> None:
    """Steps 2 and 3 (step 1 committed): ask Stripe, record what it answered."""
    try:
        stripe_refund_id = await gateway.refund(
            intent_id=reserved.intent_id,
            amount=reserved.amount,
            idempotency_key=f"refund-{reserved.refund_id}",
            metadata={
                "tenant_id": str(tenant_id),
                "order_id": str(reserved.order_id),
                "refund_id": str(reserved.refund_id),
            },
        )
    except PaymentError as exc:
        async with db.unit_of_work():
            await give_back(
                db, tenant_id=tenant_id, reserved=reserved, failure=exc.message, actor=actor
            )
        raise ServiceError(
            Code.PAYMENT_PROVIDER_ERROR,
            f"Stripe refused the refund ({exc.message}); nothing was refunded",
            ["orderId"],
        ) from exc
    async with db.unit_of_work():
        await settle(db, tenant_id=tenant_id, reserved=reserved, stripe_refund_id=stripe_refund_id)


def parse_refund_amount(amount: str | None, currency: str) -> int | None:
    if amount is None:
        return None
    try:
        minor = parse_amount(amount, currency.strip())
    except InvalidAmountError as exc:
        raise ServiceError(Code.INVALID, str(exc), ["amount"]) from exc
    if minor <= 0:
        raise ServiceError(Code.INVALID, "The amount must be positive", ["amount"])
    return minor


async def refund_order(
    *,
    db: RequestDB,
    gateway: StripeGateway | None,
    tenant_id: uuid.UUID,
    order_id: uuid.UUID,
    amount: str | None,
    reason: str | None,
    actor: Actor,
) -> uuid.UUID:
    """orderRefund: returns the refund's id (SUCCEEDED), or raises with nothing refunded."""
    if gateway is None:
        raise ServiceError(Code.PAYMENTS_NOT_CONFIGURED, "Payments are not configured", ["orderId"])
    reason = reason_text(reason)
    async with db.unit_of_work():
        order = await lock_order(db, tenant_id, order_id)
        minor = parse_refund_amount(amount, order.currency)
        if order.status != "CANCELLED" and not states.can(order.status, "PARTIALLY_REFUNDED"):
            states.check(order.status, "REFUNDED")
        reserved = await reserve(
            db,
            tenant_id=tenant_id,
            order=order,
            amount=minor,
            reason=reason,
            source="API",
            actor=actor,
        )
    await db.commit()  # step 1 stands: no lock is held while Stripe is asked
    await call_stripe(db, gateway=gateway, tenant_id=tenant_id, reserved=reserved, actor=actor)
    return reserved.refund_id


async def record_stripe_refunds(
    db: RequestDB, *, tenant_id: uuid.UUID, intent_id: str, stripe_refunds: list[dict[str, Any]]
) -> int:
    """charge.refunded: settle our own PENDING refunds Stripe reports (matched by the row id
    in their metadata), and record refunds made elsewhere (Stripe's dashboard) once, by
    Stripe refund id. Returns how many refunds were recorded or settled now."""
    changed = 0
    # Ours first: a refund of ours Stripe made is settled on its reservation before a
    # dashboard refund is weighed against what is left.
    succeeded = [g for g in stripe_refunds if g.get("status") == "succeeded"]
    succeeded.sort(key=lambda g: _uuid((g.get("metadata") or {}).get("refund_id")) is None)
    for given in succeeded:
        stripe_id, amount = str(given["id"]), int(given["amount"])
        ours = _uuid((given.get("metadata") or {}).get("refund_id"))
        if ours is not None:
            row = (
                await db.execute(
                    select(refunds.c.order_id, refunds.c.amount).where(
                        refunds.c.tenant_id == tenant_id, refunds.c.id == ours
                    )
                )
            ).first()
            if row is not None:
                reserved = Reserved(ours, row.order_id, row.amount, intent_id)
                changed += await settle(
                    db, tenant_id=tenant_id, reserved=reserved, stripe_refund_id=stripe_id
                )
                continue
        changed += await _record_external(db, tenant_id, intent_id, stripe_id, amount)
    return changed


async def _record_external(
    db: RequestDB, tenant_id: uuid.UUID, intent_id: str, stripe_id: str, amount: int
) -> bool:
    order_id = (
        await db.execute(
            select(orders.c.id).where(
                orders.c.tenant_id == tenant_id, orders.c.payment_intent_id == intent_id
            )
        )
    ).scalar_one_or_none()
    if order_id is None:
        return False
    order = await lock_order(db, tenant_id, order_id)  # before the refund row: one order
    known = (
        await db.execute(
            select(refunds.c.id).where(
                refunds.c.tenant_id == tenant_id, refunds.c.stripe_refund_id == stripe_id
            )
        )
    ).first()
    if known is not None:
        return False
    order = await _make_room(db, tenant_id, order, amount)
    await db.execute(
        update(orders)
        .values(
            # Stripe made it, so it is recorded; the cap only guards data Stripe contradicts.
            refunded_amount=func.least(orders.c.refunded_amount + amount, orders.c.total_amount),
            updated_at=func.now(),
        )
        .where(orders.c.tenant_id == tenant_id, orders.c.id == order.id)
    )
    await db.execute(
        refunds.insert().values(
            tenant_id=tenant_id,
            id=uuid7(),
            order_id=order.id,
            amount=amount,
            currency=order.currency.strip(),
            reason="Refunded in Stripe",
            status="SUCCEEDED",
            source="DASHBOARD",
            stripe_refund_id=stripe_id,
            updated_at=func.now(),
        )
    )
    message = _message("Refunded in Stripe", amount, order.currency, None)
    await _timeline(db, tenant_id, order, "REFUNDED", message, Actor())
    await order_event(db, tenant_id, order.id, "order.refunded")
    return True


SUPERSEDED = "Stripe refunded the payment from its dashboard first; nothing left for this one"


async def _make_room(db: RequestDB, tenant_id: uuid.UUID, order: Any, amount: int) -> Any:
    """A dashboard refund Stripe made that does not fit beside our PENDING reservations
    (a dashboard refund and one of ours in flight that together exceed the payment): Stripe
    never refunds more than the charge, so the newest PENDING ones it does not fit beside
    cannot succeed there. They are marked FAILED and their amounts given back (their Stripe
    call is or will be refused; `give_back` then finds them settled). Returns the order
    with its refunded amount as it now stands."""
    over = order.refunded_amount + amount - order.total_amount
    if over <= 0:
        return order
    pending = (
        await db.execute(
            select(refunds.c.id, refunds.c.amount)
            .where(
                refunds.c.tenant_id == tenant_id,
                refunds.c.order_id == order.id,
                refunds.c.status == "PENDING",
            )
            .order_by(refunds.c.created_at.desc(), refunds.c.id.desc())
        )
    ).all()
    doomed: list[Any] = []
    for row in pending:
        if over <= 0:
            break
        doomed.append(row)
        over -= row.amount
    if not doomed:
        return order
    freed = sum(r.amount for r in doomed)
    await db.execute(
        update(refunds)
        .values(status="FAILED", failure_message=SUPERSEDED, updated_at=func.now())
        .where(refunds.c.tenant_id == tenant_id, refunds.c.id.in_([r.id for r in doomed]))
    )
    await db.execute(
        update(orders)
        .values(refunded_amount=orders.c.refunded_amount - freed, updated_at=func.now())
        .where(orders.c.tenant_id == tenant_id, orders.c.id == order.id)
    )
    currency = order.currency.strip()
    for row in doomed:
        message = _message("Refund failed of", row.amount, currency, SUPERSEDED)
        await _timeline(db, tenant_id, order, "REFUND_FAILED", message, Actor())
    return SimpleNamespace(**{**order._asdict(), "refunded_amount": order.refunded_amount - freed})


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
