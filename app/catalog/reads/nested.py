"""Connections over small, fully sorted in-memory lists (a product's variants, images...).

Cursors are keyset cursors over the list's sort key, so they stay valid when items are
inserted; `first` is capped like every connection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from app.graphql.errors import BadUserInput
from app.graphql.pagination import (
    MAX_PAGE,
    Connection,
    LazyPageInfo,
    decode_cursor_like,
    encode_cursor,
)

T = TypeVar("T")

KeyFn = Callable[[Any], tuple[Any, ...]]


def nested_limit(first: int | None) -> int:
    if first is None:
        return MAX_PAGE
    if first < 0:
        raise BadUserInput("`first` cannot be negative")
    if first > MAX_PAGE:
        raise BadUserInput(f"`first` is capped at {MAX_PAGE}", maximum=MAX_PAGE)
    return first


def _json_key(key: tuple[Any, ...]) -> list[Any]:
    return [str(k) if not isinstance(k, int | float | str) else k for k in key]


def slice_connection(
    items: Sequence[T], key: KeyFn, first: int | None, after: str | None
) -> Connection[T]:
    """A connection over `items`, which are in `key` order; one item past the page (when
    present) tells that a next page exists."""
    limit = nested_limit(first)
    start = 0
    if after and items:
        # Typed against the list's own keys: a forged `["a", 1]` cannot be compared.
        wanted = decode_cursor_like(after, _json_key(key(items[0])))
        start = next(
            (i for i, item in enumerate(items) if _json_key(key(item)) > wanted), len(items)
        )
    window = items[start : start + limit]
    if window.__class__ is not list:
        window = list(window)
    has_next = len(items) > start + limit

    def cursor_of(index: int) -> str:
        return encode_cursor(_json_key(key(window[index])))

    return Connection(
        nodes=window,
        page_info=LazyPageInfo(
            has_next_page=has_next,
            has_previous_page=start > 0,
            count=len(window),
            cursor_of=cursor_of,
        ),
        cursor_of=cursor_of,
    )
