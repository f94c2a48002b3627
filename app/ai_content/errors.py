"""Error codes of AI content, shown as ``userErrors[].code``."""

from __future__ import annotations

from enum import Enum


class AiContentErrorCode(str, Enum):
    NOT_CONFIGURED = "NOT_CONFIGURED"  # no ANTHROPIC_API_KEY
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    BUDGET_EXCEEDED = "BUDGET_EXCEEDED"
    ALREADY_DECIDED = "ALREADY_DECIDED"  # approving or rejecting a draft that is not PENDING
    MODEL_FAILED = "MODEL_FAILED"  # the API refused or answered something unusable
