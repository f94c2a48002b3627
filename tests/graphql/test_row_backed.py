"""Row-backed objects: compiled selections read their fields inline from the row and answer
exactly what reading the attributes answers (graphql-core's executor), errors included."""

from __future__ import annotations

import logging
from collections import namedtuple
from typing import Any

import pytest
import strawberry

from app.graphql import row_backed
from app.graphql.fast_execution import FastExecutionContext

Row = namedtuple("Row", "name size fail")


@strawberry.type
class Gadget:
    name: str
    size: int | None
    label: str | None
    strict: str


SOURCES = {
    "name": "row.name.upper()",
    "size": "row.size",
    # a missing column: AttributeError, so the executor's own path answers
    "label": "row.missing",
    # an expression that raises: this field's error (non-null: nulls the gadget)
    "strict": "row.name if not row.fail else int('x')",
}


class _Computed:
    def __init__(self, getter: Any) -> None:
        self.getter = getter

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        return self.getter(instance.__dict__["_row"])


class RowGadget(Gadget):
    def __init__(self, row: Row) -> None:
        self.__dict__["_row"] = row


for _name, _source in SOURCES.items():
    setattr(RowGadget, _name, _Computed(eval(f"lambda row: {_source}")))  # noqa: S307
row_backed.register(RowGadget, row_backed.RowFields("_row", SOURCES, {}))


def _gadgets() -> list[Gadget | None]:
    stored = RowGadget(Row("c", 3, False))
    stored.__dict__["name"] = "stored"  # a value kept in the instance wins over the row
    plain = Gadget(name="plain", size=None, label="p", strict="s")  # not row-backed
    return [RowGadget(Row("a", 1, False)), stored, RowGadget(Row("b", None, True)), plain]


@strawberry.type
class Query:
    @strawberry.field
    def gadgets(self) -> list[Gadget | None]:
        return _gadgets()


QUERY = "{ gadgets { name size label strict } }"


def _run(fast: bool) -> dict[str, Any]:
    extra = {"execution_context_class": FastExecutionContext} if fast else {}
    schema = strawberry.Schema(query=Query, **extra)  # type: ignore[arg-type]
    result = schema.execute_sync(QUERY)
    return {"data": result.data, "errors": [(e.message, e.path) for e in result.errors or []]}


def test_inline_reads_answer_what_the_attributes_answer(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="edestory.graphql.compiled"):
        fast = _run(True)
    assert fast == _run(False)
    source = caplog.text
    assert "(row.name.upper())" in source  # the expression is evaluated in place
    assert "'name' not in d" in source
    assert fast["data"]["gadgets"][:2] == [
        {"name": "A", "size": 1, "label": None, "strict": "a"},
        {"name": "stored", "size": 3, "label": None, "strict": "c"},
    ]
    assert fast["data"]["gadgets"][2] is None
    plain = {"name": "plain", "size": None, "label": "p", "strict": "s"}
    assert fast["data"]["gadgets"][3] == plain
    messages = sorted(message for message, _ in fast["errors"])
    assert len(messages) == 4  # label of each row-backed gadget, strict of the failing one
    assert "invalid literal for int() with base 10: 'x'" in messages
