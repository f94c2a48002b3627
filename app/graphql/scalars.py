"""Custom scalars: Decimal travels as a string ("29.90") in both directions."""

from __future__ import annotations

import re
from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

_DECIMAL = re.compile(r"^-?\d{1,15}(\.\d{1,12})?$")


def _parse_decimal(value: object) -> str:
    text = str(value).strip() if isinstance(value, str | int | float) else ""
    if not _DECIMAL.match(text):
        raise ValueError(f'Decimal must be a string such as "19.90", got {value!r}')
    return text


# A NewType so annotations type-check as str; the schema maps it (SCALAR_MAP).
Decimal = NewType("Decimal", str)

SCALAR_MAP: dict[object, ScalarDefinition] = {
    Decimal: strawberry.scalar(
        name="Decimal",
        description='A decimal number as a string, such as "19.90".',
        serialize=str,
        parse_value=_parse_decimal,
    ),
}
