"""The schema's execute runs the app's extension steps in place (app/graphql/operation.py):
it must answer as Strawberry's own execute, which runs them as schema extensions.

Each document goes through both on the same schema (the app's, both executors), with the
same kind of context, and the results (data, errors as the client sees them, extensions),
the exception raised and what the steps leave on the context must be equal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry
from strawberry.types.graphql import OperationType

from app.graphql.operation import execute_operation
from app.schema import Schema, build_schema
from app.settings import Settings


@dataclass
class _Context:
    """What the steps read of the app's Context when no resolver runs."""

    request_id: str = "req-1"
    language: str | None = None
    principal: Any = None
    request: Any = None
    response: Any = None


PRODUCTS = "{ products(first: 5) { edges { node { id } } } }"

CASES: dict[str, tuple[str | None, dict[str, Any]]] = {
    "typename": ("{ __typename }", {}),
    "named of several": (
        "query A { __typename } query B { b: __typename }",
        {"operation_name": "B"},
    ),
    "several, none named": ("query A { __typename } query B { __typename }", {}),
    "unknown name": ("query A { __typename }", {"operation_name": "Nope"}),
    "syntax error": ("{ __typename ", {}),
    "validation error": ("{ noSuchField }", {}),
    "too deep": (
        "{ products(first: 1) { edges { node { variants(first: 1) { nodes { id } } } } } }",
        {},
    ),
    "mutation where only queries go": (
        "mutation { __typename }",
        {"allowed_operation_types": {OperationType.QUERY}},
    ),
    "missing query": (None, {}),
    "bad variable": ("query ($n: Int) { __typename }", {"variable_values": {"n": "x"}}),
    "over the cost": ("{ products(first: 100) { edges { node { id title } } } }", {}),
    "resolver error (masked)": (PRODUCTS, {}),
    "language directive": ("query Q @inContext(language: DE) { __typename }", {}),
}


def _seen(result: Any) -> dict[str, Any]:
    return {
        "data": result.data,
        "errors": [e.formatted for e in result.errors or []],
        "extensions": result.extensions,
    }


async def _run(execute: Any, query: str | None, kwargs: dict[str, Any]) -> dict[str, Any]:
    context = _Context()
    try:
        result = await execute(query, context_value=context, **kwargs)
    except Exception as refused:  # the exception is what is compared
        return {"raised": type(refused), "args": refused.args}
    return {**_seen(result), "language": context.language}


@pytest.fixture
def schema(settings: Settings) -> Schema:
    # Rate limits off: the bucket is Redis's, checked by tests/graphql/test_throttle*.
    return build_schema(
        Settings(
            fast_execution=settings.fast_execution,
            max_query_cost=20,
            max_query_depth=4,
            rate_limit=False,
        )
    )


@pytest.mark.parametrize("case", list(CASES))
async def test_steps_answer_as_strawberrys_extensions(
    schema: Schema, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    query, kwargs = CASES[case]
    assert schema.steps is not None

    async def lean(query: str | None, **kw: Any) -> Any:
        return await execute_operation(schema, schema.steps, query, **kw)  # type: ignore[arg-type]

    async def strawberrys(query: str | None, **kw: Any) -> Any:
        return await strawberry.Schema.execute(schema, query, **kw)

    with caplog.at_level(logging.ERROR, logger="edestory.graphql"):
        expected = await _run(strawberrys, query, kwargs)
        logged_before = len(caplog.records)
        got = await _run(lean, query, kwargs)
        logged_after = len(caplog.records) - logged_before
    assert got == expected
    # An unexpected error is logged once on each path (masked for the caller).
    assert logged_after == logged_before


async def test_the_cases_reach_each_step(schema: Schema) -> None:
    """Guard against a comparison of two answers that never exercise the steps."""

    async def lean(query: str | None, **kw: Any) -> Any:
        return await execute_operation(schema, schema.steps, query, **kw)  # type: ignore[arg-type]

    seen = {case: await _run(lean, *CASES[case]) for case in CASES}
    assert seen["typename"]["data"] == {"__typename": "Query"}
    assert seen["typename"]["extensions"]["cost"]["requestedQueryCost"] >= 0
    assert seen["several, none named"]["raised"].__name__ == "AmbiguousOperationError"
    assert seen["unknown name"]["raised"].__name__ == "CannotGetOperationTypeError"
    assert seen["mutation where only queries go"]["raised"].__name__ == (
        "InvalidOperationTypeError"
    )
    assert seen["missing query"]["raised"].__name__ == "MissingQueryError"
    assert seen["syntax error"]["errors"][0]["message"].startswith("Syntax Error")
    assert seen["too deep"]["errors"]
    assert seen["bad variable"]["errors"]
    codes = [e["extensions"]["code"] for e in seen["over the cost"]["errors"]]
    assert codes == ["MAX_COST_EXCEEDED"]
    masked = seen["resolver error (masked)"]["errors"][0]
    assert masked["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-1"}
    assert seen["language directive"]["language"] == "de"
