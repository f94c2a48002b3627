"""Error codes of the inventory domain, shown as ``userErrors[].code``."""

from __future__ import annotations

from enum import Enum


class InventoryErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    NEGATIVE_QUANTITY = "NEGATIVE_QUANTITY"
    BELOW_RESERVED = "BELOW_RESERVED"
    INVALID = "INVALID"
    # The mutation pipeline's idempotency codes (app/graphql/mutations.py).
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    IDEMPOTENCY_KEY_IN_PROGRESS = "IDEMPOTENCY_KEY_IN_PROGRESS"
