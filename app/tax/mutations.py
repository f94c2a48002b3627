"""Tax settings (admin): a store's checkout settings (tax mode, cart and reservation
lifetimes) and a product's VAT class."""

from __future__ import annotations

from enum import Enum

import strawberry

from app.cart.store_settings import CheckoutSettings as Settings
from app.cart.store_settings import get_settings, update_settings
from app.catalog.tax_class import set_tax_class
from app.errors import ServiceError
from app.graphql.context import Info, require_admin
from app.graphql.ids import parse_global_id
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError
from app.tax.rules import TaxClass as Class

TaxClass = strawberry.enum(Class, name="TaxClass")


class SettingsErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"


SettingsErrorCodeEnum = strawberry.enum(SettingsErrorCode)


@strawberry.type
class SettingsUserError(UserError[SettingsErrorCode]):
    pass


@strawberry.type
class CheckoutSettings:
    prices_include_tax: bool
    cart_ttl_minutes: int
    reservation_minutes: int


@strawberry.input
class CheckoutSettingsInput:
    prices_include_tax: bool | None = None
    cart_ttl_minutes: int | None = None
    reservation_minutes: int | None = None


@strawberry.type
class CheckoutSettingsPayload:
    checkout_settings: CheckoutSettings | None = None
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProductTaxClassPayload:
    product_id: strawberry.ID | None = None
    tax_class: TaxClass | None = None  # type: ignore[valid-type]
    user_errors: list[SettingsUserError] = strawberry.field(default_factory=list)


def _out(settings: Settings) -> CheckoutSettings:
    return CheckoutSettings(
        prices_include_tax=settings.prices_include_tax,
        cart_ttl_minutes=settings.cart_ttl_minutes,
        reservation_minutes=settings.reservation_minutes,
    )


@strawberry.type
class TaxQuery:
    @strawberry.field(description="A store's checkout settings.")
    async def checkout_settings(
        self, info: Info, store_id: strawberry.ID
    ) -> CheckoutSettings | None:
        principal = require_admin(info, "settings:read")
        assert principal.tenant_id
        store = parse_global_id(store_id, "Store")
        if store is None:
            return None
        return _out(
            await get_settings(info.context.db, tenant_id=principal.tenant_id, store_id=store)
        )


async def _update_settings(
    call: MutationCall, store_id: str, input: CheckoutSettingsInput
) -> Settings:
    store = call.id(store_id, "Store", SettingsErrorCode.NOT_FOUND, "storeId")
    try:
        return await update_settings(
            db=call.db,
            tenant_id=call.tenant_id,
            store_id=store,
            prices_include_tax=input.prices_include_tax,
            cart_ttl_minutes=input.cart_ttl_minutes,
            reservation_minutes=input.reservation_minutes,
        )
    except ServiceError as exc:  # the cart's code for it; here it is plain INVALID
        raise ServiceError(SettingsErrorCode.INVALID, exc.message, exc.field) from exc


async def _set_class(call: MutationCall, product_id: str, tax_class: Class) -> None:
    product = call.id(product_id, "Product", SettingsErrorCode.NOT_FOUND, "productId")
    found = await set_tax_class(
        call.db, tenant_id=call.tenant_id, product_id=product, tax_class=tax_class.value
    )
    if not found:
        raise ServiceError(SettingsErrorCode.NOT_FOUND, "Product not found", ["productId"])


@strawberry.type
class TaxMutation:
    @strawberry.mutation(
        description="Prices including or excluding VAT, cart lifetime and stock reservation "
        "length (minutes) of a store."
    )
    async def checkout_settings_update(
        self, info: Info, store_id: strawberry.ID, input: CheckoutSettingsInput
    ) -> CheckoutSettingsPayload:
        return await run_mutation(
            info,
            CheckoutSettingsPayload,
            scope="settings:manage",
            write=lambda call: _update_settings(call, store_id, input),
            answer=lambda call, settings: CheckoutSettingsPayload(checkout_settings=_out(settings)),
        )

    @strawberry.mutation(description="A product's VAT class: STANDARD or REDUCED.")
    async def product_tax_class_update(
        self,
        info: Info,
        product_id: strawberry.ID,
        tax_class: TaxClass,  # type: ignore[valid-type]
    ) -> ProductTaxClassPayload:
        chosen = Class(tax_class)
        return await run_mutation(
            info,
            ProductTaxClassPayload,
            scope="catalog:write",
            write=lambda call: _set_class(call, product_id, chosen),
            answer=lambda call, _: ProductTaxClassPayload(product_id=product_id, tax_class=chosen),
        )
