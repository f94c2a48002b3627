"""Masks unexpected errors: the caller sees a code and a request id, the log sees the trace."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from app.graphql.errors import PublicError

log = logging.getLogger("edestory.graphql")


def _is_callers_mistake(error: GraphQLError) -> bool:
    """Shown as is: our public errors, and request errors (syntax, validation, variables).

    Request errors have no path. graphql-core words them for the caller and locates them in
    the document, even when it wraps a scalar's ValueError (`price: "abc"`). An error with a
    path arose while executing, so anything there but a PublicError is our fault (a
    resolver's exception, a null in a non-null field) and is masked, as is an unlocated
    exception from outside execution (an extension's).
    """
    original = error.original_error
    if isinstance(original, PublicError):
        return True
    if error.path is not None:
        return False
    return original is None or isinstance(original, GraphQLError) or bool(error.nodes)


class MaskUnexpectedErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        mask_errors(self.execution_context)


def mask_errors(execution_context: ExecutionContext) -> None:
    """After the operation: its result's unexpected errors replaced by a masked one each,
    logged with their trace (the extension's hook; the schema's execute calls it too)."""
    result = execution_context.result
    if result is None or not getattr(result, "errors", None):
        return
    request_id = getattr(execution_context.context, "request_id", None)
    processed = []
    for error in result.errors or []:
        if _is_callers_mistake(error):
            processed.append(error)
            continue
        original = error.original_error or error
        log.error(
            "unexpected error in %s",
            ".".join(map(str, error.path or [])) or "operation",
            exc_info=(type(original), original, original.__traceback__),
            extra={"request_id": request_id},
        )
        processed.append(
            GraphQLError(
                "Internal server error",
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            )
        )
    result.errors = processed
