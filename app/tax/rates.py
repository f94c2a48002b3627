"""EU VAT rates by member state, in basis points (2100 = 21%), as in force in 2025/2026.

`STANDARD` has all 27 member states' standard rates. `REDUCED` is each state's main reduced
rate (the one that applies to most reduced-rate goods: books, food, medicines); a state
without a reduced rate for goods (Denmark) charges its standard rate. A destination outside
the EU is charged no VAT (an export). Source: the European Commission's "VAT rates applied in
the Member States" (taxation_customs), with the 2024-2025 changes of FI, EE, RO and SK.
"""

from __future__ import annotations

STANDARD: dict[str, int] = {
    "AT": 2000, "BE": 2100, "BG": 2000, "HR": 2500, "CY": 1900, "CZ": 2100, "DK": 2500,
    "EE": 2400, "FI": 2550, "FR": 2000, "DE": 1900, "GR": 2400, "HU": 2700, "IE": 2300,
    "IT": 2200, "LV": 2100, "LT": 2100, "LU": 1700, "MT": 1800, "NL": 2100, "PL": 2300,
    "PT": 2300, "RO": 2100, "SK": 2300, "SI": 2200, "ES": 2100, "SE": 2500,
}  # fmt: skip

REDUCED: dict[str, int] = {
    "AT": 1000, "BE": 600, "BG": 900, "HR": 1300, "CY": 500, "CZ": 1200, "DK": 2500,
    "EE": 900, "FI": 1400, "FR": 550, "DE": 700, "GR": 1300, "HU": 500, "IE": 1350,
    "IT": 1000, "LV": 1200, "LT": 900, "LU": 800, "MT": 700, "NL": 900, "PL": 800,
    "PT": 600, "RO": 1100, "SK": 1900, "SI": 950, "ES": 1000, "SE": 1200,
}  # fmt: skip

assert len(STANDARD) == 27 and STANDARD.keys() == REDUCED.keys()
