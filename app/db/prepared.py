"""Statements compiled once to SQL text, for hot read paths with a fixed shape.

SQLAlchemy's Core execution generates the statement's cache key and looks up its compiled
form on every call; for the storefront's fixed-shape statements that was a large share of a
request (bench/RESULTS.md). These are compiled once (per shape, where filters vary) and
run by `RequestDB.run` on the request's asyncpg connection, which reports them to the
engine's cursor listeners (so statement counting sees them); their rows come back as named
tuples.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect

_DIALECT = asyncpg_dialect.dialect()  # type: ignore[no-untyped-call]  # untyped in SQLAlchemy
_cache: dict[int, Prepared] = {}


@dataclass(frozen=True, slots=True)
class Prepared:
    text: str
    names: tuple[str, ...]
    constants: dict[str, Any]
    statement: Select[Any]  # kept alive: the cache is keyed on its identity

    def arguments(self, params: dict[str, Any]) -> tuple[Any, ...]:
        merged = {**self.constants, **params}
        return tuple(merged[name] for name in self.names)


def compile_statement(statement: Select[Any]) -> Prepared:
    """Compile once; the caller keeps the result. The text is sent as is, so `IN` lists
    must be SQL expressions (literal_column), not Python lists (SQLAlchemy expands those
    per call)."""
    compiled = statement.compile(dialect=_DIALECT)
    return Prepared(
        str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params), statement
    )


def prepared(statement: Select[Any]) -> Prepared:
    """The compiled form of a long-lived (cached) statement."""
    found = _cache.get(id(statement))
    if found is None or found.statement is not statement:
        found = compile_statement(statement)
        _cache[id(statement)] = found
    return found


_ROW_FACTORY: Any = namedtuple  # column names known only at run time
_row_types: dict[tuple[str, ...], type[tuple[Any, ...]]] = {}


def tuple_records(records: list[Any]) -> list[Any]:
    """asyncpg records as named tuples of one class per column list (made once)."""
    if not records:
        return []
    keys = tuple(records[0].keys())
    row_type = _row_types.get(keys)
    if row_type is None:
        row_type = _ROW_FACTORY("Row", keys)  # raises on a column name that is not one
        _row_types[keys] = row_type
    new = tuple.__new__
    return [new(row_type, record) for record in records]
