"""Text PostgreSQL cannot store is refused once, where input enters, for every field.

A NUL byte in any string (a handle, a tag filter, an email, a title) made asyncpg raise
CharacterNotInRepertoireError, which aborted the request's transaction. Lone UTF-16
surrogates cannot be encoded as UTF-8 at all. Rather than have every domain remember, both
are refused here: in the document's string literals (a validation rule, cached with the
document) and in the variables (walked once per request). The answer is BAD_USER_INPUT
naming the argument or variable path.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    ObjectFieldNode,
    StringValueNode,
    ValidationRule,
)

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "contains a NUL character or a lone surrogate, which cannot be stored"


def is_storable(value: str) -> bool:
    return _UNSTORABLE.search(value) is None


class StorableStringsRule(ValidationRule):
    """String literals in the document must be storable text."""

    def enter_string_value(
        self, node: StringValueNode, _key: Any, parent: Any, _path: Any, ancestors: Any
    ) -> None:
        if is_storable(node.value):
            return
        names = [
            a.name.value
            for a in [*ancestors, parent]
            if isinstance(a, ArgumentNode | ObjectFieldNode)
        ]
        where = ".".join(names) or "a string"
        self.report_error(
            GraphQLError(
                f"`{where}` {MESSAGE}",
                node,
                extensions={"code": "BAD_USER_INPUT", "field": names},
            )
        )


def variable_error(variables: dict[str, Any] | None) -> GraphQLError | None:
    """The first variable value (at any depth) that is not storable text, as an error."""
    if not variables:
        return None
    stack: list[tuple[list[str | int], Any]] = [([name], v) for name, v in variables.items()]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if not is_storable(value):
                where = "$" + ".".join(map(str, path))
                return GraphQLError(
                    f"Variable `{where}` {MESSAGE}",
                    extensions={"code": "BAD_USER_INPUT", "field": path},
                )
        elif isinstance(value, dict):
            stack.extend(([*path, k], v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(([*path, i], v) for i, v in enumerate(value))
    return None
