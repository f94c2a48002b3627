"""Shipping zone mutations (admin, settings:manage)."""

from __future__ import annotations

import uuid

import strawberry

from app.errors import ServiceError
from app.graphql.context import Info, require_admin
from app.graphql.ids import parse_global_id
from app.graphql.scalars import Decimal
from app.graphql.user_errors import UserError, user_error
from app.money import InvalidAmountError, parse_amount
from app.shipping import service
from app.shipping.errors import ShippingErrorCode
from app.shipping.queries import zones_of
from app.shipping.rules import RateKind
from app.shipping.types import ShippingRateKind, ShippingZone
from app.tenancy.store_lookup import store_currency

ShippingErrorCodeEnum = strawberry.enum(ShippingErrorCode)


@strawberry.type
class ShippingUserError(UserError[ShippingErrorCode]):
    pass


@strawberry.input
class ShippingRateInput:
    handle: str
    title: str
    kind: ShippingRateKind  # type: ignore[valid-type]
    price: Decimal
    min_value: int | None = None
    max_value: int | None = None
    free_above: Decimal | None = None


@strawberry.input
class ShippingZoneCreateInput:
    store_id: strawberry.ID
    name: str
    countries: list[str]
    rates: list[ShippingRateInput]


@strawberry.type
class ShippingZonePayload:
    shipping_zone: ShippingZone | None = None
    user_errors: list[ShippingUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ShippingZoneDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[ShippingUserError] = strawberry.field(default_factory=list)


def _amount(value: str | None, currency: str, field: list[str]) -> int | None:
    if value is None:
        return None
    try:
        amount = parse_amount(value, currency)
    except InvalidAmountError as exc:
        raise ServiceError(ShippingErrorCode.INVALID, str(exc), field) from exc
    if amount < 0:
        raise ServiceError(ShippingErrorCode.INVALID, "Amounts can't be negative", field)
    return amount


async def _create(info: Info, tenant_id: uuid.UUID, input: ShippingZoneCreateInput) -> uuid.UUID:
    db = info.context.db
    store_id = parse_global_id(input.store_id, "Store")
    currency = (
        await store_currency(db, tenant_id=tenant_id, store_id=store_id) if store_id else None
    )
    if store_id is None or currency is None:
        raise ServiceError(ShippingErrorCode.NOT_FOUND, "Store not found", ["storeId"])
    rates = []
    for i, rate in enumerate(input.rates):
        field = ["rates", str(i)]
        price = _amount(rate.price, currency, [*field, "price"])
        assert price is not None
        rates.append(
            service.RateData(
                handle=rate.handle,
                title=rate.title,
                kind=RateKind(rate.kind),
                amount=price,
                min_value=rate.min_value,
                max_value=rate.max_value,
                free_above=_amount(rate.free_above, currency, [*field, "freeAbove"]),
            )
        )
    data = service.ZoneData(
        store_id=store_id, name=input.name, countries=input.countries, rates=rates
    )
    return await service.create_zone(db=db, tenant_id=tenant_id, data=data)


@strawberry.type
class ShippingMutation:
    @strawberry.mutation(description="A zone of countries with its rates.")
    async def shipping_zone_create(
        self, info: Info, input: ShippingZoneCreateInput
    ) -> ShippingZonePayload:
        principal = require_admin(info, "settings:manage")
        assert principal.tenant_id
        try:
            zone_id = await _create(info, principal.tenant_id, input)
        except ServiceError as exc:
            return ShippingZonePayload(user_errors=[user_error(ShippingUserError, exc)])
        store_id = parse_global_id(input.store_id, "Store")
        assert store_id
        zones = await zones_of(info.context.db, principal.tenant_id, store_id, [zone_id])
        return ShippingZonePayload(shipping_zone=zones[0])

    @strawberry.mutation(description="Delete a zone and its rates.")
    async def shipping_zone_delete(
        self, info: Info, id: strawberry.ID
    ) -> ShippingZoneDeletePayload:
        principal = require_admin(info, "settings:manage")
        assert principal.tenant_id
        zone_id = parse_global_id(id, "ShippingZone")
        try:
            if zone_id is None:
                raise ServiceError(ShippingErrorCode.NOT_FOUND, "Shipping zone not found", ["id"])
            await service.delete_zone(
                db=info.context.db, tenant_id=principal.tenant_id, zone_id=zone_id
            )
        except ServiceError as exc:
            return ShippingZoneDeletePayload(user_errors=[user_error(ShippingUserError, exc)])
        return ShippingZoneDeletePayload(deleted_id=id)
