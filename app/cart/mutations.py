"""Cart mutations (storefront): each validates, calls one service verb and answers the cart
as it now is, or userErrors."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from app.cart import service
from app.cart.errors import CartErrorCode
from app.cart.inputs import (
    CartBuyerIdentityInput,
    CartInput,
    CartLineInput,
    CartLineUpdateInput,
    MailingAddressInput,
)
from app.cart.types import Cart, build_cart
from app.graphql.context import Info, require_storefront
from app.graphql.ids import parse_global_id
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError

CartErrorCodeEnum = strawberry.enum(CartErrorCode)


@strawberry.type
class CartUserError(UserError[CartErrorCode]):
    pass


@strawberry.type
class CartPayload:
    cart: Cart | None = None
    user_errors: list[CartUserError] = strawberry.field(default_factory=list)


# Shopify's names, one shape: {cart userErrors}.
@strawberry.type
class CartCreatePayload(CartPayload):
    pass


@strawberry.type
class CartLinesAddPayload(CartPayload):
    pass


@strawberry.type
class CartLinesUpdatePayload(CartPayload):
    pass


@strawberry.type
class CartLinesRemovePayload(CartPayload):
    pass


@strawberry.type
class CartDiscountCodesUpdatePayload(CartPayload):
    pass


@strawberry.type
class CartBuyerIdentityUpdatePayload(CartPayload):
    pass


@strawberry.type
class CartShippingAddressUpdatePayload(CartPayload):
    pass


@strawberry.type
class CartSelectedDeliveryOptionUpdatePayload(CartPayload):
    pass


P = TypeVar("P", bound=CartPayload)
Verb = Callable[[uuid.UUID, uuid.UUID, uuid.UUID], Awaitable[object]]


async def _run(info: Info, payload: type[P], cart_gid: str | None, verb: Verb) -> P:
    """Through the mutation pipeline (app/graphql/mutations.py): the storefront's store,
    the cart ID decoded (a bad one is NOT_FOUND), the verb, then the cart as it now is."""
    store_id = require_storefront(info).store_id
    assert store_id is not None

    async def write(call: MutationCall) -> uuid.UUID:
        cart_id = (
            call.id(cart_gid, "Cart", CartErrorCode.NOT_FOUND, "cartId")
            if cart_gid is not None
            else uuid.UUID(int=0)
        )
        result = await verb(call.tenant_id, store_id, cart_id)
        return result if isinstance(result, uuid.UUID) else cart_id

    async def answer(call: MutationCall, cart_id: uuid.UUID) -> P:
        view = await service.get_cart(
            db=call.db, tenant_id=call.tenant_id, store_id=store_id, cart_id=cart_id
        )
        return payload(cart=build_cart(view) if view else None)

    return await run_mutation(info, payload, write=write, answer=answer, scope=None)


@strawberry.type
class CartMutation:
    @strawberry.mutation(description="A new cart for the storefront's store.")
    async def cart_create(self, info: Info, input: CartInput | None = None) -> CartCreatePayload:
        data = (input or CartInput()).to_data()
        return await _run(
            info,
            CartCreatePayload,
            None,
            lambda t, s, _: service.create_cart(
                db=info.context.db, tenant_id=t, store_id=s, data=data
            ),
        )

    @strawberry.mutation(description="Add lines; a variant already in the cart adds up.")
    async def cart_lines_add(
        self, info: Info, cart_id: strawberry.ID, lines: list[CartLineInput]
    ) -> CartLinesAddPayload:
        data = [line.to_data() for line in lines]
        return await _run(
            info,
            CartLinesAddPayload,
            cart_id,
            lambda t, s, c: service.add_lines(
                db=info.context.db, tenant_id=t, store_id=s, cart_id=c, lines=data
            ),
        )

    @strawberry.mutation(description="Set line quantities; 0 removes a line.")
    async def cart_lines_update(
        self, info: Info, cart_id: strawberry.ID, lines: list[CartLineUpdateInput]
    ) -> CartLinesUpdatePayload:
        data = [line.to_data() for line in lines]
        return await _run(
            info,
            CartLinesUpdatePayload,
            cart_id,
            lambda t, s, c: service.update_lines(
                db=info.context.db, tenant_id=t, store_id=s, cart_id=c, lines=data
            ),
        )

    @strawberry.mutation(description="Remove lines by ID.")
    async def cart_lines_remove(
        self, info: Info, cart_id: strawberry.ID, line_ids: list[strawberry.ID]
    ) -> CartLinesRemovePayload:
        ids = [parse_global_id(i, "CartLine") for i in line_ids]
        return await _run(
            info,
            CartLinesRemovePayload,
            cart_id,
            lambda t, s, c: service.remove_lines(
                db=info.context.db, tenant_id=t, store_id=s, cart_id=c, line_ids=ids
            ),
        )

    @strawberry.mutation(description="Replace the cart's discount codes ([] removes them).")
    async def cart_discount_codes_update(
        self, info: Info, cart_id: strawberry.ID, discount_codes: list[str]
    ) -> CartDiscountCodesUpdatePayload:
        return await _run(
            info,
            CartDiscountCodesUpdatePayload,
            cart_id,
            lambda t, s, c: service.update_discount_codes(
                db=info.context.db, tenant_id=t, store_id=s, cart_id=c, codes=discount_codes
            ),
        )

    @strawberry.mutation(description="Email, country and phone of the buyer.")
    async def cart_buyer_identity_update(
        self, info: Info, cart_id: strawberry.ID, buyer_identity: CartBuyerIdentityInput
    ) -> CartBuyerIdentityUpdatePayload:
        data = buyer_identity.to_data()
        return await _run(
            info,
            CartBuyerIdentityUpdatePayload,
            cart_id,
            lambda t, s, c: service.update_buyer_identity(
                db=info.context.db, tenant_id=t, store_id=s, cart_id=c, identity=data
            ),
        )

    @strawberry.mutation(description="Where to ship; the country decides delivery options and VAT.")
    async def cart_shipping_address_update(
        self, info: Info, cart_id: strawberry.ID, address: MailingAddressInput
    ) -> CartShippingAddressUpdatePayload:
        data = address.to_data()
        return await _run(
            info,
            CartShippingAddressUpdatePayload,
            cart_id,
            lambda t, s, c: service.update_shipping_address(
                db=info.context.db, tenant_id=t, store_id=s, cart_id=c, address=data
            ),
        )

    @strawberry.mutation(description="Choose one of the cart's deliveryOptions by handle.")
    async def cart_selected_delivery_option_update(
        self, info: Info, cart_id: strawberry.ID, delivery_option_handle: str
    ) -> CartSelectedDeliveryOptionUpdatePayload:
        return await _run(
            info,
            CartSelectedDeliveryOptionUpdatePayload,
            cart_id,
            lambda t, s, c: service.select_delivery_option(
                db=info.context.db,
                tenant_id=t,
                store_id=s,
                cart_id=c,
                handle=delivery_option_handle,
            ),
        )
