"""Checkout GraphQL types."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum
from typing import Any

import strawberry

from app.cart.types import CartCost
from app.catalog.reads.build import money
from app.checkout.errors import CheckoutStatus as Status
from app.graphql.context import Info
from app.graphql.ids import to_global_id
from app.orders.service import orders_for_checkouts
from app.orders.types import Order, build_order

CheckoutStatus = strawberry.enum(Status, name="CheckoutStatus")


@strawberry.enum
class PaymentProvider(Enum):
    STRIPE = "STRIPE"


@strawberry.type
class CheckoutPayment:
    provider: PaymentProvider
    client_secret: str | None = strawberry.field(
        description="For Stripe's Payment Element (stripe.confirmPayment)."
    )
    status: str | None = strawberry.field(description="The PaymentIntent's status, as Stripe says.")


@strawberry.type
class Checkout:
    id: strawberry.ID
    status: CheckoutStatus  # type: ignore[valid-type]
    reserved_until: dt.datetime
    payment: CheckoutPayment
    cost: CartCost
    checkout_id: strawberry.Private[uuid.UUID]
    tenant_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The paid order, once there is one.")
    async def order(self, info: Info) -> Order | None:
        if self.status is not Status.COMPLETED:
            return None
        found = await orders_for_checkouts(
            info.context.db, tenant_id=self.tenant_id, checkout_ids=[self.checkout_id]
        )
        row = found.get(self.checkout_id)
        return build_order(row) if row else None


def build_checkout(row: dict[str, Any]) -> Checkout:
    cur = row["currency"].strip()
    cost = row["snapshot"]["cost"]
    return Checkout(
        id=strawberry.ID(to_global_id("Checkout", row["id"])),
        status=Status(row["status"]),
        reserved_until=row["reserved_until"],
        payment=CheckoutPayment(
            provider=PaymentProvider.STRIPE,
            client_secret=row["client_secret"],
            status=row["payment_status"],
        ),
        cost=CartCost(
            subtotal_amount=money(cost["subtotal"], cur),
            total_tax_amount=money(cost["tax"], cur),
            total_shipping_amount=money(cost["shipping"], cur),
            total_discount_amount=money(cost["discount"], cur),
            total_amount=money(cost["total"], cur),
        ),
        checkout_id=row["id"],
        tenant_id=row["tenant_id"],
    )
