"""`edestory debug compiled-selections`: the Python the fast path generates for an operation."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, parse

from app.graphql import compiled_selections
from app.graphql.fast_execution import FastExecutionContext


def compiled_source(schema: GraphQLSchema, query: str, variables: dict[str, Any]) -> str:
    """The generated functions of `query`'s selection sets, as the server would make them
    (nothing runs: no resolver is called, no database is needed)."""
    ex = FastExecutionContext.build(schema, parse(query), raw_variable_values=variables)
    if isinstance(ex, list):
        raise ValueError("; ".join(error.message for error in ex))
    assert isinstance(ex, FastExecutionContext)
    if not compiled_selections.unconditional(ex):
        return "# not compiled: the operation has @skip/@include (answered field by field)\n"
    return compiled_selections.dump(ex)
