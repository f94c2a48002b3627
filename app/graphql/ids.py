"""Opaque global IDs: base64url of ``Type:uuid``, in one canonical spelling.

The canonical form is what `to_global_id` writes: unpadded base64url of the type name, a
colon and the UUID in lowercase hyphenated form. Anything else (padding, an upper-case or
braced UUID, a URN) is malformed: two spellings of one ID would defeat caches and
idempotency keys keyed on the text. Every `ID` argument of the schema is a global ID, so
the `ID` scalar refuses malformed ones where input enters (`parse_id_input`), as
BAD_USER_INPUT; a well-formed ID of another type or of no visible object stays a NOT_FOUND
userError or null, as each field documents.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Any

from graphql import (
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    StringValueNode,
    ValueNode,
)

from app.graphql.errors import BadUserInput

_URLSAFE = bytes.maketrans(b"+/", b"-_")
_b64 = binascii.b2a_base64


# (type name, uuid) -> global id: a storefront shows the same products again and again, and
# a page makes hundreds of IDs. Bounded: cleared when full, like the other value caches.
# Read directly by expressions that inline the lookup (app/catalog/reads/build.py); only
# to_global_id writes it, and only for UUIDs (so a hit is always the right text).
CACHED_IDS: dict[tuple[str, uuid.UUID], str] = {}
MAX_CACHED_IDS = 16384
_UUID = uuid.UUID


def to_global_id(type_name: str, value: uuid.UUID) -> str:
    if isinstance(value, _UUID):  # only UUIDs: 1 == True would share an entry
        key = (type_name, value)
        found = CACHED_IDS.get(key)
        if found is None:
            found = _encode(type_name, value)
            if len(CACHED_IDS) >= MAX_CACHED_IDS:
                CACHED_IDS.clear()
            CACHED_IDS[key] = found
        return found
    return _encode(type_name, value)


def _encode(type_name: str, value: Any) -> str:
    # base64.urlsafe_b64encode is two Python calls around these C ones.
    raw = f"{type_name}:{value}".encode()
    return _b64(raw, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


class MalformedIdError(ValueError):
    """An `ID` input that is not a global ID in its canonical form."""


def decode_global_id(global_id: str) -> tuple[str, uuid.UUID] | None:
    """(type name, uuid), or None when the string is not one of our IDs."""
    if not isinstance(global_id, str) or len(global_id) > 200:
        return None
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        value = uuid.UUID(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not type_name or to_global_id(type_name, value) != global_id:
        return None  # not the canonical spelling
    return type_name, value


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


def parse_id_input(value: object) -> str:
    """The `ID` scalar's input coercion: a canonical global ID, else MalformedIdError."""
    if isinstance(value, str) and decode_global_id(value) is not None:
        return value
    shown = value[:40] if isinstance(value, str) else value
    raise MalformedIdError(f"{shown!r} is not a valid global ID")


def _parse_id_literal(node: ValueNode, _variables: Any = None) -> str:
    if isinstance(node, StringValueNode):
        return parse_id_input(node.value)
    raise MalformedIdError("an ID is a string")


# graphql-core guards the standard scalars' names in GraphQLNamedType.__new__ (a schema
# being built may not redefine them); this one replaces ID in a built schema, whole.
GLOBAL_ID: GraphQLScalarType = object.__new__(GraphQLScalarType)
GraphQLScalarType.__init__(
    GLOBAL_ID,
    "ID",
    description=GraphQLID.description,
    coerce_output_value=GraphQLID.coerce_output_value,
    coerce_input_value=parse_id_input,
    coerce_input_literal=_parse_id_literal,
)


def _swapped(kind: Any) -> Any:
    if kind is GraphQLID:
        return GLOBAL_ID
    if isinstance(kind, GraphQLNonNull):
        inner = _swapped(kind.of_type)
        return kind if inner is kind.of_type else GraphQLNonNull(inner)
    if isinstance(kind, GraphQLList):
        inner = _swapped(kind.of_type)
        return kind if inner is kind.of_type else GraphQLList(inner)
    return kind


def refuse_malformed_ids(schema: GraphQLSchema) -> None:
    """Give `schema` an `ID` scalar whose input coercion is `parse_id_input`.

    graphql-core refuses a schema that defines its own `ID` while it is being built, and
    its one GraphQLID object is shared by every schema in the process; so the built
    schema's references to it (arguments, input and output fields, the type map) are
    swapped for GLOBAL_ID, an `ID` that takes only global IDs. Output is unchanged."""
    schema.type_map["ID"] = GLOBAL_ID
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field in named.fields.values():
                field.type = _swapped(field.type)
                for argument in field.args.values():
                    argument.type = _swapped(argument.type)
        elif isinstance(named, GraphQLInputObjectType):
            for input_field in named.fields.values():
                input_field.type = _swapped(input_field.type)
