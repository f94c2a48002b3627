"""Creating the PAID order from a checkout's snapshot, and reading orders back."""

from __future__ import annotations

import hmac
import secrets
import uuid
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.money import format_amount
from app.orders.admin import Entry, append
from app.orders.events import order_event
from app.orders.models import order_lines, orders

# The next number of a store, unique and gap-free under concurrency: the upsert's row lock
# makes concurrent payments of one store take turns for the instant between it and commit.
_NEXT_NUMBER = text(
    "INSERT INTO order_counters AS c (tenant_id, store_id, last_number) "
    "VALUES (:tenant_id, :store_id, 1) ON CONFLICT (tenant_id, store_id) "
    "DO UPDATE SET last_number = c.last_number + 1 RETURNING c.last_number"
)


async def create_paid_order(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    checkout_id: uuid.UUID,
    email: str,
    currency: str,
    snapshot: dict[str, Any],
    payment_intent_id: str,
) -> uuid.UUID:
    """The order and its lines as the checkout priced them, its first two timeline entries
    (placed by the shopper, PENDING_PAYMENT; paid through Stripe, -> PAID) and its
    order.created and order.paid events (six statements). The order is written PAID at
    once: it exists only because the payment succeeded, so the two entries record both
    steps of the state machine in the same transaction, in one INSERT."""
    number = (
        await db.execute(_NEXT_NUMBER, {"tenant_id": tenant_id, "store_id": store_id})
    ).scalar_one()
    order_id = uuid7()
    cost = snapshot["cost"]
    await db.execute(
        insert(orders).values(
            tenant_id=tenant_id,
            id=order_id,
            store_id=store_id,
            checkout_id=checkout_id,
            number=number,
            status="PAID",
            email=email,
            currency=currency,
            subtotal_amount=cost["subtotal"],
            total_tax_amount=cost["tax"],
            total_shipping_amount=cost["shipping"],
            total_discount_amount=cost["discount"],
            total_amount=cost["total"],
            prices_include_tax=snapshot["prices_include_tax"],
            shipping_address=snapshot["shipping_address"],
            delivery_title=snapshot["delivery"]["title"],
            discount_code=snapshot.get("discount_code"),
            token=secrets.token_urlsafe(24),
            payment_intent_id=payment_intent_id,
            updated_at=func.now(),
        )
    )
    await db.execute(
        insert(order_lines).values(
            [
                {
                    "tenant_id": tenant_id,
                    "id": uuid7(),
                    "order_id": order_id,
                    "variant_id": uuid.UUID(line["variant_id"]),
                    "position": position,
                    "product_title": line["product_title"],
                    "variant_title": line["variant_title"],
                    "sku": line["sku"],
                    "quantity": line["quantity"],
                    "unit_price": line["unit_price"],
                    "subtotal_amount": line["subtotal"],
                    "discount_amount": line["discount"],
                    "tax_amount": line["tax"],
                    "tax_rate_bp": line["tax_rate_bp"],
                    "total_amount": line["total"],
                }
                for position, line in enumerate(snapshot["lines"])
            ]
        )
    )
    paid = f"{format_amount(cost['total'], currency)} {currency}"
    await append(
        db,
        tenant_id=tenant_id,
        order_id=order_id,
        entries=[
            Entry("PLACED", None, "PENDING_PAYMENT", f"Placed by {email} at checkout"),
            Entry(
                "PAID",
                "PENDING_PAYMENT",
                "PAID",
                f"Paid {paid} through Stripe ({payment_intent_id})",
            ),
        ],
    )
    for topic in ("order.created", "order.paid"):  # created paid: both at once
        await order_event(db, tenant_id, order_id, topic)
    return order_id


async def orders_for_checkouts(
    db: RequestDB, *, tenant_id: uuid.UUID, checkout_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Any]:
    rows = await db.execute(
        select(orders).where(
            orders.c.tenant_id == tenant_id, orders.c.checkout_id.in_(checkout_ids)
        )
    )
    return {row.checkout_id: row for row in rows}


async def order_by_token(
    db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID, order_id: uuid.UUID, token: str
) -> Any | None:
    """The order if `token` is its secret (compared in constant time), else None."""
    row = (
        await db.execute(
            select(orders).where(
                orders.c.tenant_id == tenant_id,
                orders.c.store_id == store_id,
                orders.c.id == order_id,
            )
        )
    ).first()
    if row is None or not hmac.compare_digest(row.token.encode(), token.encode()):
        return None
    return row


async def lines_of(db: RequestDB, *, tenant_id: uuid.UUID, order_ids: list[uuid.UUID]) -> list[Any]:
    return list(
        await db.execute(
            select(order_lines)
            .where(order_lines.c.tenant_id == tenant_id, order_lines.c.order_id.in_(order_ids))
            .order_by(order_lines.c.order_id, order_lines.c.position)
        )
    )
