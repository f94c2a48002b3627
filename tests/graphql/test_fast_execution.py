"""The fast path answers exactly what graphql-core answers, errors included."""

from __future__ import annotations

import asyncio
import traceback
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import strawberry

from app import cli
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
    from app.graphql.completers import plan as _plan

    item = strawberry.Schema(query=Query)._schema.get_type("Item")
    assert _plan(item.fields["name"]) is not None  # type: ignore[union-attr]
    assert _plan(item.fields["price"]) is not None  # type: ignore[union-attr]
    assert _plan(item.fields["shout"]) is None  # type: ignore[union-attr]


@strawberry.type
class Part:
    code: str
    size: int | None

    @strawberry.field
    async def late(self) -> str:
        await asyncio.sleep(0)
        if self.code == "bad":
            raise ValueError("late failure")
        return self.code * 2


@strawberry.type
class Box:
    label: str
    part: Part | None  # nullable: a failing non-null field inside becomes null here
    parts: list[Part | None]  # nullable items: null per failing item
    strict_parts: list[Part]  # non-null items: one failure nulls the whole list
    big: int  # outside GraphQL's Int range: a serialization error on this field

    @strawberry.field
    def resolved(self, times: int = 1) -> list[Part]:
        return [Part(code=self.label * times, size=None)]


def _box(label: str, broken: bool) -> Box:
    bad = Part(code=None, size=1) if broken else Part(code="ok", size=2)  # type: ignore[arg-type]
    return Box(
        label=label,
        part=bad,
        parts=[Part(code="a", size=None), bad, Part(code="bad", size=3)],
        strict_parts=[Part(code="s", size=None), bad],
        big=2**40 if broken else 7,
    )


@strawberry.type
class BoxQuery:
    @strawberry.field
    def boxes(self) -> list[Box | None]:
        return [_box("x", False), _box("y", True)]


BOX_QUERIES = [
    "{ boxes { label part { code size } } }",
    "{ boxes { parts { code late } } }",
    "{ boxes { strictParts { code } label } }",
    "{ boxes { big label } }",
    "{ boxes { resolved(times: 2) { code late } part { late } } }",
    "query ($s: Boolean!) { boxes { label @skip(if: $s) part { code @include(if: $s) } } }",
    "{ boxes { __typename ... on Box { label parts { __typename size } } } }",
]


def _run_async(fast: bool, query: str) -> dict[str, Any]:
    extra = {"execution_context_class": FastExecutionContext} if fast else {}
    schema = strawberry.Schema(query=BoxQuery, **extra)  # type: ignore[arg-type]
    result = asyncio.run(schema.execute(query, variable_values={"s": True}))
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or [])
    return {"data": result.data, "errors": errors}


def test_errors_null_the_nearest_nullable_parent_as_graphql_core_does() -> None:
    for query in BOX_QUERIES:
        for _ in range(2):  # the second run uses the selection sets compiled by the first
            assert _run_async(True, query) == _run_async(False, query), query


def test_a_null_in_a_non_null_field_of_a_nullable_object_nulls_only_that_object() -> None:
    answer = _run_async(True, "{ boxes { label part { code } } }")
    assert answer["data"]["boxes"] == [
        {"label": "x", "part": {"code": "ok"}},
        {"label": "y", "part": None},
    ]
    assert answer["errors"] == [
        ("Cannot return null for non-nullable field Part.code.", ("boxes", 1, "part", "code"))
    ]


def test_selection_sets_are_compiled_once_unless_directives_make_them_vary() -> None:
    from strawberry.extensions import ParserCache

    from app.graphql import compiled_selections

    schema = strawberry.Schema(
        query=BoxQuery, execution_context_class=FastExecutionContext, extensions=[ParserCache]
    )

    def run(query: str) -> None:
        asyncio.run(schema.execute(query, variable_values={"s": True}))

    compiled_selections._compiled.clear()
    run("{ boxes { label part { code } } }")
    assert [entry[0].name for entry in compiled_selections._compiled.values()] == ["Box"]
    functions = list(compiled_selections._compiled.values())  # Part's is inside Box's
    run("{ boxes { label part { code } } }")
    assert list(compiled_selections._compiled.values()) == functions  # reused, not rebuilt

    compiled_selections._compiled.clear()
    run(BOX_QUERIES[5])  # @skip/@include: answered field by field
    assert not compiled_selections._compiled


