"""orderCancel and orderRefund (orders:write): thin resolvers over app/orders/cancel.py and
app/orders/refunds.py, run in steps (Stripe is called with no transaction open)."""

from __future__ import annotations

import uuid

import strawberry
from sqlalchemy import select

from app.graphql.context import Info
from app.graphql.mutations import IdempotencyKey, MutationCall, run_mutation
from app.graphql.scalars import Decimal
from app.orders.admin_types import Refund, refund
from app.orders.cancel import cancel_order
from app.orders.models import refunds
from app.orders.mutations import SCOPE, Code, OrderUserError, actor_of, load_order
from app.orders.refunds import refund_order
from app.orders.types import Order
from app.payments.gateway import StripeGateway


@strawberry.type
class OrderCancelPayload:
    order: Order | None = None
    user_errors: list[OrderUserError] = strawberry.field(default_factory=list)


@strawberry.type
class OrderRefundPayload:
    order: Order | None = None
    refund: Refund | None = None
    user_errors: list[OrderUserError] = strawberry.field(default_factory=list)


def _gateway(info: Info) -> StripeGateway | None:
    payments: StripeGateway | None = info.context.request.app.state.resources.payments
    return payments


@strawberry.type
class OrderRefundMutation:
    @strawberry.mutation(
        description="Cancel a paid order (PAID or SUPPLIER_ORDERED): its unshipped stock goes "
        "back on hand and its payment is refunded."
    )
    async def order_cancel(
        self, info: Info, order_id: strawberry.ID, reason: str | None = None
    ) -> OrderCancelPayload:
        async def answer(call: MutationCall, found: uuid.UUID) -> OrderCancelPayload:
            return OrderCancelPayload(order=await load_order(call, found))

        return await run_mutation(
            info,
            OrderCancelPayload,
            scope=SCOPE,
            steps=True,
            write=lambda call: cancel_order(
                db=call.db,
                gateway=_gateway(call.info),
                tenant_id=call.tenant_id,
                order_id=call.id(order_id, "Order", Code.NOT_FOUND, "orderId"),
                reason=reason,
                actor=actor_of(call),
            ),
            answer=answer,
        )

    @strawberry.mutation(
        description="Refund part of an order's payment, or (no amount) all that is left, "
        "through Stripe. The refunds of an order never add up to more than was paid."
    )
    async def order_refund(
        self,
        info: Info,
        order_id: strawberry.ID,
        amount: Decimal | None = None,
        reason: str | None = None,
        idempotency_key: IdempotencyKey = None,
    ) -> OrderRefundPayload:
        async def answer(call: MutationCall, refund_id: uuid.UUID) -> OrderRefundPayload:
            row = (
                await call.db.execute(
                    select(refunds).where(
                        refunds.c.tenant_id == call.tenant_id, refunds.c.id == refund_id
                    )
                )
            ).one()
            return OrderRefundPayload(
                order=await load_order(call, row.order_id), refund=refund(row)
            )

        return await run_mutation(
            info,
            OrderRefundPayload,
            scope=SCOPE,
            steps=True,
            idempotency_key=idempotency_key,
            write=lambda call: refund_order(
                db=call.db,
                gateway=_gateway(call.info),
                tenant_id=call.tenant_id,
                order_id=call.id(order_id, "Order", Code.NOT_FOUND, "orderId"),
                amount=amount,
                reason=reason,
                actor=actor_of(call),
            ),
            answer=answer,
        )
