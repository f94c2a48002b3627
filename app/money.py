"""Money as integer minor units plus an ISO currency; decimal strings at the edges."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache

# ISO 4217 minor-unit exponents that are not 2.
_EXPONENTS = {"JPY": 0, "KRW": 0, "VND": 0, "ISK": 0, "HUF": 2}


ZERO_DECIMAL_CURRENCIES = tuple(code for code, places in _EXPONENTS.items() if places == 0)


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


@lru_cache(maxsize=8192)  # a catalog repeats its prices: a page formats hundreds
def format_amount(minor: int, currency: str) -> str:
    """12990, "EUR" -> "129.90"."""
    places = exponent(currency)
    if places == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**places)
    return f"{sign}{whole}.{fraction:0{places}d}"


class InvalidAmountError(ValueError):
    """Not a decimal amount, or more decimal places than the currency has."""


def parse_amount(value: str, currency: str) -> int:
    """ "129.90", "EUR" -> 12990; refuses "1.999" for EUR and anything not a plain decimal."""
    try:
        amount = Decimal(value.strip())
    except (InvalidOperation, AttributeError) as exc:
        raise InvalidAmountError(f"{value!r} is not a decimal amount") from exc
    if not amount.is_finite():
        raise InvalidAmountError(f"{value!r} is not a decimal amount")
    places = exponent(currency)
    scaled = amount.scaleb(places)
    if scaled != scaled.to_integral_value(rounding=ROUND_HALF_EVEN):
        raise InvalidAmountError(f"{value!r} has more than {places} decimal places")
    return int(scaled)
