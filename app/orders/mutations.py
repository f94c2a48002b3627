"""Order administration mutations (orders:write): thin resolvers over app/orders/admin.py."""

from __future__ import annotations

import uuid

import strawberry

from app.graphql.context import Info
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError
from app.orders import admin
from app.orders.admin_types import Fulfillment, fulfillment
from app.orders.errors import OrderErrorCode
from app.orders.models import fulfillments
from app.orders.types import Order, build_order

OrderErrorCodeEnum = strawberry.enum(OrderErrorCode)
SCOPE = "orders:write"
Code = OrderErrorCode


@strawberry.type
class OrderUserError(UserError[OrderErrorCode]):
    pass


@strawberry.input
class OrderFulfillLineInput:
    id: strawberry.ID = strawberry.field(description="An order line's ID.")
    quantity: int


@strawberry.input
class OrderFulfillInput:
    order_id: strawberry.ID
    lines: list[OrderFulfillLineInput] | None = strawberry.field(
        default=None, description="Null: every line, all that is not shipped yet."
    )
    tracking_number: str | None = None
    carrier: str | None = None
    tracking_url: str | None = None


@strawberry.type
class OrderFulfillPayload:
    order: Order | None = None
    fulfillment: Fulfillment | None = None
    user_errors: list[OrderUserError] = strawberry.field(default_factory=list)


@strawberry.type
class OrderMarkDeliveredPayload:
    order: Order | None = None
    user_errors: list[OrderUserError] = strawberry.field(default_factory=list)


def actor_of(call: MutationCall) -> admin.Actor:
    return admin.Actor(
        staff_member_id=call.principal.staff_id, api_key_id=call.principal.api_key_id
    )


async def load_order(call: MutationCall, order_id: uuid.UUID) -> Order:
    row = await admin.order_row(call.db, tenant_id=call.tenant_id, order_id=order_id)
    return build_order(row)


@strawberry.type
class OrderMutation:
    @strawberry.mutation(description="Ship some or all of an order's lines.")
    async def order_fulfill(self, info: Info, input: OrderFulfillInput) -> OrderFulfillPayload:
        def data(call: MutationCall) -> admin.Fulfill:
            lines = None
            if input.lines is not None:
                lines = [
                    admin.FulfillmentLine(
                        line_id=call.id(
                            line.id,
                            "OrderLine",
                            Code.LINE_NOT_FOUND,
                            "input",
                            "lines",
                            str(i),
                            "id",
                            name="Order line",
                        ),
                        quantity=line.quantity,
                    )
                    for i, line in enumerate(input.lines)
                ]
            return admin.Fulfill(
                order_id=call.id(input.order_id, "Order", Code.NOT_FOUND, "input", "orderId"),
                lines=lines,
                tracking_number=input.tracking_number,
                carrier=input.carrier,
                tracking_url=input.tracking_url,
            )

        async def answer(call: MutationCall, fulfillment_id: uuid.UUID) -> OrderFulfillPayload:
            f = (
                await call.db.execute(
                    fulfillments.select().where(
                        fulfillments.c.tenant_id == call.tenant_id,
                        fulfillments.c.id == fulfillment_id,
                    )
                )
            ).one()
            return OrderFulfillPayload(
                order=await load_order(call, f.order_id), fulfillment=fulfillment(f)
            )

        return await run_mutation(
            info,
            OrderFulfillPayload,
            scope=SCOPE,
            write=lambda call: admin.fulfill_order(
                db=call.db, tenant_id=call.tenant_id, data=data(call), actor=actor_of(call)
            ),
            answer=answer,
        )

    @strawberry.mutation(description="A shipped order has arrived.")
    async def order_mark_delivered(
        self, info: Info, order_id: strawberry.ID
    ) -> OrderMarkDeliveredPayload:
        async def answer(call: MutationCall, found: uuid.UUID) -> OrderMarkDeliveredPayload:
            return OrderMarkDeliveredPayload(order=await load_order(call, found))

        return await run_mutation(
            info,
            OrderMarkDeliveredPayload,
            scope=SCOPE,
            write=lambda call: admin.mark_delivered(
                db=call.db,
                tenant_id=call.tenant_id,
                order_id=call.id(order_id, "Order", Code.NOT_FOUND, "orderId"),
                actor=actor_of(call),
            ),
            answer=answer,
        )
