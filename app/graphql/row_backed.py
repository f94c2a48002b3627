"""Objects whose fields are expressions over a row, read inline by compiled selections.

A catalog page builds its products and variants as lazy objects over their rows
(app/catalog/reads/build.py): each field is computed from the row when first read. Through
the attribute that costs a descriptor call and a getter call per field read, and a page
reads ~1,000 of them, each once. A class registered here declares each field as a Python
expression over the row (`row.handle`, `money(row.price_amount, row.currency)`); the
generated selection functions (app/graphql/compiled_selections.py) evaluate it in place
when the object is an instance of exactly that class and the field was not stored in the
instance yet. Anything else reads the attribute as before, so both give the same value
(the class makes its descriptors from the same expressions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RowFields:
    """How a registered class's fields read its row."""

    row_key: str  # the row's key in the instance's __dict__
    sources: dict[str, str]  # attribute -> expression over `row`
    namespace: dict[str, Any]  # the names the expressions use (a module's globals)


_registered: dict[type, RowFields] = {}


def register(cls: type, fields: RowFields) -> None:
    """Declare `cls`'s fields as expressions over its row (a later call replaces it)."""
    _registered[cls] = fields


def row_backed(origin: type | tuple[type, ...]) -> list[tuple[type, RowFields]]:
    """The registered classes whose instances complete as `origin` (subclasses of it)."""
    return [(cls, fields) for cls, fields in _registered.items() if issubclass(cls, origin)]
