"""Relay connections with keyset cursors: stable under inserts, one statement per page."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
import strawberry
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    Float,
    Integer,
    Numeric,
    Select,
    SmallInteger,
    String,
    and_,
    bindparam,
    or_,
)
from sqlalchemy.dialects.postgresql import UUID

from app.graphql.errors import BadUserInput
from app.graphql.input_text import is_storable

T = TypeVar("T")
MAX_PAGE = 250
DEFAULT_PAGE = 50


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


class LazyPageInfo(PageInfo):
    """PageInfo whose cursors are encoded when read: nested connections (a product's
    variants on a category page) rarely select them."""

    def __init__(
        self,
        has_next_page: bool,
        has_previous_page: bool,
        count: int,
        cursor_of: Callable[[int], str],
    ) -> None:
        self.has_next_page = has_next_page
        self.has_previous_page = has_previous_page
        self._count = count
        self._cursor_of = cursor_of

    @property
    def start_cursor(self) -> str | None:  # type: ignore[override]
        return self._cursor_of(0) if self._count else None

    @property
    def end_cursor(self) -> str | None:  # type: ignore[override]
        return self._cursor_of(self._count - 1) if self._count else None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    nodes: list[T]
    page_info: PageInfo
    total_count: int | None = None
    # The cursor of each node, made only when `edges` is selected: a page of products with
    # its variants has hundreds of them, and most clients read `nodes`.
    cursor_of: strawberry.Private[Callable[[int], str]] = lambda _: ""

    @strawberry.field
    def edges(self) -> list[Edge[T]]:
        return [Edge(cursor=self.cursor_of(i), node=node) for i, node in enumerate(self.nodes)]


@dataclass(frozen=True, slots=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    @property
    def forward(self) -> bool:
        return self.last is None

    @property
    def limit(self) -> int:
        if self.first is not None and self.last is not None:
            raise BadUserInput("Pass `first` or `last`, not both")
        size = self.first if self.forward else self.last
        if size is None:
            return DEFAULT_PAGE
        if size < 0:
            raise BadUserInput("`first` and `last` cannot be negative")
        if size > MAX_PAGE:
            raise BadUserInput(f"`first` and `last` are capped at {MAX_PAGE}", maximum=MAX_PAGE)
        return size

    @property
    def cursor(self) -> str | None:
        return self.after if self.forward else self.before


@dataclass(frozen=True, slots=True)
class SortKey:
    """The columns a list is ordered by; the last one must be unique (the id)."""

    columns: Sequence[ColumnElement[Any]]
    descending: bool = False


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def encode_cursor(values: Sequence[Any]) -> str:
    # base64.urlsafe_b64encode is two Python calls around these C ones (as in ids.py)
    raw = orjson.dumps(list(values), default=str)
    return binascii.b2a_base64(raw, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


_INT_BOUNDS = ((SmallInteger, 2**15), (BigInteger, 2**63), (Integer, 2**31))
_PLAIN = (str, int, float)


class _UnfitError(ValueError):
    """A cursor value that does not fit its sort column's type."""


