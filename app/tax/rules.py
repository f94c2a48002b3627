"""VAT arithmetic in integer minor units.

The one rounding rule of the cart (app/cart/pricing.py uses it for every division): round
half up to the minor unit, on non-negative amounts. Tax is computed per line on the line's
amount after its share of the discount, and on shipping at the standard rate.
"""

from __future__ import annotations

from enum import Enum

from app.tax.rates import REDUCED, STANDARD

BASIS = 10_000


class TaxClass(str, Enum):
    STANDARD = "STANDARD"
    REDUCED = "REDUCED"


def rate_bp(country: str | None, tax_class: str) -> int:
    """The VAT rate in basis points for a destination; 0 outside the EU or when unknown."""
    if country is None:
        return 0
    table = REDUCED if tax_class == TaxClass.REDUCED.value else STANDARD
    return table.get(country, 0)


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (both non-negative)."""
    assert numerator >= 0 and denominator > 0
    return (2 * numerator + denominator) // (2 * denominator)


def tax_on(amount: int, bp: int, *, included: bool) -> int:
    """The VAT in `amount`: of a gross amount when prices include tax, else on a net one."""
    if bp == 0 or amount == 0:
        return 0
    if included:
        return divide_half_up(amount * bp, BASIS + bp)
    return divide_half_up(amount * bp, BASIS)


def is_eu(country: str | None) -> bool:
    return country is not None and country in STANDARD
