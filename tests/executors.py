"""Every GraphQL test runs on both executors, and the fast one must answer as the reference.

conftest.py parametrizes the session's settings by executor: `fast` (the fast path, as
served) and `reference` (`EDESTORY_FAST_EXECUTION=0`: graphql-core's own executor and
Strawberry's resolver wrapper on every field, i.e. `build_schema(fast=False)`). Every test
that uses the app runs once per executor, mutations included.

On the fast app, each query is also run on the reference schema, in the same request's
transaction with a fresh context (its own loaders), and the two answers are compared;
a difference fails the test that sent the query (`assert_no_mismatch`). Statement-count
measurements skip that second run (it would double their statements).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from graphql import OperationType, get_operation_ast, parse
from graphql.error import GraphQLSyntaxError
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.types import ExecutionResult

from app.graphql.view import _ensure_code
from app.schema import Schema, build_schema
from app.settings import Settings

EXECUTORS = ["fast", "reference"]
MISMATCHES: list[str] = []


class Comparing:
    """Executes with the served (fast) schema, compares queries with the reference."""

    measuring = False  # set while a test counts statements

    def __init__(self, served: Schema, reference: Schema) -> None:
        self.served = served
        self.reference = reference

    def __getattr__(self, name: str) -> Any:
        return getattr(self.served, name)

    async def execute(self, query: str | None, **kwargs: Any) -> ExecutionResult:
        result = await self.served.execute(query, **kwargs)
        if Comparing.measuring or not _is_query(query, kwargs.get("operation_name")):
            return result
        context = kwargs["context_value"]
        shadow = dataclasses.replace(context, _loaders={}, idempotent=[])
        reference = await self.reference.execute(query, **{**kwargs, "context_value": shadow})
        if _normalised(result) != _normalised(reference) and not await self._moved_on(
            query, kwargs, context, reference
        ):
            MISMATCHES.append(
                f"{query}\nfast:      {_normalised(result)}\nreference: {_normalised(reference)}"
            )
        return result

    async def _moved_on(
        self, query: str, kwargs: dict[str, Any], context: Any, reference: ExecutionResult
    ) -> bool:
        """Whether the data changed between the two runs rather than the executors
        differing: each statement of a READ COMMITTED transaction sees what committed
        before it (a worker's job progress, polled by a test), so the fast path is run once
        more, after the reference, and a difference that this run no longer shows was the
        data's."""
        shadow = dataclasses.replace(context, _loaders={}, idempotent=[])
        again = await self.served.execute(query, **{**kwargs, "context_value": shadow})
        return _normalised(again) == _normalised(reference)


def serve_comparing(app: Starlette, settings: Settings) -> None:
    """Put a Comparing schema in front of the app's fast schema."""
    view = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    view.schema = Comparing(view.schema, build_schema(settings, fast=False))


def _is_query(query: str | None, operation_name: str | None) -> bool:
    if not query:
        return False
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLSyntaxError:
        return False
    return operation is not None and operation.operation is OperationType.QUERY


def _normalised(result: ExecutionResult) -> dict[str, Any]:
    # Codes as the client sees them: the view fills in the code of parse and validation
    # errors, and a cached validation error keeps the code an earlier request gave it.
    for error in result.errors or []:
        _ensure_code(error)
    errors = sorted(
        (e.message, tuple(e.path or ()), str((e.extensions or {}).get("code")))
        for e in result.errors or []
    )
    return {"data": result.data, "errors": errors}