@strawberry.type
class Shelf:
    label: str
    note: str | None  # nullable: its own failure nulls only it
    code: str  # non-null: its failure nulls the shelf (a nullable list item)
    tag: Price | None  # an object field read from the same kind of getter


class BrokenShelf(Shelf):
    """A shelf whose lazy getters meet a row they cannot read (not AttributeError)."""

    def __init__(self, label: str) -> None:
        self.__dict__["label"] = label

    @property  # type: ignore[misc]
    def note(self) -> str | None:
        raise ValueError("unreadable note")

    @property  # type: ignore[misc]
    def code(self) -> str:
        raise ValueError("unreadable code")

    @property  # type: ignore[misc]
    def tag(self) -> Price | None:
        raise ValueError("unreadable tag")


@strawberry.type
class ShelfQuery:
    @strawberry.field
    def shelves(self) -> list[Shelf | None]:
        return [Shelf(label="a", note="n", code="c", tag=None), BrokenShelf("b")]


def _run_shelves(fast: bool, query: str) -> dict[str, Any]:
    extra = {"execution_context_class": FastExecutionContext} if fast else {}
    schema = strawberry.Schema(query=ShelfQuery, **extra)  # type: ignore[arg-type]
    result = asyncio.run(schema.execute(query))
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or [])
    return {"data": result.data, "errors": errors}


def test_a_failing_getter_is_an_error_on_its_own_field_as_in_graphql_core() -> None:
    nullable = "{ shelves { label note tag { amount } } }"
    for _ in range(2):  # compiled on the first run, reused on the second
        answer = _run_shelves(True, nullable)
        assert answer == _run_shelves(False, nullable)
    assert answer["data"]["shelves"][1] == {"label": "b", "note": None, "tag": None}
    assert answer["errors"] == [
        ("unreadable note", ("shelves", 1, "note")),
        ("unreadable tag", ("shelves", 1, "tag")),
    ]


def test_a_failing_non_null_getter_nulls_up_to_the_nearest_nullable() -> None:
    query = "{ shelves { label code } }"
    for _ in range(2):
        answer = _run_shelves(True, query)
        assert answer == _run_shelves(False, query)
    assert answer["data"]["shelves"] == [{"label": "a", "code": "c"}, None]
    assert answer["errors"] == [("unreadable code", ("shelves", 1, "code"))]


def test_the_field_by_field_path_errs_on_the_field_too() -> None:
    # @include keeps the operation off the compiled path: execute_field reads the getter.
    query = "{ shelves { label note @include(if: true) code } }"
    answer = _run_shelves(True, query)
    assert answer == _run_shelves(False, query)
    assert answer["errors"] == [
        ("unreadable code", ("shelves", 1, "code")),
        ("unreadable note", ("shelves", 1, "note")),
    ]


def test_a_traceback_through_generated_code_shows_the_generated_line() -> None:
    schema = strawberry.Schema(query=ShelfQuery, execution_context_class=FastExecutionContext)
    result = asyncio.run(schema.execute("{ shelves { label note } }"))
    (error,) = result.errors or []
    assert error.original_error is not None
    trace = "".join(traceback.format_exception(error.original_error))
    assert 'File "generated selection Shelf #' in trace
    assert "v = src.note" in trace  # the generated line, read back through linecache


def test_the_cli_prints_the_generated_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    operation = tmp_path / "page.graphql"
    operation.write_text("{ products(first: 2) { nodes { title variants { nodes { sku } } } } }")
    cli.main(["debug", "compiled-selections", str(operation)])
    printed = capsys.readouterr().out
    assert printed.startswith("# products: ProductConnection\n")
    assert "def sel_Product_" in printed and "v = src.title" in printed
