"""Shipping zone mutations (admin, settings:manage)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import strawberry

from app.errors import ServiceError
from app.graphql.context import Info
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.scalars import Decimal
from app.graphql.user_errors import UserError
from app.money import InvalidAmountError, parse_amount
from app.shipping import service
from app.shipping.errors import ShippingErrorCode
from app.shipping.queries import zones_of
from app.shipping.rules import RateKind
from app.shipping.types import ShippingRateKind, ShippingZone
from app.tenancy.store_lookup import store_currency

ShippingErrorCodeEnum = strawberry.enum(ShippingErrorCode)
SCOPE = "settings:manage"


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


async def _create(call: MutationCall, input: ShippingZoneCreateInput) -> ZoneRef:
    db, tenant_id = call.db, call.tenant_id
    store_id = call.id(input.store_id, "Store", ShippingErrorCode.NOT_FOUND, "storeId")
    currency = await store_currency(db, tenant_id=tenant_id, store_id=store_id)
    if currency is None:
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
    return ZoneRef(store_id, await service.create_zone(db=db, tenant_id=tenant_id, data=data))


@dataclass(frozen=True, slots=True)
class ZoneRef:
    store_id: uuid.UUID
    zone_id: uuid.UUID


async def _zone_payload(call: MutationCall, ref: ZoneRef) -> ShippingZonePayload:
    zones = await zones_of(call.db, call.tenant_id, ref.store_id, [ref.zone_id])
    return ShippingZonePayload(shipping_zone=zones[0])


async def _delete(call: MutationCall, id: str) -> None:
    zone_id = call.id(id, "ShippingZone", ShippingErrorCode.NOT_FOUND, "id", name="Shipping zone")
    await service.delete_zone(db=call.db, tenant_id=call.tenant_id, zone_id=zone_id)


@strawberry.type
class ShippingMutation:
    @strawberry.mutation(description="A zone of countries with its rates.")
    async def shipping_zone_create(
        self, info: Info, input: ShippingZoneCreateInput
    ) -> ShippingZonePayload:
        return await run_mutation(
            info,
            ShippingZonePayload,
            scope=SCOPE,
            write=lambda call: _create(call, input),
            answer=_zone_payload,
        )

    @strawberry.mutation(description="Delete a zone and its rates.")
    async def shipping_zone_delete(
        self, info: Info, id: strawberry.ID
    ) -> ShippingZoneDeletePayload:
        return await run_mutation(
            info,
            ShippingZoneDeletePayload,
            scope=SCOPE,
            write=lambda call: _delete(call, id),
            answer=lambda call, _: ShippingZoneDeletePayload(deleted_id=id),
        )
