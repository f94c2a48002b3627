"""Order GraphQL types (the shopper's view; the admin's comes with the order admin)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from enum import Enum
from typing import Any

import strawberry
from aiodataloader import DataLoader

from app.cart.types import CartCost, MailingAddress, mailing_address
from app.catalog.reads.build import money
from app.catalog.types import Money
from app.graphql.context import Context, Info, require_admin
from app.graphql.ids import to_global_id
from app.graphql.node import Node
from app.orders.admin_types import (
    Fulfillment,
    FulfillmentsByOrderIdLoader,
    OrderTimelineEvent,
    Refund,
    RefundsByOrderIdLoader,
    TimelineByOrderIdLoader,
    fulfillment,
    refund,
    timeline_event,
)
from app.orders.service import lines_of


@strawberry.enum
class OrderStatus(Enum):
    PENDING_PAYMENT = "PENDING_PAYMENT"
    PAID = "PAID"
    SUPPLIER_ORDERED = "SUPPLIER_ORDERED"
    PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"
    REFUNDED = "REFUNDED"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"


@strawberry.enum(
    description="Where the order's money stands, whatever its (fulfilment) status says."
)
class OrderFinancialStatus(Enum):
    PENDING = "PENDING"
    PAID = "PAID"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED"
    REFUNDED = "REFUNDED"


def financial_status(status: str, total: int, refunded: int) -> OrderFinancialStatus:
    """From the order's own columns (no statement). `refunded` is orders.refunded_amount:
    refunds succeeded and in flight (PENDING); a failed one gives its amount back."""
    if status == "PENDING_PAYMENT":
        return OrderFinancialStatus.PENDING
    if refunded <= 0:
        return OrderFinancialStatus.PAID
    if refunded >= total:
        return OrderFinancialStatus.REFUNDED
    return OrderFinancialStatus.PARTIALLY_REFUNDED


@strawberry.type
class OrderLine:
    id: strawberry.ID
    title: str
    variant_title: str
    sku: str | None
    quantity: int
    unit_price: Money
    subtotal_amount: Money
    discount_amount: Money
    tax_amount: Money
    total_amount: Money


class LinesByOrderIdLoader(DataLoader[uuid.UUID, list[Any]]):
    """Order line rows of many orders in one statement."""

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context

    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[list[Any]]:
        tenant_id = self.context.principal.tenant_id
        assert tenant_id is not None
        grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for row in await lines_of(self.context.db, tenant_id=tenant_id, order_ids=list(keys)):
            grouped[row.order_id].append(row)
        return [grouped.get(k, []) for k in keys]


def _line(row: Any, cur: str) -> OrderLine:
    return OrderLine(
        id=strawberry.ID(to_global_id("OrderLine", row.id)),
        title=row.product_title,
        variant_title=row.variant_title,
        sku=row.sku,
        quantity=row.quantity,
        unit_price=money(row.unit_price, cur),
        subtotal_amount=money(row.subtotal_amount, cur),
        discount_amount=money(row.discount_amount, cur),
        tax_amount=money(row.tax_amount, cur),
        total_amount=money(row.total_amount, cur),
    )


@strawberry.type
class Order(Node):
    id: strawberry.ID
    number: int
    status: OrderStatus
    financial_status: OrderFinancialStatus = strawberry.field(
        description="PENDING, PAID, PARTIALLY_REFUNDED or REFUNDED, from the amounts paid and "
        "refunded (refunds in flight included): a shipped order refunded in part keeps its "
        "status and shows the refund here."
    )
    email: str
    cost: CartCost
    shipping_address: MailingAddress | None
    created_at: dt.datetime
    token: str = strawberry.field(description="The shopper's secret for order(id, token).")
    order_id: strawberry.Private[uuid.UUID]
    currency: strawberry.Private[str]

    @strawberry.field
    async def lines(self, info: Info) -> list[OrderLine]:
        rows = await info.context.loader(LinesByOrderIdLoader).load(self.order_id)
        return [_line(row, self.currency) for row in rows]

    @strawberry.field(description="Every change, oldest first (staff and API keys only).")
    async def timeline(self, info: Info) -> list[OrderTimelineEvent]:
        require_admin(info, "orders:read")
        rows = await info.context.loader(TimelineByOrderIdLoader).load(self.order_id)
        return [timeline_event(row) for row in rows]

    @strawberry.field(description="Shipments, oldest first (staff and API keys only).")
    async def fulfillments(self, info: Info) -> list[Fulfillment]:
        require_admin(info, "orders:read")
        rows = await info.context.loader(FulfillmentsByOrderIdLoader).load(self.order_id)
        return [fulfillment(row) for row in rows]

    @strawberry.field(description="Refunds, oldest first (staff and API keys only).")
    async def refunds(self, info: Info) -> list[Refund]:
        require_admin(info, "orders:read")
        rows = await info.context.loader(RefundsByOrderIdLoader).load(self.order_id)
        return [refund(row) for row in rows]


def build_order(row: Any) -> Order:
    cur = row.currency.strip()
    return Order(
        id=strawberry.ID(to_global_id("Order", row.id)),
        number=row.number,
        status=OrderStatus(row.status),
        financial_status=financial_status(row.status, row.total_amount, row.refunded_amount),
        email=row.email,
        cost=CartCost(
            subtotal_amount=money(row.subtotal_amount, cur),
            total_tax_amount=money(row.total_tax_amount, cur),
            total_shipping_amount=money(row.total_shipping_amount, cur),
            total_discount_amount=money(row.total_discount_amount, cur),
            total_amount=money(row.total_amount, cur),
        ),
        shipping_address=mailing_address(row.shipping_address),
        created_at=row.created_at,
        token=row.token,
        order_id=row.id,
        currency=cur,
    )