def _integer(raw: Any, bound: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not -bound <= raw < bound:
        raise _UnfitError(raw)
    return raw


def _decode_value(column: ColumnElement[Any], raw: Any) -> Any:
    """`raw` as a value of the column's declared type, or _UnfitError.

    A forged cursor is well-formed JSON with values of the wrong type or range (`[1, 1]`
    on a price sort, an int where a UUID belongs, 2^63, year 0): each used to reach the
    driver or PostgreSQL and come back as a masked error. Sort columns are never null.
    """
    kind = column.type
    if isinstance(kind, DateTime):
        if not isinstance(raw, str):
            raise _UnfitError(raw)
        value = dt.datetime.fromisoformat(raw)
        if kind.timezone and value.tzinfo is None:
            raise _UnfitError(raw)
        return value
    if isinstance(kind, UUID):
        if not isinstance(raw, str):
            raise _UnfitError(raw)
        return uuid.UUID(raw)
    if isinstance(kind, Float):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise _UnfitError(raw)
        if not math.isfinite(raw) or abs(raw) > 1e300:
            raise _UnfitError(raw)
        return float(raw)
    for integer_type, bound in _INT_BOUNDS:
        if isinstance(kind, integer_type):
            return _integer(raw, bound)
    if isinstance(kind, Numeric):
        return _integer(raw, 2**63)
    if isinstance(kind, String):
        if not isinstance(raw, str) or not is_storable(raw):
            raise _UnfitError(raw)
        return raw
    # An expression without a declared type: plain JSON scalars only, ints as int8.
    if isinstance(raw, bool) or not isinstance(raw, _PLAIN):
        raise _UnfitError(raw)
    if isinstance(raw, int):
        return _integer(raw, 2**63)
    if isinstance(raw, str) and not is_storable(raw):
        raise _UnfitError(raw)
    return raw


def _cursor_values(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, TypeError, orjson.JSONDecodeError) as exc:
        raise BadUserInput("Invalid cursor", argument="cursor") from exc
    if not isinstance(raw, list):
        raise BadUserInput("Invalid cursor", argument="cursor")
    return raw


def decode_cursor(cursor: str, sort: SortKey) -> list[Any]:
    """The cursor's values, each of its sort column's type; BAD_USER_INPUT otherwise."""
    raw = _cursor_values(cursor)
    if len(raw) != len(sort.columns):
        raise BadUserInput("Invalid cursor", argument="cursor")
    try:
        return [_decode_value(c, v) for c, v in zip(sort.columns, raw, strict=True)]
    except (ValueError, TypeError, OverflowError) as exc:
        raise BadUserInput("Invalid cursor", argument="cursor") from exc


def decode_cursor_like(cursor: str, sample: Sequence[Any]) -> list[Any]:
    """A cursor of an in-memory list: values of the JSON types of `sample`, a key of the
    list (app/catalog/nested.py compares them with the items' keys, and `"a" > 1` raised)."""
    raw = _cursor_values(cursor)
    if len(raw) != len(sample):
        raise BadUserInput("Invalid cursor", argument="cursor")
    for value, like in zip(raw, sample, strict=True):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(like, str) != isinstance(value, str) or (
            not isinstance(like, str) and not number
        ):
            raise BadUserInput("Invalid cursor", argument="cursor")
    return raw


def _after(sort: SortKey, values: list[Any], ascending: bool) -> ColumnElement[bool]:
    """Rows strictly after `values` in lexicographic order of the sort columns."""
    clauses = []
    for i, column in enumerate(sort.columns):
        equal = [c == v for c, v in zip(sort.columns[:i], values[:i], strict=True)]
        beyond = column > values[i] if ascending else column < values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)


def page_statement(statement: Select[Any], sort: SortKey, args: PageArgs) -> Select[Any]:
    """Add the keyset predicate, the order and limit+1 (to know whether more rows exist)."""
    # Walking backwards (last/before) reads the sort order reversed, then flips the page.
    ascending = sort.descending != args.forward
    if args.cursor:
        statement = statement.where(_after(sort, decode_cursor(args.cursor, sort), ascending))
    order = [c.asc() if ascending else c.desc() for c in sort.columns]
    return statement.order_by(*order).limit(args.limit + 1)


def keyset_shape(
    statement: Select[Any], sort: SortKey, *, forward: bool, after: bool
) -> Select[Any]:
    """`page_statement` with the cursor's values and the limit as bind parameters
    (`cursor_0`..., `page_limit`), so one shape is built and compiled once
    (app/db/prepared.py); `keyset_params` gives this call's values."""
    ascending = sort.descending != forward
    if after:
        values: list[Any] = [
            bindparam(f"cursor_{i}", type_=column.type) for i, column in enumerate(sort.columns)
        ]
        statement = statement.where(_after(sort, values, ascending))
    order = [c.asc() if ascending else c.desc() for c in sort.columns]
    return statement.order_by(*order).limit(bindparam("page_limit", type_=Integer()))


def keyset_params(sort: SortKey, args: PageArgs) -> dict[str, Any]:
    params: dict[str, Any] = {"page_limit": args.limit + 1}
    if args.cursor:
        values = decode_cursor(args.cursor, sort)
        params.update({f"cursor_{i}": value for i, value in enumerate(values)})
    return params


def build_connection(
    rows: Sequence[Any],
    args: PageArgs,
    to_node: Callable[[Any], T],
    cursor_values: Callable[[Any], Sequence[Any]],
    total_count: int | None = None,
) -> Connection[T]:
    """Turn the limit+1 rows of `page_statement` into a connection."""
    limit = args.limit
    has_more = len(rows) > limit
    rows = list(rows[:limit])
    if not args.forward:
        rows.reverse()
    nodes = [to_node(r) for r in rows]

    def cursor_of(index: int) -> str:
        return encode_cursor(cursor_values(rows[index]))

    return Connection(
        nodes=nodes,
        page_info=LazyPageInfo(
            has_next_page=has_more if args.forward else args.before is not None,
            has_previous_page=args.after is not None if args.forward else has_more,
            count=len(rows),
            cursor_of=cursor_of,
        ),
        total_count=total_count,
        cursor_of=cursor_of,
    )
