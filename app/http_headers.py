"""A request header read straight from the ASGI scope.

Starlette's `Headers.get` of a header the request lacks raises and catches a KeyError
(`Mapping.get` over `__getitem__`); on the request path `accept`, `accept-language` and
`authorization` are usually absent. This finds the same value: the first header of that
name (ASGI gives names in lowercase), decoded as Starlette decodes it (latin-1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def header(scope: Mapping[str, Any], name: bytes, default: str = "") -> str:
    """The first `name` header's value (`name` in lowercase), else `default`."""
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")  # type: ignore[no-any-return]
    return default
