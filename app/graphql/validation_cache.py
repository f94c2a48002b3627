"""Validation results cached per parsed document, by identity.

Strawberry's ValidationCache keys an lru_cache on the document, and hashing a graphql-core
DocumentNode walks the whole tree: ~60 us per request for the category page. ParserCache
hands back the same DocumentNode for the same query text, so the document's identity (with
the schema's, and the rules) is a sufficient key; the entry holds the document and the
schema, so no id is reused while it lives.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

_MAX = 1024
_results: OrderedDict[tuple[int, int, Any], tuple[Any, Any, Any]] = OrderedDict()


def _validate(schema: Any, document: Any, rules: Any) -> Any:
    key = (id(schema), id(document), tuple(rules))  # rules: a few classes, cheap to hash
    entry = _results.get(key)
    if entry is not None and entry[0] is schema and entry[1] is document:
        _results.move_to_end(key)
        return entry[2]
    errors = validate_document(schema, document, rules)
    _results[key] = (schema, document, errors)
    if len(_results) > _MAX:
        _results.popitem(last=False)
    return errors


class IdentityValidationCache(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.validation_rules:
            context.pre_execution_errors = _validate(
                context.schema._schema,
                context.graphql_document,
                context.validation_rules,
            )
        yield
