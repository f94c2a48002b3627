"""Opaque global IDs: base64url of ``Type:uuid``."""

from __future__ import annotations

import base64
import binascii
import uuid

from app.graphql.errors import BadUserInput


def to_global_id(type_name: str, value: uuid.UUID) -> str:
    raw = f"{type_name}:{value}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_global_id(global_id: str) -> tuple[str, uuid.UUID] | None:
    """(type name, uuid), or None when the string is not one of our IDs."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        return type_name, uuid.UUID(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def parse_global_id(global_id: str, type_name: str) -> uuid.UUID | None:
    """The uuid inside an ID of the given type, or None (wrong type or malformed)."""
    decoded = decode_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    return decoded[1]


def require_global_id(global_id: str, type_name: str, argument: str = "id") -> uuid.UUID:
    value = parse_global_id(global_id, type_name)
    if value is None:
        raise BadUserInput(f"`{argument}` is not a valid {type_name} ID", argument=argument)
    return value
