"""Shipping GraphQL types (admin)."""

from __future__ import annotations

import strawberry

from app.catalog.types import Money
from app.shipping.rules import RateKind

ShippingRateKind = strawberry.enum(RateKind, name="ShippingRateKind")


@strawberry.type
class ShippingRate:
    handle: str
    title: str
    kind: ShippingRateKind  # type: ignore[valid-type]
    price: Money
    min_value: int | None = strawberry.field(
        description="Band start: grams (WEIGHT) or minor units of the subtotal (SUBTOTAL)."
    )
    max_value: int | None = strawberry.field(description="Band end, exclusive.")
    free_above: Money | None


@strawberry.type
class ShippingZone:
    id: strawberry.ID
    name: str
    countries: list[str]
    rates: list[ShippingRate]
