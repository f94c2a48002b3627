"""Direct resolvers answer exactly what Strawberry's wrapper answers, errors included."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLObjectType

from app.graphql import direct_resolvers
from app.graphql.context import Info


@strawberry.enum
class Shape(Enum):
    ROUND = "ROUND"
    SQUARE = "SQUARE"


@strawberry.input
class Filter:
    prefix: str


@strawberry.type
class Thing:
    name: str

    @strawberry.field
    def label(self, info: Info, upper_case: bool = False, times: int | None = None) -> str:
        text = f"{self.name}@{info.field_name}" * (times or 1)
        return text.upper() if upper_case else text

    @strawberry.field
    def ident(self, thing_id: strawberry.ID) -> str:
        return f"{self.name}:{thing_id}"

    @strawberry.field
    def shaped(self, shape: Shape = Shape.ROUND) -> str:  # enum argument: converted
        return f"{self.name}:{shape.name}"

    @strawberry.field
    def failing(self) -> str | None:
        raise ValueError(f"no {self.name}")

    @strawberry.field
    async def later(self, wait: float = 0.0) -> str:
        await asyncio.sleep(wait)
        return self.name * 2


@strawberry.type
class Query:
    @strawberry.field
    def things(self, filter: Filter | None = None) -> list[Thing]:  # input object: converted
        names = ["ab", "ac", "b"]
        return [Thing(name=n) for n in names if filter is None or n.startswith(filter.prefix)]

    @strawberry.field
    @staticmethod
    def count(root: Any, at_least: int = 0) -> int:
        return max(3, at_least) if root is None else -1


QUERY = """
query ($times: Int, $id: ID!) {
  count(atLeast: 5)
  things(filter: { prefix: "a" }) {
    name
    label
    loud: label(upperCase: true, times: $times)
    ident(thingId: $id)
    shaped(shape: SQUARE)
    failing
    later
  }
}
"""


def _schema(direct: bool) -> strawberry.Schema:
    schema = strawberry.Schema(query=Query)
    if direct:
        direct_resolvers.install(schema)
    return schema


def _run(direct: bool, variables: dict[str, Any]) -> dict[str, Any]:
    result = asyncio.run(_schema(direct).execute(QUERY, variable_values=variables))
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or [])
    return {"data": result.data, "errors": errors}


def test_same_answers_and_errors_as_strawberrys_resolver_wrapper() -> None:
    for variables in ({"times": 2, "id": "x1"}, {"times": None, "id": "7"}):
        assert _run(True, variables) == _run(False, variables)
    answer = _run(True, {"times": 2, "id": "x1"})
    assert answer["data"]["count"] == 5
    first = answer["data"]["things"][0]
    assert first["label"] == "ab@label"
    assert first["loud"] == "AB@LABELAB@LABEL"
    assert first["ident"] == "ab:x1"
    assert first["shaped"] == "ab:SQUARE"
    assert answer["errors"] == [
        ("no ab", ("things", 0, "failing")),
        ("no ac", ("things", 1, "failing")),
    ]


def test_fields_without_extensions_are_replaced_whatever_their_arguments() -> None:
    schema = _schema(True)
    replaced = {
        f"{kind.name}.{name}"
        for kind in schema._schema.type_map.values()
        if isinstance(kind, GraphQLObjectType)
        for name, field in kind.fields.items()
        if getattr(field.resolve, "__qualname__", "").startswith("_direct")
    }
    assert replaced == {
        "Query.count",
        "Query.things",
        "Thing.shaped",
        "Thing.label",
        "Thing.ident",
        "Thing.failing",
        "Thing.later",
    }


def test_the_application_schema_calls_catalog_connections_directly() -> None:
    from app.schema import build_schema

    product = build_schema()._schema.get_type("Product")
    assert isinstance(product, GraphQLObjectType)
    assert product.fields["variants"].resolve.__qualname__.startswith("_direct")


def test_absent_and_variable_input_arguments_convert_as_strawberrys_wrapper() -> None:
    query = """
    query ($filter: Filter, $shape: Shape!) {
      all: things { shaped }
      some: things(filter: $filter) { name shaped(shape: $shape) }
    }
    """

    def run(direct: bool, variables: dict[str, Any]) -> Any:
        result = asyncio.run(_schema(direct).execute(query, variable_values=variables))
        return result.data, [e.message for e in result.errors or []]

    for variables in (
        {"filter": {"prefix": "b"}, "shape": "SQUARE"},
        {"filter": None, "shape": "ROUND"},
        {"shape": "ROUND"},
    ):
        assert run(True, variables) == run(False, variables)
    data, errors = run(True, {"filter": {"prefix": "b"}, "shape": "SQUARE"})
    assert errors == []
    assert data == {
        "all": [{"shaped": "ab:ROUND"}, {"shaped": "ac:ROUND"}, {"shaped": "b:ROUND"}],
        "some": [{"name": "b", "shaped": "b:SQUARE"}],
    }
