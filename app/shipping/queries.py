"""Shipping zones as the admin sees them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

import strawberry
from sqlalchemy import select

from app.catalog.reads.build import money
from app.db.tenant import RequestDB
from app.graphql.context import Info, require_admin
from app.graphql.ids import require_global_id, to_global_id
from app.shipping.models import shipping_rates, shipping_zones
from app.shipping.rules import RateKind
from app.shipping.types import ShippingRate, ShippingZone
from app.tenancy.store_lookup import store_currency


async def zones_of(
    db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, zone_ids: list[uuid.UUID] | None
) -> list[ShippingZone]:
    """The store's zones with their rates (two statements)."""
    currency = await store_currency(db, tenant_id=tenant_id, store_id=store_id) or "EUR"
    z, r = shipping_zones, shipping_rates
    statement = select(z).where(z.c.tenant_id == tenant_id, z.c.store_id == store_id)
    if zone_ids is not None:
        statement = statement.where(z.c.id.in_(zone_ids))
    zones = list(await db.execute(statement.order_by(z.c.created_at, z.c.id)))
    rates: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if zones:
        for row in await db.execute(
            select(r)
            .where(r.c.tenant_id == tenant_id, r.c.zone_id.in_([zone.id for zone in zones]))
            .order_by(r.c.position)
        ):
            rates[row.zone_id].append(row)
    return [
        ShippingZone(
            id=strawberry.ID(to_global_id("ShippingZone", zone.id)),
            name=zone.name,
            countries=list(zone.countries),
            rates=[
                ShippingRate(
                    handle=rate.handle,
                    title=rate.title,
                    kind=RateKind(rate.kind),
                    price=money(rate.amount, currency),
                    min_value=rate.min_value,
                    max_value=rate.max_value,
                    free_above=money(rate.free_above, currency)
                    if rate.free_above is not None
                    else None,
                )
                for rate in rates[zone.id]
            ],
        )
        for zone in zones
    ]


@strawberry.type
class ShippingQuery:
    @strawberry.field(description="A store's shipping zones and rates.")
    async def shipping_zones(self, info: Info, store_id: strawberry.ID) -> list[ShippingZone]:
        principal = require_admin(info, "settings:read")
        assert principal.tenant_id
        store = require_global_id(store_id, "Store", "storeId")
        return await zones_of(info.context.db, principal.tenant_id, store, None)
