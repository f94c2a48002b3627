"""Documents built to make validation or parsing slow are answered fast, with a code.

Each shape below was exponential (fragment fan-out through the depth and alias limiters) or
quadratic (repeated fields through OverlappingFieldsCanBeMerged) before the limits were
measured once per fragment; the test times the answer, as the caller would notice it.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from app.graphql.limits import DocumentLimits, limit_errors
from tests.helpers import error_codes

FAST = 1.0  # seconds; each of these took from 5 s to minutes before


def fan_out(n: int, body: str = "__typename", on: str = "Query") -> str:
    """`{ ...F0 }` where each fragment spreads the next one twice: 2^n paths."""
    fragments = "".join(
        f"fragment F{i} on {on} {{ {body} ...F{i + 1} ...F{i + 1} }}\n" for i in range(n)
    )
    return f"{{ __typename ...F0 }}\n{fragments}fragment F{n} on {on} {{ {body} }}"


SHAPES = {
    # the example: no aliases, no depth, only spreads
    "spreads": fan_out(40),
    # aliases inside the fan-out: 2^40 of them once expanded
    "aliases": fan_out(40, "a: __typename"),
    # depth inside the fan-out: every fragment also nests a field
    "nested": fan_out(30, "shop { name }"),
    # inline fragments between the spreads
    "inline": fan_out(30, "... on Query { __typename }"),
    # one response name repeated: pairwise comparisons in OverlappingFieldsCanBeMerged
    "repeated fields": "{" + " shop { name }" * 1600 + "}",
    # the same, aliased to one name (aliases over the limit are refused before comparing)
    "repeated aliases": "{" + " x: shop { name }" * 1200 + "}",
    # fields nested as deep as the token limit lets them
    "deep": "{ shop " + "{ a " * 2400 + "}" * 2401,
}


@pytest.mark.parametrize("shape", SHAPES)
async def test_hostile_document_is_answered_fast(client: httpx.AsyncClient, shape: str) -> None:
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": SHAPES[shape]})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    body = response.json()
    assert elapsed < FAST, f"{shape} took {elapsed:.2f} s"
    codes = set(error_codes(body))
    assert "INTERNAL_SERVER_ERROR" not in codes
    assert "data" not in body or body["data"] is None or codes == set()


async def test_alias_fan_out_is_refused_as_too_many_aliases(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": SHAPES["aliases"]})
    body = response.json()
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "more than 50 aliases" in body["errors"][0]["message"]


async def test_spread_fan_out_without_aliases_runs(client: httpx.AsyncClient) -> None:
    # Execution merges the same fragment spread once per selection set, so it is cheap.
    response = await client.post("/graphql", json={"query": fan_out(40)})
    assert response.json() == {"data": {"__typename": "Query"}}


def test_limits_are_linear_in_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each selection set is measured once, fragments included: the work is counted (not
    timed, which a loaded machine would make flaky), and grows with the document's size,
    where expanding the spreads would double it per level."""
    from graphql import parse

    from app.graphql import limits as limits_module

    visits = 0
    measure = limits_module._Measurer.selection_set

    def counting(self: Any, node: Any, level: int = 0) -> Any:
        nonlocal visits
        visits += 1
        return measure(self, node, level)

    monkeypatch.setattr(limits_module._Measurer, "selection_set", counting)
    limits = DocumentLimits(max_depth=12, max_aliases=50)
    for size in (20, 200, 400):
        visits = 0
        assert limit_errors(parse(fan_out(size, "a: __typename")), limits)
        # One operation and `size + 1` fragments, each a selection set measured once.
        assert visits <= size + 2, (size, visits)


async def test_validation_time_is_a_histogram_in_metrics(client: httpx.AsyncClient) -> None:
    fresh = f"{{ v{time.time_ns()}: __typename }}"  # not in the validation cache
    await client.post("/graphql", json={"query": fresh})
    metrics = (await client.get("/metrics")).text
    assert "edestory_graphql_validation_seconds_count" in metrics
    count = next(
        float(line.split()[-1])
        for line in metrics.splitlines()
        if line.startswith("edestory_graphql_validation_seconds_count")
    )
    assert count >= 1


def test_validation_over_its_time_budget_is_aborted() -> None:
    """The budget rule looks at the clock as the rules walk the document: a budget of zero
    aborts any document of more than a few dozen nodes, with a coded error."""
    from graphql import parse
    from strawberry.schema.schema import validate_document

    from app.graphql.limits import time_budget_rule
    from app.schema import build_schema

    schema = build_schema()._schema
    document = parse("{" + " shop { name }" * 100 + "}")
    errors = validate_document(schema, document, (time_budget_rule(0.0),))
    assert [e.message for e in errors] == [
        "Validation took longer than its budget of 0 s and was aborted"
    ]
    assert validate_document(schema, document, (time_budget_rule(5.0),)) == []
