"""checkoutCreate and checkoutComplete (storefront)."""

from __future__ import annotations

import strawberry

from app.checkout import service
from app.checkout.completing import complete_checkout
from app.checkout.errors import CheckoutErrorCode
from app.checkout.types import Checkout, build_checkout
from app.errors import ServiceError
from app.graphql.context import Info, require_storefront
from app.graphql.ids import parse_global_id
from app.graphql.user_errors import UserError, user_error
from app.orders.types import Order, build_order
from app.payments.gateway import StripeGateway

CheckoutErrorCodeEnum = strawberry.enum(CheckoutErrorCode)


@strawberry.type
class CheckoutUserError(UserError[CheckoutErrorCode]):
    pass


@strawberry.type
class CheckoutCreatePayload:
    checkout: Checkout | None = None
    user_errors: list[CheckoutUserError] = strawberry.field(default_factory=list)


@strawberry.type
class CheckoutCompletePayload:
    order: Order | None = None
    checkout: Checkout | None = None
    user_errors: list[CheckoutUserError] = strawberry.field(default_factory=list)


def gateway(info: Info) -> StripeGateway | None:
    payments: StripeGateway | None = info.context.request.app.state.resources.payments
    return payments


@strawberry.type
class CheckoutMutation:
    @strawberry.mutation(
        description="Reserve the cart's stock (reservedUntil) and create its payment; "
        "a repeat with the same idempotencyKey returns the same checkout and payment."
    )
    async def checkout_create(
        self, info: Info, cart_id: strawberry.ID, idempotency_key: str | None = None
    ) -> CheckoutCreatePayload:
        principal = require_storefront(info)
        assert principal.tenant_id and principal.store_id
        request = service.CheckoutRequest(
            tenant_id=principal.tenant_id,
            store_id=principal.store_id,
            cart_id=parse_global_id(cart_id, "Cart"),
            idempotency_key=idempotency_key,
        )
        try:
            row = await service.create_checkout(
                db=info.context.db, request=request, gateway=gateway(info)
            )
        except ServiceError as exc:
            return CheckoutCreatePayload(user_errors=[user_error(CheckoutUserError, exc)])
        return CheckoutCreatePayload(checkout=build_checkout(row))

    @strawberry.mutation(
        description="Ask Stripe about the payment and answer the order once paid, else the "
        "checkout's state. Safe to repeat: the order is created once (idempotencyKey is "
        "accepted for symmetry and not needed)."
    )
    async def checkout_complete(
        self, info: Info, checkout_id: strawberry.ID, idempotency_key: str | None = None
    ) -> CheckoutCompletePayload:
        principal = require_storefront(info)
        assert principal.tenant_id and principal.store_id
        try:
            row, order = await complete_checkout(
                db=info.context.db,
                tenant_id=principal.tenant_id,
                store_id=principal.store_id,
                checkout_id=parse_global_id(checkout_id, "Checkout"),
                gateway=gateway(info),
            )
        except ServiceError as exc:
            return CheckoutCompletePayload(user_errors=[user_error(CheckoutUserError, exc)])
        checkout = build_checkout(row)
        return CheckoutCompletePayload(
            checkout=checkout, order=build_order(order) if order is not None else None
        )
