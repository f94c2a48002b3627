"""Completers: how a value of a given GraphQL output type becomes its answer.

Each completer is specialised once to its type (cached by identity) and called as
`complete(executor, value, field_details_list, path, position_context)`. It returns the
completed value (or an awaitable), or SLOW, before doing any work, where only graphql-core's
generic completion fits (an abstract type, a null where the schema says non-null, a value of
an unexpected class). It raises what the value's own fields raise; the caller handles that
as graphql-core does for the field (`handle_field_error`). Used by the fast execution context
(app/graphql/fast_execution.py) and by compiled selection sets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema_converter import GraphQLCoreConverter

if TYPE_CHECKING:
    from app.graphql.fast_execution import FastExecutionContext

SLOW: Any = type("Slow", (), {"__repr__": lambda self: "SLOW"})()  # "graphql-core's path"

# completer(executor, value, field_details_list, path, position_context) -> value or SLOW;
# it returns SLOW only before doing any work, and raises what the value's fields raise.
Completer = Callable[["FastExecutionContext", Any, Any, Path, Any], Any]
# run(executor, source, path, position_context): an object's selection set completed.
Selection = Callable[["FastExecutionContext", Any, Path, Any], Any]

# Path is a NamedTuple: its __new__ is a Python function around this one.
new_path: Any = tuple.__new__

_plans: dict[int, tuple[GraphQLField, tuple[str, Completer] | None]] = {}
_completers: dict[int, tuple[GraphQLOutputType, Completer | None]] = {}


def plain_attribute(field: GraphQLField) -> str | None:
    """The Python attribute behind a basic Strawberry field, or None."""
    if field.args or not getattr(field.resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or definition.extensions or definition.permission_classes:
        return None
    name = definition.python_name
    return name if isinstance(name, str) else None


def origin_class(kind: GraphQLObjectType) -> type | tuple[type, ...] | None:
    """The Python classes whose instances complete as this Strawberry object type: its
    origin, and for a specialised generic (`Connection[Product]`) the generic class."""
    definition = (kind.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    origin = getattr(definition, "origin", None)
    if not isinstance(origin, type):
        return None
    generic = getattr(getattr(definition, "concrete_of", None), "origin", None)
    return (origin, generic) if isinstance(generic, type) else origin


def completer(kind: GraphQLOutputType) -> Completer | None:
    """The completer of a type (cached; keyed by identity, holding the type)."""
    entry = _completers.get(id(kind))
    if entry is None or entry[0] is not kind:
        entry = (kind, _build_completer(kind))
        _completers[id(kind)] = entry
    return entry[1]


def _build_completer(kind: GraphQLOutputType) -> Completer | None:
    if isinstance(kind, GraphQLNonNull):
        inner = completer(kind.of_type)
        if inner is None:
            return None

        def non_null(ex: FastExecutionContext, value: Any, fdl: Any, path: Path, pc: Any) -> Any:
            if value is None:
                return SLOW  # graphql-core raises the located non-null error
            return inner(ex, value, fdl, path, pc)

        return non_null
    if isinstance(kind, GraphQLEnumType) and isinstance(getattr(kind, "wrapped_cls", None), type):
        return _enum_completer(kind)
    if isinstance(kind, GraphQLScalarType | GraphQLEnumType):
        serialize = kind.serialize

        def leaf(ex: FastExecutionContext, value: Any, fdl: Any, path: Path, pc: Any) -> Any:
            if value is None:
                return None
            result = serialize(value)
            return SLOW if result is Undefined else result

        return leaf
    if isinstance(kind, GraphQLList):
        return _list_completer(kind)
    if isinstance(kind, GraphQLObjectType):
        origin = origin_class(kind)
        if origin is None:
            return None

        def obj(ex: FastExecutionContext, value: Any, fdl: Any, path: Path, pc: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, origin):
                return SLOW
            run = ex.selection(kind, fdl)
            return SLOW if run is None else run(ex, value, path, pc)

        return obj
    return None  # interfaces and unions: graphql-core resolves the concrete type


def enum_names(kind: GraphQLEnumType) -> tuple[type, dict[Any, str]] | None:
    """A Strawberry enum type's Python class and the GraphQL name of each of its members."""
    wrapped: Any = getattr(kind, "wrapped_cls", None)
    if not isinstance(wrapped, type):
        return None
    by_value = {value.value: name for name, value in kind.values.items()}
    return wrapped, {m: by_value[m.value] for m in wrapped if m.value in by_value}  # type: ignore[attr-defined]


