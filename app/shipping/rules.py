"""Which of a zone's rates apply to a cart, and what they cost. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class RateKind(str, Enum):
    FLAT = "FLAT"
    WEIGHT = "WEIGHT"  # applies when the cart's grams are in [min_value, max_value)
    SUBTOTAL = "SUBTOTAL"  # applies when the cart's subtotal is in [min_value, max_value)


@dataclass(frozen=True, slots=True)
class Rate:
    handle: str
    title: str
    kind: RateKind
    amount: int
    min_value: int | None
    max_value: int | None
    free_above: int | None


@dataclass(frozen=True, slots=True)
class DeliveryOption:
    handle: str
    title: str
    cost: int


def _in_band(value: int, low: int | None, high: int | None) -> bool:
    return (low is None or value >= low) and (high is None or value < high)


def delivery_options(rates: list[Rate], *, subtotal: int, grams: int) -> list[DeliveryOption]:
    """The rates that apply, in the zone's order. `subtotal` is before discounts (a code
    does not push a cart out of free shipping)."""
    options = []
    for rate in rates:
        measure = grams if rate.kind is RateKind.WEIGHT else subtotal
        if rate.kind is not RateKind.FLAT and not _in_band(measure, rate.min_value, rate.max_value):
            continue
        free = rate.free_above is not None and subtotal >= rate.free_above
        options.append(DeliveryOption(rate.handle, rate.title, 0 if free else rate.amount))
    return options
