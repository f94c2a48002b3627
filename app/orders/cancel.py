"""orderCancel: PAID (SUPPLIER_ORDERED, or PARTIALLY_REFUNDED with nothing shipped) ->
CANCELLED, unshipped stock back on hand, the rest of the payment refunded.

In steps, like a refund (app/orders/refunds.py): the cancellation, the restock and the
reservation of the refund commit together first; then Stripe is asked with no lock held. If
Stripe refuses, the cancellation stands, the refund is FAILED and its amount refundable
again (`orderRefund` accepts a CANCELLED order for that), and the caller gets the userError.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.inventory.service import restock
from app.orders import refunds
from app.orders.admin import Actor, transition
from app.orders.errors import OrderErrorCode as Code
from app.orders.models import order_lines
from app.payments.gateway import StripeGateway


async def cancel_order(
    *,
    db: RequestDB,
    gateway: StripeGateway | None,
    tenant_id: uuid.UUID,
    order_id: uuid.UUID,
    reason: str | None,
    actor: Actor,
) -> uuid.UUID:
    reason = refunds.reason_text(reason)
    async with db.unit_of_work():
        order = await refunds.lock_order(db, tenant_id, order_id)
        to_refund = order.total_amount - order.refunded_amount
        await transition(
            db,
            tenant_id=tenant_id,
            order=order,
            to_status="CANCELLED",
            kind="CANCELLED",
            message=f"Cancelled: {reason}" if reason else "Cancelled",
            actor=actor,
            topic="order.cancelled",
        )
        if to_refund > 0 and gateway is None:
            raise ServiceError(
                Code.PAYMENTS_NOT_CONFIGURED,
                "Payments are not configured: the payment could not be refunded",
                ["orderId"],
            )
        lines = list(
            await db.execute(
                select(
                    order_lines.c.variant_id,
                    order_lines.c.fulfilled_quantity,
                    (order_lines.c.quantity - order_lines.c.fulfilled_quantity).label("left"),
                ).where(order_lines.c.tenant_id == tenant_id, order_lines.c.order_id == order.id)
            )
        )
        if order.status == "PARTIALLY_REFUNDED" and any(x.fulfilled_quantity for x in lines):
            # Partially refunded after (some) shipping: a shipped order is not cancelled.
            raise ServiceError(
                Code.INVALID_TRANSITION,
                "An order with shipped lines can't become CANCELLED",
                ["orderId"],
            )
        quantities: dict[uuid.UUID, int] = {}
        for line in lines:
            if line.variant_id is not None and line.left > 0:
                quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.left
        await restock(db, tenant_id=tenant_id, quantities=quantities)
        reserved = None
        if to_refund > 0:
            reserved = await refunds.reserve(
                db,
                tenant_id=tenant_id,
                order=order,
                amount=None,
                reason=reason or "Order cancelled",
                source="CANCEL",
                actor=actor,
            )
    if reserved is None:
        return order_id
    await db.commit()  # the cancellation stands: no lock is held while Stripe is asked
    assert gateway is not None
    await refunds.call_stripe(
        db, gateway=gateway, tenant_id=tenant_id, reserved=reserved, actor=actor
    )
    return order_id
