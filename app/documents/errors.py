"""Error codes of persisted operations: userErrors of the registration mutation, and the
GraphQL error codes a request with a persisted operation may answer."""

from __future__ import annotations

from enum import Enum


class DocumentErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    TOO_LARGE = "TOO_LARGE"
    TOO_MANY = "TOO_MANY"


class PersistedCode(str, Enum):
    """`extensions.code` of a request refused before parsing."""

    NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
    TOO_LARGE = "PERSISTED_QUERY_TOO_LARGE"
    DOCUMENT_NOT_FOUND = "PERSISTED_DOCUMENT_NOT_FOUND"
    REQUIRED = "PERSISTED_QUERY_REQUIRED"
    BAD_REQUEST = "BAD_REQUEST"


class PersistedError(Exception):
    """A persisted-operation request that cannot run; the view answers it as a GraphQL error."""

    def __init__(self, code: PersistedCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
