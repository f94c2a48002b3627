"""Error codes of order administration."""

from __future__ import annotations

from enum import Enum


class OrderErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    LINE_NOT_FOUND = "LINE_NOT_FOUND"
    NOTHING_TO_FULFILL = "NOTHING_TO_FULFILL"
