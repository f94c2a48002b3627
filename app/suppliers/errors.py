"""Supplier and pricing-rule error codes."""

from __future__ import annotations

from enum import Enum


class SupplierErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    TAKEN = "TAKEN"
    REQUIRED = "REQUIRED"
    UNSAFE_URL = "UNSAFE_URL"
    SUPPLIER_UNAVAILABLE = "SUPPLIER_UNAVAILABLE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    IDEMPOTENCY_KEY_IN_PROGRESS = "IDEMPOTENCY_KEY_IN_PROGRESS"
