"""Discount error codes (admin mutations; the cart reports its own)."""

from __future__ import annotations

from enum import Enum


class DiscountErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    TAKEN = "TAKEN"


class Inapplicable(str, Enum):
    """Why a known code does not apply to a cart."""

    NOT_STARTED = "NOT_STARTED"
    ENDED = "ENDED"
    MINIMUM_SUBTOTAL = "MINIMUM_SUBTOTAL"
    USAGE_LIMIT = "USAGE_LIMIT"
    PER_EMAIL_LIMIT = "PER_EMAIL_LIMIT"
    NO_ELIGIBLE_LINES = "NO_ELIGIBLE_LINES"
