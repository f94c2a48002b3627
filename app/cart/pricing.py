"""The cart's money, in integer minor units: one pure function from lines to cost.

Rules (the only ones; the property tests in tests/cart/test_pricing_properties.py hold them):
- a line's subtotal is unit price x quantity, exactly;
- a discount is computed on the eligible lines' subtotal (a percentage rounded half up, a
  fixed amount capped at that subtotal) and spread over those lines in proportion to their
  subtotals, largest remainders first, so the lines' shares add up to it exactly;
- VAT is computed per line on its subtotal less its discount share, and on shipping at the
  destination's standard rate, each rounded half up (app/tax/rules.py);
- prices include tax: the total is subtotal - discount + shipping, and the tax is the part
  of it that is VAT; prices exclude tax: the VAT is added on top.
So `total == sum(line totals) + shipping total` and `total == subtotal - discount + shipping
(+ tax when excluded)` always hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.discounts.rules import DiscountKind
from app.tax.rules import divide_half_up, rate_bp, tax_on

__all__ = ["DiscountKind", "PricingDiscount", "PricingLine", "price"]


@dataclass(frozen=True, slots=True)
class PricingLine:
    unit_price: int
    quantity: int
    tax_class: str = "STANDARD"
    discountable: bool = True


@dataclass(frozen=True, slots=True)
class PricingDiscount:
    kind: DiscountKind
    value: int  # percent (1..100) or minor units


@dataclass(frozen=True, slots=True)
class LineCost:
    unit_price: int
    subtotal: int
    discount: int
    tax: int
    tax_rate_bp: int
    total: int


@dataclass(frozen=True, slots=True)
class Cost:
    subtotal: int
    discount: int
    shipping: int
    shipping_tax: int
    tax: int
    total: int
    lines: tuple[LineCost, ...]


def discount_amount(discount: PricingDiscount | None, eligible_subtotal: int) -> int:
    if discount is None or eligible_subtotal <= 0:
        return 0
    if discount.kind is DiscountKind.PERCENTAGE:
        return divide_half_up(eligible_subtotal * min(discount.value, 100), 100)
    return min(discount.value, eligible_subtotal)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` over `weights` proportionally; the parts add up to `total` exactly
    (largest remainders get the leftover units, earlier lines first on ties)."""
    whole = sum(weights)
    if whole == 0 or total == 0:
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in remainders[: total - sum(parts)]:
        parts[i] += 1
    return parts


def price(
    lines: Sequence[PricingLine],
    *,
    discount: PricingDiscount | None,
    shipping: int,
    country: str | None,
    prices_include_tax: bool,
) -> Cost:
    subtotals = [line.unit_price * line.quantity for line in lines]
    eligible = [s if line.discountable else 0 for s, line in zip(subtotals, lines, strict=True)]
    discount_total = discount_amount(discount, sum(eligible))
    shares = allocate(discount_total, eligible)
    costs = []
    for line, subtotal, share in zip(lines, subtotals, shares, strict=True):
        bp = rate_bp(country, line.tax_class)
        taxable = subtotal - share
        tax = tax_on(taxable, bp, included=prices_include_tax)
        total = taxable if prices_include_tax else taxable + tax
        costs.append(LineCost(line.unit_price, subtotal, share, tax, bp, total))
    shipping_tax = tax_on(shipping, rate_bp(country, "STANDARD"), included=prices_include_tax)
    tax = sum(c.tax for c in costs) + shipping_tax
    subtotal = sum(subtotals)
    total = subtotal - discount_total + shipping + (0 if prices_include_tax else tax)
    return Cost(subtotal, discount_total, shipping, shipping_tax, tax, total, tuple(costs))
