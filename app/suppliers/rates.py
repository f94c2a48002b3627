"""Exchange rates for supplier costs: the value of one unit of a currency in EUR.

The table below is the default (its date is RATES_DATE); EDESTORY_EXCHANGE_RATES overrides or
adds currencies ("USD=0.92,CNY=0.128"). A conversion between two currencies goes through EUR.
A currency with no rate is refused by name rather than priced at a guess.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

RATES_DATE = dt.date(2026, 11, 1)
DEFAULT_EUR_RATES: dict[str, Decimal] = {
    "EUR": Decimal(1),
    "USD": Decimal("0.92"),
    "CNY": Decimal("0.128"),
    "GBP": Decimal("1.17"),
    "HKD": Decimal("0.118"),
    "PLN": Decimal("0.23"),
    "SEK": Decimal("0.087"),
    "DKK": Decimal("0.134"),
    "CHF": Decimal("1.05"),
    "CZK": Decimal("0.040"),
}


class RateError(ValueError):
    """A currency without a rate, or a malformed EDESTORY_EXCHANGE_RATES."""


def parse_rates(setting: str) -> dict[str, Decimal]:
    """The default table with the setting's rates applied."""
    rates = dict(DEFAULT_EUR_RATES)
    for part in filter(None, (p.strip() for p in setting.split(","))):
        code, _, value = part.partition("=")
        try:
            rate = Decimal(value.strip())
        except InvalidOperation as exc:
            raise RateError(f"EDESTORY_EXCHANGE_RATES: {part!r} is not CODE=rate") from exc
        code = code.strip().upper()
        if len(code) != 3 or not code.isalpha() or not rate.is_finite() or rate <= 0:
            raise RateError(f"EDESTORY_EXCHANGE_RATES: {part!r} is not CODE=rate")
        rates[code] = rate
    return rates


def convert(amount: Decimal, source: str, target: str, rates: dict[str, Decimal]) -> Decimal:
    if source == target:
        return amount
    for code in (source, target):
        if code not in rates:
            raise RateError(f"No exchange rate for {code} (set EDESTORY_EXCHANGE_RATES)")
    return amount * rates[source] / rates[target]
