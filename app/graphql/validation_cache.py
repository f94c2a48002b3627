"""Validation: the linear document limits first, then the spec's rules; results cached per
parsed document, by identity.

Strawberry's ValidationCache keys an lru_cache on the document, and hashing a graphql-core
DocumentNode walks the whole tree: ~60 us per request for the category page. ParserCache
hands back the same DocumentNode for the same query text, so the document's identity (with
the schema's, and the rules) is a sufficient key; the entry holds the document and the
schema, so no id is reused while it lives. A refused document is cached too, so sending
the same costly document again costs a lookup.

Introspection is refused by adding graphql-core's NoSchemaIntrospectionCustomRule for the
callers `EDESTORY_INTROSPECTION` excludes; the rule is part of the cache key.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from graphql import OperationDefinitionNode
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from app.graphql.input_text import variable_error
from app.graphql.limits import DocumentLimits, limit_errors

_MAX = 1024
_results: OrderedDict[tuple[int, int, Any], tuple[Any, Any, Any]] = OrderedDict()


def _validate(
    schema: Any,
    document: Any,
    rules: Any,
    limits: DocumentLimits = DocumentLimits(),
    observe: Callable[[float], None] | None = None,
) -> Any:
    """The document's errors; `observe` is told how long a validation that ran took."""
    key = (id(schema), id(document), (tuple(rules), limits))
    entry = _results.get(key)
    if entry is not None and entry[0] is schema and entry[1] is document:
        _results.move_to_end(key)
        return entry[2]
    started = time.perf_counter()
    # The limits run alone first: a document they refuse never reaches the spec's rules.
    errors = limit_errors(document, limits) or validate_document(schema, document, rules)
    if observe is not None:
        observe(time.perf_counter() - started)
    _results[key] = (schema, document, errors)
    if len(_results) > _MAX:
        _results.popitem(last=False)
    return errors


def introspection_allowed(setting: str, context: Any) -> bool:
    """`all`, `off`, or `staff`: callers with a staff token or an API key."""
    if setting == "all":
        return True
    if setting == "off":
        return False
    principal = getattr(context, "principal", None)
    return bool(principal is not None and principal.is_admin)


class AmbiguousOperationError(CannotGetOperationTypeError):
    """Several operations and no `operationName`: graphql-core would run the first, the
    spec says the request is an error. The view answers it 400, as an unknown name."""

    def as_http_error_reason(self) -> str:
        return "The document has several operations; name one with `operationName`"


class DocumentValidation(SchemaExtension):
    """Validates with the limits, the rules and the introspection setting; records the time
    a validation (a cache miss) took in `edestory_graphql_validation_seconds`."""

    def __init__(
        self,
        *,
        limits: DocumentLimits,
        introspection: str = "all",
        observe: Callable[[float], None] | None = None,
    ) -> None:
        self.limits = limits
        self.introspection = introspection
        self.observe = observe

    def on_parse(self) -> Iterator[None]:
        yield
        self.refuse_ambiguous(self.execution_context)

    def on_validate(self) -> Iterator[None]:
        self.validate(self.execution_context)
        yield

    @staticmethod
    def refuse_ambiguous(execution: ExecutionContext) -> None:
        """After parsing: several operations and no `operationName` are refused."""
        document = execution.graphql_document
        # `operation_name` falls back to the first operation's name; the caller's is kept here.
        if (
            document is not None
            and execution._provided_operation_name is None
            and len(document.definitions) > 1  # one definition is one operation at most
        ):
            operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if operations > 1:
                raise AmbiguousOperationError(None)

    def validate(self, execution: ExecutionContext) -> None:
        """The document's errors (and a bad variable's) as the execution's pre-execution
        errors: an empty list when it validates."""
        if execution.graphql_document is not None and execution.validation_rules:
            rules = execution.validation_rules
            if not introspection_allowed(self.introspection, execution.context):
                rules = (*rules, NoSchemaIntrospectionCustomRule)
            execution.pre_execution_errors = _validate(
                execution.schema._schema,
                execution.graphql_document,
                rules,
                self.limits,
                self.observe,
            )
            bad_variable = variable_error(execution.variables)
            if bad_variable is not None:
                execution.pre_execution_errors = [*execution.pre_execution_errors, bad_variable]
