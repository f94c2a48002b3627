"""Masks unexpected errors: the caller sees a code and a request id, the log sees the trace."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from app.graphql.errors import PublicError

log = logging.getLogger("edestory.graphql")


class MaskUnexpectedErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        request_id = getattr(self.execution_context.context, "request_id", None)
        processed = []
        for error in result.errors or []:
            original = error.original_error
            if original is None or isinstance(original, PublicError):
                processed.append(error)
                continue
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
