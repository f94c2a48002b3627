"""Shipping error codes."""

from __future__ import annotations

from enum import Enum


class ShippingErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    TAKEN = "TAKEN"
