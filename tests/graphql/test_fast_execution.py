"""The fast path answers exactly what graphql-core answers, errors included."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from app.graphql.fast_execution import FastExecutionContext


@strawberry.enum
class Colour(Enum):
    RED = "RED"
    BLUE = "BLUE"


@strawberry.type
class Price:
    amount: str
    currency: str


@strawberry.type
class Item:
    name: str
    colour: Colour
    tags: list[str]
    price: Price
    maybe: Price | None
    broken: str  # set to None below: a non-null field without a value

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [
            Item(
                name="a",
                colour=Colour.RED,
                tags=["x", "y"],
                price=Price(amount="1.00", currency="EUR"),
                maybe=None,
                broken="ok",
            ),
            Item(
                name="b",
                colour=Colour.BLUE,
                tags=[],
                price=Price(amount="2.50", currency="EUR"),
                maybe=Price(amount="0.10", currency="EUR"),
                broken=None,
            ),  # type: ignore[arg-type]
        ]


QUERY = """
query ($skip: Boolean!) {
  items {
    __typename
    n: name
    name @skip(if: $skip)
    colour tags shout(times: 2)
    price { ...P }
    maybe { amount }
    ... on Item { price { currency } }
  }
}
fragment P on Price { amount }
"""
BROKEN = "{ items { name broken } }"


def _run(fast: bool, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    extra = {"execution_context_class": FastExecutionContext} if fast else {}
    schema = strawberry.Schema(query=Query, **extra)  # type: ignore[arg-type]
    result = schema.execute_sync(query, variable_values=variables)
    return {"data": result.data, "errors": [(e.message, e.path) for e in result.errors or []]}


def test_same_answer_as_graphql_core_with_aliases_fragments_and_directives() -> None:
    for skip in (True, False):
        assert _run(True, QUERY, {"skip": skip}) == _run(False, QUERY, {"skip": skip})
    assert _run(True, QUERY, {"skip": False})["data"]["items"][1]["shout"] == "BB"


def test_a_missing_non_null_value_is_graphql_cores_located_error() -> None:
    fast = _run(True, BROKEN)
    assert fast == _run(False, BROKEN)
    assert fast["data"] is None
    assert fast["errors"] == [
        ("Cannot return null for non-nullable field Item.broken.", ["items", 1, "broken"])
    ]


def test_plain_fields_take_the_fast_path_and_resolvers_do_not() -> None:
    from app.graphql.fast_execution import _plan

    item = strawberry.Schema(query=Query)._schema.get_type("Item")
    assert _plan(item.fields["name"]) is not None  # type: ignore[union-attr]
    assert _plan(item.fields["price"]) is not None  # type: ignore[union-attr]
    assert _plan(item.fields["shout"]) is None  # type: ignore[union-attr]
