"""checkoutCreate and checkoutComplete (storefront)."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry

from app.checkout import service
from app.checkout.completing import complete_checkout
from app.checkout.errors import CheckoutErrorCode
from app.checkout.types import Checkout, build_checkout
from app.graphql.context import Info, require_storefront
from app.graphql.mutations import IdempotencyKey, MutationCall, run_mutation
from app.graphql.user_errors import UserError
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


async def _create(call: MutationCall, store_id: uuid.UUID, cart_id: str) -> dict[str, Any]:
    request = service.CheckoutRequest(
        tenant_id=call.tenant_id,
        store_id=store_id,
        cart_id=call.id(cart_id, "Cart", CheckoutErrorCode.NOT_FOUND, "cartId"),
    )
    return await service.create_checkout(db=call.db, request=request, gateway=gateway(call.info))


async def _complete(
    call: MutationCall, store_id: uuid.UUID, checkout_id: str
) -> tuple[dict[str, Any], Any | None]:
    return await complete_checkout(
        db=call.db,
        tenant_id=call.tenant_id,
        store_id=store_id,
        checkout_id=call.id(checkout_id, "Checkout", CheckoutErrorCode.NOT_FOUND, "checkoutId"),
        gateway=gateway(call.info),
    )


def _completed(call: MutationCall, result: tuple[dict[str, Any], Any | None]) -> Any:
    row, order = result
    return CheckoutCompletePayload(
        checkout=build_checkout(row), order=build_order(order) if order is not None else None
    )


@strawberry.type
class CheckoutMutation:
    @strawberry.mutation(
        description="Reserve the cart's stock (reservedUntil) and create its payment; "
        "a repeat with the same idempotencyKey answers the first response (the same checkout "
        "and payment)."
    )
    async def checkout_create(
        self, info: Info, cart_id: strawberry.ID, idempotency_key: IdempotencyKey = None
    ) -> CheckoutCreatePayload:
        store_id = require_storefront(info).store_id
        assert store_id is not None
        # In steps: the service commits its reservation before it calls Stripe.
        return await run_mutation(
            info,
            CheckoutCreatePayload,
            scope=None,
            idempotency_key=idempotency_key,
            steps=True,
            invalidates_storefront=True,  # reserved stock: quantityAvailable changes
            write=lambda call: _create(call, store_id, cart_id),
            answer=lambda call, row: CheckoutCreatePayload(checkout=build_checkout(row)),
        )

    @strawberry.mutation(
        description="Ask Stripe about the payment and answer the order once paid, else the "
        "checkout's state. Safe to repeat: the order is created once. idempotencyKey is "
        "accepted and not used: a repeat must see the payment's new state, not a replay."
    )
    async def checkout_complete(
        self, info: Info, checkout_id: strawberry.ID, idempotency_key: str | None = None
    ) -> CheckoutCompletePayload:
        store_id = require_storefront(info).store_id
        assert store_id is not None
        # In steps: Stripe is asked with no savepoint open; applying the payment takes its
        # own savepoint (app/checkout/completion.py).
        return await run_mutation(
            info,
            CheckoutCompletePayload,
            scope=None,
            steps=True,
            write=lambda call: _complete(call, store_id, checkout_id),
            answer=_completed,
        )
