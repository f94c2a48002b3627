"""The one exception services raise to reject input (no GraphQL here)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum


class ServiceError(Exception):
    """Raised by a service to reject input; mutations map it to ``userErrors``.

    Raising rather than returning matters: the mutation's savepoint is rolled back, so
    nothing of a half-done change remains.
    """

    def __init__(self, code: Enum, message: str, field: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = list(field) if field is not None else None
