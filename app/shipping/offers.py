"""The store's shipping as a product page advertises it (JSON-LD `shippingDetails`): for
each zone, what one unit of a variant would cost to ship there.

Read for a whole page of products in one statement (the stores of the page), so a product
list selecting `jsonLd` costs one statement more, whatever its size.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.shipping.models import shipping_rates, shipping_zones
from app.shipping.rules import Rate, RateKind, delivery_options


@dataclass(frozen=True, slots=True)
class Zone:
    countries: tuple[str, ...]
    rates: tuple[Rate, ...]

    def cheapest(self, *, subtotal: int, grams: int) -> int | None:
        """The lowest cost of the rates that apply to one unit; None when none applies."""
        costs = [o.cost for o in delivery_options(list(self.rates), subtotal=subtotal, grams=grams)]
        return min(costs) if costs else None


async def zones_of_stores(
    db: RequestDB, *, tenant_id: uuid.UUID, store_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[Zone]]:
    """{store_id: its zones with their rates, in zone name order}; zones without rates left out."""
    z, r = shipping_zones, shipping_rates
    statement = (
        select(
            z.c.id.label("zone"),
            z.c.store_id,
            z.c.countries,
            r.c.handle,
            r.c.title,
            r.c.kind,
            r.c.amount,
            r.c.min_value,
            r.c.max_value,
            r.c.free_above,
        )
        .select_from(z.join(r, (r.c.tenant_id == z.c.tenant_id) & (r.c.zone_id == z.c.id)))
        .where(z.c.tenant_id == tenant_id, z.c.store_id == any_of(store_ids))
        .order_by(z.c.store_id, z.c.name, z.c.id, r.c.position, r.c.handle)
    )
    grouped: dict[uuid.UUID, dict[uuid.UUID, tuple[list[str], list[Rate]]]] = defaultdict(dict)
    for row in await db.execute(statement):
        _, rates = grouped[row.store_id].setdefault(row.zone, (list(row.countries), []))
        rates.append(
            Rate(
                handle=row.handle,
                title=row.title,
                kind=RateKind(row.kind),
                amount=row.amount,
                min_value=row.min_value,
                max_value=row.max_value,
                free_above=row.free_above,
            )
        )
    return {
        store: [Zone(tuple(c), tuple(rs)) for c, rs in zones.values()]
        for store, zones in grouped.items()
    }
