"""GraphQL errors with a stable ``extensions.code``; anything else is masked."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class PublicError(GraphQLError):
    """An error whose message and code are safe to show to the caller."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class Unauthenticated(PublicError):
    code = "UNAUTHENTICATED"


class Forbidden(PublicError):
    code = "FORBIDDEN"


class BadUserInput(PublicError):
    code = "BAD_USER_INPUT"


class NotFound(PublicError):
    code = "NOT_FOUND"


class Throttled(PublicError):
    code = "THROTTLED"
