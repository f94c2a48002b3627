"""What a supplier variant becomes in the store: price, compare-at, cost and stock."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.money import exponent
from app.suppliers.adapters.base import SupplierVariant
from app.suppliers.pricing import PricingRule, price
from app.suppliers.rates import convert

# A supplier that says "in stock" without a number (most feeds): the store sells up to this
# many before the next sync says otherwise; "out of stock" is 0.
UNKNOWN_STOCK = 100


@dataclass(frozen=True, slots=True)
class VariantQuote:
    price: int
    compare_at: int | None
    cost_minor: int
    on_hand: int
    available: bool


def quote(
    variant: SupplierVariant, *, rule: PricingRule, currency: str, rates: dict[str, Decimal]
) -> VariantQuote:
    """RateError when the supplier's currency has no rate."""
    selling = price(
        cost=variant.cost,
        shipping=variant.shipping,
        cost_currency=variant.currency,
        currency=currency,
        rule=rule,
        rates=rates,
    )
    cost = convert(variant.cost, variant.currency, currency, rates).scaleb(exponent(currency))
    if not variant.available:
        on_hand = 0
    else:
        on_hand = variant.stock if variant.stock is not None else UNKNOWN_STOCK
    return VariantQuote(
        price=selling.amount,
        compare_at=selling.compare_at,
        cost_minor=int(cost.to_integral_value(rounding=ROUND_HALF_UP)),
        on_hand=on_hand,
        available=variant.available and on_hand > 0,
    )
