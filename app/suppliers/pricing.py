"""The pricing formula: from a supplier's cost to a store price (pure, Decimal throughout).

    base     = (cost + shipping estimate), converted to the store's currency
    price    = base x multiplier + fixed amount
    price    = max(price, base / (1 - minimum margin))     when a minimum margin is set
    price    = rounded UP to the ending (.99, .95, .00)     or up to the currency's minor unit
    compare  = (price x compare-at multiplier), rounded up to the same ending (when set)

Rounding always goes up, so rounding never eats into the margin. The margin is a fraction of
the selling price: 0.30 means at least 30% of the price is above cost.

Worked example: a USD 4.20 item with USD 1.80 shipping, sold in EUR (1 USD = 0.92 EUR),
multiplier 2.5, fixed 1.00, minimum margin 0.30, ending .99, compare-at 1.4:
base = 6.00 USD = 5.52 EUR; 5.52 x 2.5 + 1.00 = 14.80; the margin floor 5.52 / 0.70 = 7.89
is below it; up to the ending: 14.99. Compare-at: 14.99 x 1.4 = 20.986 -> 20.99.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from app.money import exponent
from app.suppliers.rates import convert


@dataclass(frozen=True, slots=True, kw_only=True)
class PricingRule:
    multiplier: Decimal
    fixed_amount: Decimal = Decimal(0)
    minimum_margin: Decimal | None = None
    rounding_ending: str | None = None  # ".99"
    compare_at_multiplier: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Price:
    """Minor units of the store currency."""

    amount: int
    compare_at: int | None


# Without a rule an import still needs a price: cost (with shipping) x 2, to the cent.
DEFAULT_RULE = PricingRule(multiplier=Decimal(2))


def round_up(value: Decimal, currency: str, ending: str | None) -> int:
    """Up to the next price with the ending (a whole-currency-unit step), in minor units."""
    places = exponent(currency)
    if ending is None or places == 0:
        return int(value.scaleb(places).to_integral_value(rounding=ROUND_CEILING))
    fraction = Decimal(ending)  # ".99" -> 0.99
    whole = value.to_integral_value(rounding=ROUND_CEILING) - 1
    candidate = whole + fraction
    if candidate < value:
        candidate += 1
    return int(candidate.scaleb(places))


def price(
    *,
    cost: Decimal,
    shipping: Decimal,
    cost_currency: str,
    currency: str,
    rule: PricingRule,
    rates: dict[str, Decimal],
) -> Price:
    base = convert(cost + shipping, cost_currency, currency, rates)
    value = base * rule.multiplier + rule.fixed_amount
    if rule.minimum_margin is not None:
        value = max(value, base / (1 - rule.minimum_margin))
    amount = round_up(value, currency, rule.rounding_ending)
    compare_at = None
    if rule.compare_at_multiplier is not None:
        selling = Decimal(amount).scaleb(-exponent(currency))
        compare_at = round_up(selling * rule.compare_at_multiplier, currency, rule.rounding_ending)
    return Price(amount, compare_at)
