"""PENDING refunds Stripe may never have received (a crash between the commit of step 1 and
the Stripe call, app/orders/refunds.py): the worker asks Stripe again, with the same
idempotency key `refund-<row>` and metadata, so a refund Stripe did make is answered again
rather than made twice, and records SUCCEEDED or FAILED as the request would have.

Only refunds PENDING for longer than `refund_retry_after_seconds` are retried (a request in
flight settles its own). A Stripe error without a code (unreachable, 5xx) leaves the row
PENDING for the next round; a refusal marks it FAILED and gives the amount back.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB, set_flag, tenant_transaction
from app.orders.admin import Actor
from app.orders.models import orders, refunds
from app.orders.refunds import Reserved, give_back, settle
from app.payments.gateway import PaymentError, StripeGateway

log = logging.getLogger("edestory.refunds")
SCAN_LIMIT = 200


@dataclass(frozen=True, slots=True)
class StaleRefund:
    tenant_id: uuid.UUID
    refund_id: uuid.UUID


async def stale_refunds(engine: AsyncEngine, *, older_than_seconds: int) -> list[StaleRefund]:
    """Every tenant's refunds PENDING for longer than `older_than_seconds`, oldest first."""
    async with tenant_transaction(engine, None) as conn:
        await set_flag(conn, "app.refund_scan")
        rows = await conn.execute(
            select(refunds.c.tenant_id, refunds.c.id)
            .where(
                refunds.c.status == "PENDING",
                refunds.c.updated_at
                < func.now() - func.make_interval(0, 0, 0, 0, 0, 0, older_than_seconds),
            )
            .order_by(refunds.c.updated_at)
            .limit(SCAN_LIMIT)
        )
        return [StaleRefund(r.tenant_id, r.id) for r in rows]


async def retry_refund(engine: AsyncEngine, gateway: StripeGateway, stale: StaleRefund) -> str:
    """Ask Stripe again for one PENDING refund; its status afterwards."""
    tenant_id = stale.tenant_id
    db = RequestDB(engine, tenant_id)
    try:
        row = (
            await db.execute(
                select(
                    refunds.c.order_id,
                    refunds.c.amount,
                    refunds.c.status,
                    refunds.c.staff_member_id,
                    refunds.c.api_key_id,
                    orders.c.payment_intent_id,
                )
                .join(
                    orders,
                    (orders.c.tenant_id == refunds.c.tenant_id)
                    & (orders.c.id == refunds.c.order_id),
                )
                .where(refunds.c.tenant_id == tenant_id, refunds.c.id == stale.refund_id)
            )
        ).first()
    finally:
        await db.close(commit=False)  # a read: no transaction stays open over the call
    if row is None or row.status != "PENDING":
        return row.status if row is not None else "GONE"
    reserved = Reserved(stale.refund_id, row.order_id, row.amount, row.payment_intent_id)
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
        if exc.code is None:  # not an answer: Stripe unreachable or failing; next round
            log.warning("refund %s: Stripe not reachable (%s)", stale.refund_id, exc.message)
            return "PENDING"
        actor = Actor(staff_member_id=row.staff_member_id, api_key_id=row.api_key_id)
        db = RequestDB(engine, tenant_id)
        try:
            await give_back(
                db, tenant_id=tenant_id, reserved=reserved, failure=exc.message, actor=actor
            )
        except BaseException:
            await db.close(commit=False)
            raise
        await db.close(commit=True)
        return "FAILED"
    db = RequestDB(engine, tenant_id)
    try:
        await settle(db, tenant_id=tenant_id, reserved=reserved, stripe_refund_id=stripe_refund_id)
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return "SUCCEEDED"


async def retry_stale_refunds(
    engine: AsyncEngine, gateway: StripeGateway | None, *, older_than_seconds: int
) -> dict[str, int]:
    """The worker's round: each stale PENDING refund asked again; counts by outcome."""
    counts: dict[str, int] = {}
    if gateway is None:
        return counts
    for stale in await stale_refunds(engine, older_than_seconds=older_than_seconds):
        outcome = await retry_refund(engine, gateway, stale)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
