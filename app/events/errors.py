"""Error codes of webhook subscriptions and deliveries."""

from __future__ import annotations

from enum import Enum


class WebhookErrorCode(str, Enum):
    INVALID = "INVALID"
    INVALID_URL = "INVALID_URL"
    UNSAFE_URL = "UNSAFE_URL"
    UNKNOWN_TOPIC = "UNKNOWN_TOPIC"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_DELIVERED = "ALREADY_DELIVERED"
