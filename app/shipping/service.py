"""Shipping zones and rates: the rates a destination gets, and the admin verbs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Text, cast, delete, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.exc import IntegrityError

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.shipping.errors import ShippingErrorCode as Code
from app.shipping.models import shipping_rates, shipping_zones
from app.shipping.rules import Rate, RateKind
from app.tax.rates import STANDARD

MAX_AMOUNT = 10**12


async def rates_for(
    db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID, country: str
) -> list[Rate]:
    """Every rate of the store's zones that contain `country`, in one statement."""
    z, r = shipping_zones, shipping_rates
    statement = (
        select(r)
        .select_from(r.join(z, (z.c.tenant_id == r.c.tenant_id) & (z.c.id == r.c.zone_id)))
        .where(
            r.c.tenant_id == tenant_id,
            r.c.store_id == store_id,
            z.c.countries.contains(cast([country], ARRAY(Text))),
        )
        .order_by(r.c.position, r.c.handle)
    )
    return [
        Rate(
            handle=row.handle,
            title=row.title,
            kind=RateKind(row.kind),
            amount=row.amount,
            min_value=row.min_value,
            max_value=row.max_value,
            free_above=row.free_above,
        )
        for row in await db.execute(statement)
    ]


async def ships_to(
    db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID, country: str
) -> bool:
    z = shipping_zones
    found = await db.execute(
        select(z.c.id)
        .where(
            z.c.tenant_id == tenant_id,
            z.c.store_id == store_id,
            z.c.countries.contains(cast([country], ARRAY(Text))),
        )
        .limit(1)
    )
    return found.first() is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateData:
    handle: str
    title: str
    kind: RateKind
    amount: int
    min_value: int | None = None
    max_value: int | None = None
    free_above: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ZoneData:
    store_id: uuid.UUID
    name: str
    countries: list[str]
    rates: list[RateData]


def _check_zone(data: ZoneData) -> None:
    if not 1 <= len(data.name.strip()) <= 100:
        raise ServiceError(Code.INVALID, "Name must be 1 to 100 characters", ["name"])
    if not data.countries or any(len(c) != 2 or not c.isupper() for c in data.countries):
        raise ServiceError(
            Code.INVALID, "Countries must be ISO 3166-1 alpha-2 codes", ["countries"]
        )
    for i, rate in enumerate(data.rates):
        field = ["rates", str(i)]
        values = [rate.amount, rate.min_value, rate.max_value, rate.free_above]
        if any(v is not None and not 0 <= v <= MAX_AMOUNT for v in values):
            raise ServiceError(Code.INVALID, "Amounts must be between 0 and 10^12", field)
        if (
            rate.min_value is not None
            and rate.max_value is not None
            and rate.min_value >= rate.max_value
        ):
            raise ServiceError(Code.INVALID, "minValue must be below maxValue", field)
        if not 1 <= len(rate.title) <= 100:
            raise ServiceError(Code.INVALID, "Title must be 1 to 100 characters", field)


async def create_zone(*, db: RequestDB, tenant_id: uuid.UUID, data: ZoneData) -> uuid.UUID:
    """A zone with its rates; rate handles are unique per store."""
    _check_zone(data)
    zone_id = uuid7()
    async with db.unit_of_work():
        try:
            await db.execute(
                insert(shipping_zones).values(
                    tenant_id=tenant_id,
                    id=zone_id,
                    store_id=data.store_id,
                    name=data.name.strip(),
                    countries=sorted(set(data.countries)),
                )
            )
            if data.rates:
                await db.execute(
                    insert(shipping_rates).values(
                        [
                            {
                                "tenant_id": tenant_id,
                                "id": uuid7(),
                                "store_id": data.store_id,
                                "zone_id": zone_id,
                                "handle": rate.handle,
                                "title": rate.title,
                                "kind": rate.kind.value,
                                "amount": rate.amount,
                                "min_value": rate.min_value,
                                "max_value": rate.max_value,
                                "free_above": rate.free_above,
                                "position": position,
                            }
                            for position, rate in enumerate(data.rates)
                        ]
                    )
                )
        except IntegrityError as exc:
            raise ServiceError(
                Code.TAKEN, "A zone name or rate handle is taken, or a handle is not a slug"
            ) from exc
    return zone_id


async def delete_zone(*, db: RequestDB, tenant_id: uuid.UUID, zone_id: uuid.UUID) -> None:
    async with db.unit_of_work():
        deleted = await db.write(
            delete(shipping_zones).where(
                shipping_zones.c.tenant_id == tenant_id, shipping_zones.c.id == zone_id
            )
        )
        if deleted.rowcount == 0:
            raise ServiceError(Code.NOT_FOUND, "Shipping zone not found", ["id"])


EU_COUNTRIES = sorted(STANDARD)