def _enum_completer(kind: GraphQLEnumType) -> Completer:
    """Strawberry's enum types serialize a member by scanning every value of the enum (180
    for CurrencyCode); here a member's name is one dict lookup, built once."""
    found = enum_names(kind)
    assert found is not None
    wrapped, names = found
    serialize = kind.serialize

    def enum_leaf(ex: FastExecutionContext, value: Any, fdl: Any, path: Path, pc: Any) -> Any:
        if value is None:
            return None
        name = names.get(value) if isinstance(value, wrapped) else None
        if name is not None:
            return name
        result: Any = serialize(value)
        return SLOW if result is Undefined else result

    return enum_leaf


def _list_completer(kind: GraphQLList[Any]) -> Completer | None:
    item_type = kind.of_type
    item = completer(item_type)
    if item is None:
        return None
    nullable_items = not isinstance(item_type, GraphQLNonNull)
    inner = item_type if nullable_items else item_type.of_type
    strings = inner is GraphQLString
    origin = origin_class(inner) if isinstance(inner, GraphQLObjectType) else None

    def listing(ex: FastExecutionContext, value: Any, fdl: Any, path: Path, pc: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, list | tuple):
            return SLOW
        if strings:
            if all(x.__class__ is str or (nullable_items and x is None) for x in value):
                return list(value)
            return SLOW
        if origin is not None:
            # Checked before any item runs: a SLOW item would make the caller complete
            # the whole list again, and items may have resolvers.
            for x in value:
                if (x is None and not nullable_items) or (
                    x is not None and not isinstance(x, origin)
                ):
                    return SLOW
            # The items' selection, looked up once for the list (as compiled code does)
            run = ex.selection(inner, fdl)
            if run is not None:
                return objects(ex, value, run, origin, item_type, fdl, path, pc)
        results: list[Any] = []
        pending: list[int] = []
        for index, element in enumerate(value):
            item_path = path.add_key(index, None)
            try:
                completed = item(ex, element, fdl, item_path, pc)
            except Exception as error:
                ex.handle_field_error(error, item_type, fdl, item_path)
                completed = None
            if completed is SLOW:
                _discard(results)
                return SLOW
            if ex.is_awaitable(completed):
                completed = ex.guard(completed, item_type, fdl, item_path)
                pending.append(index)
            results.append(completed)
        return _gathered_list(results, pending) if pending else results

    return listing


def objects(
    ex: FastExecutionContext,
    value: Any,
    run: Selection,
    origin: type | tuple[type, ...],
    item_type: GraphQLOutputType,
    fdl: Any,
    path: Path,
    pc: Any,
) -> Any:
    """A list of objects whose selection set is compiled (called by compiled code)."""
    if value.__class__ is not list and not isinstance(value, list | tuple):
        return SLOW
    nullable_items = not isinstance(item_type, GraphQLNonNull)
    if nullable_items:
        for x in value:
            if x is not None and not isinstance(x, origin):
                return SLOW
    else:
        for x in value:
            if not isinstance(x, origin):  # None included
                return SLOW
    results: list[Any] = []
    pending: list[int] = []
    is_awaitable = ex.is_awaitable
    for index, element in enumerate(value):
        if element is None:
            results.append(None)
            continue
        item_path = new_path(Path, (path, index, None))  # Path(path, index, None)
        if nullable_items:
            try:
                completed = run(ex, element, item_path, pc)
            except Exception as error:
                ex.handle_field_error(error, item_type, fdl, item_path)
                completed = None
        else:
            completed = run(ex, element, item_path, pc)
        # A compiled selection answers a dict unless a field is pending.
        if completed.__class__ is not dict and is_awaitable(completed):
            completed = ex.guard(completed, item_type, fdl, item_path)
            pending.append(index)
        results.append(completed)
    return _gathered_list(results, pending) if pending else results


def _discard(results: list[Any]) -> None:
    """Close coroutines of a list given up on, so none is left never awaited."""
    for result in results:
        if asyncio.iscoroutine(result):
            result.close()


def _gathered_list(results: list[Any], pending: list[int]) -> Awaitable[list[Any]]:
    async def gather() -> list[Any]:
        done = await asyncio.gather(*(results[i] for i in pending))
        for index, value in zip(pending, done, strict=True):
            results[index] = value
        return results

    return gather()


def gathered_dict(results: dict[str, Any], pending: list[str]) -> Awaitable[dict[str, Any]]:
    async def gather() -> dict[str, Any]:
        done = await asyncio.gather(*(results[key] for key in pending))
        results.update(zip(pending, done, strict=True))
        return results

    return gather()


def plan(field: GraphQLField) -> tuple[str, Completer] | None:
    # Keyed by identity, holding the field: a schema built later (tests build several)
    # cannot reuse the id of a field whose plan is cached.
    entry = _plans.get(id(field))
    if entry is None or entry[0] is not field:
        name = plain_attribute(field)
        complete = completer(field.type) if name else None
        entry = (field, (name, complete) if name and complete else None)
        _plans[id(field)] = entry
    return entry[1]
