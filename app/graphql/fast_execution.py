"""A faster completion of GraphQL fields, under graphql-core's executor.

graphql-core completes every field the same way: a ResolveInfo, the argument check,
Strawberry's resolver wrapper, then the generic completion dispatch, about 10 us a field.
A storefront page is ~1,000 fields, nearly all plain attributes of objects the resolvers
built (PERFORMANCE.md), so that walk was most of a request's CPU.

Here:
- a field that Strawberry marks as basic (a plain attribute: no resolver, no arguments, no
  extensions) is read with getattr and completed by a completer specialised to its type;
- an object's selection set is completed by a function compiled once per selection set
  (app/graphql/compiled_selections.py), or, where the operation has conditional directives,
  by `fast_fields`, field by field;
- a field with a resolver is resolved as graphql-core does, then completed the same way.

Whatever does not fit - an abstract type, a null where the schema says non-null, an
unexpected value, field middleware - goes through graphql-core's own `execute_field` or
`complete_value`, so results stay graphql-core's. Errors are handled where graphql-core
handles them: at the field (or list item) they occur in, null propagating to the nearest
nullable parent (`handle_field_error`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

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
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

from app.graphql import compiled_selections

SLOW: Any = compiled_selections.SLOW  # "take graphql-core's path for this field"

# completer(executor, value, field_details_list, path, position_context) -> value or SLOW;
# it returns SLOW only before doing any work, and raises what the value's fields raise.
Completer = Callable[["FastExecutionContext", Any, Any, Path, Any], Any]
# run(executor, source, path, position_context): an object's selection set completed.
Selection = Callable[["FastExecutionContext", Any, Path, Any], Any]

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


def _enum_completer(kind: GraphQLEnumType) -> Completer:
    """Strawberry's enum types serialize a member by scanning every value of the enum (180
    for CurrencyCode); here a member's name is one dict lookup, built once."""
    wrapped: Any = kind.wrapped_cls  # type: ignore[attr-defined]
    by_value = {value.value: name for name, value in kind.values.items()}
    names = {member: by_value[member.value] for member in wrapped if member.value in by_value}
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
    origin: type,
    item_type: GraphQLOutputType,
    fdl: Any,
    path: Path,
    pc: Any,
) -> Any:
    """A list of objects whose selection set is compiled (called by compiled code)."""
    if not isinstance(value, list | tuple):
        return SLOW
    nullable_items = not isinstance(item_type, GraphQLNonNull)
    for x in value:
        if (x is None and not nullable_items) or (x is not None and not isinstance(x, origin)):
            return SLOW
    results: list[Any] = []
    pending: list[int] = []
    for index, element in enumerate(value):
        if element is None:
            results.append(None)
            continue
        item_path = Path(path, index, None)
        if nullable_items:
            try:
                completed = run(ex, element, item_path, pc)
            except Exception as error:
                ex.handle_field_error(error, item_type, fdl, item_path)
                completed = None
        else:
            completed = run(ex, element, item_path, pc)
        if ex.is_awaitable(completed):
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


def _plan(field: GraphQLField) -> tuple[str, Completer] | None:
    # Keyed by identity, holding the field: a schema built later (tests build several)
    # cannot reuse the id of a field whose plan is cached.
    entry = _plans.get(id(field))
    if entry is None or entry[0] is not field:
        name = plain_attribute(field)
        complete = completer(field.type) if name else None
        entry = (field, (name, complete) if name and complete else None)
        _plans[id(field)] = entry
    return entry[1]


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def _hooked(self) -> bool:
        """Field middleware (an extension with a `resolve` hook) must see every field."""
        middleware = self.middleware_manager
        return middleware is not None and bool(middleware.middlewares)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        field = parent_type.fields.get(field_details_list[0].node.name.value)
        if field is None or self._hooked():
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        plan = _plan(field)
        if plan is None:
            return self._resolve(
                field, parent_type, source, field_details_list, path, position_context
            )
        name, complete = plan
        value = getattr(source, name, SLOW)
        if value is not SLOW:
            try:
                completed = complete(self, value, field_details_list, path, position_context)
            except Exception as error:
                self.handle_field_error(error, field.type, field_details_list, path)
                return None
            if completed is not SLOW:
                if self.is_awaitable(completed):
                    return self.guard(completed, field.type, field_details_list, path)
                return completed
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _resolve(
        self,
        field: GraphQLField,
        parent_type: GraphQLObjectType,
        source: Any,
        fdl: Any,
        path: Path,
        pc: Any,
    ) -> Any:
        """graphql-core's `execute_field` for a field with a resolver, completing the
        result with the fast completers."""
        details = fdl[0]
        node = details.node
        return_type = field.type
        info = self.build_resolve_info(field, to_nodes(fdl), parent_type, path)
        try:
            args = (
                get_argument_values(
                    field,
                    node,
                    self.variable_values,
                    details.fragment_variable_values,
                    self.hide_suggestions,
                )
                if field.args or node.arguments
                else {}
            )
            result = (field.resolve or self.field_resolver)(source, info, **args)
            if self.is_awaitable(result):
                return self._complete_later(return_type, fdl, info, path, result, pc)
            completed = self._complete(return_type, fdl, info, path, result, pc)
        except Exception as error:
            self.handle_field_error(error, return_type, fdl, path)
            return None
        if self.is_awaitable(completed):
            return self.guard(completed, return_type, fdl, path)
        return completed

    def _complete(
        self, return_type: GraphQLOutputType, fdl: Any, info: Any, path: Path, result: Any, pc: Any
    ) -> Any:
        complete = completer(return_type)
        if complete is not None:
            completed = complete(self, result, fdl, path, pc)
            if completed is not SLOW:
                return completed
        return self.complete_value(return_type, fdl, info, path, result, pc)

    async def _complete_later(
        self, return_type: GraphQLOutputType, fdl: Any, info: Any, path: Path, result: Any, pc: Any
    ) -> Any:
        try:
            resolved = await self.with_abort_signal(result)
            completed = self._complete(return_type, fdl, info, path, resolved, pc)
            if self.is_awaitable(completed):
                completed = await completed
        except Exception as error:
            self.handle_field_error(error, return_type, fdl, path)
            completed = None
        return completed

    async def guard(
        self, awaitable: Awaitable[Any], return_type: GraphQLOutputType, fdl: Any, path: Path
    ) -> Any:
        """An awaitable completion, with the error handling of the field it completes."""
        try:
            return await awaitable
        except Exception as error:
            self.handle_field_error(error, return_type, fdl, path)
            return None

    def field_error(
        self, error: Exception, return_type: GraphQLOutputType, fdl: Any, path: Path
    ) -> None:
        """graphql-core's handling of an error in a field: raised on when the field is
        non-null, else recorded (the field's value is then null)."""
        self.handle_field_error(error, return_type, fdl, path)

    def selection(self, kind: GraphQLObjectType, fdl: Any) -> Selection | None:
        """How to complete `kind`'s selection set under these field nodes, per request."""
        cache: dict[tuple[int, int], tuple[Any, Selection | None]] = self.__dict__.setdefault(
            "_selections", {}
        )
        key = (id(kind), id(fdl))
        entry = cache.get(key)
        if entry is None:
            entry = (fdl, self._selection(kind, fdl))  # holds fdl: its id stays unique
            cache[key] = entry
        return entry[1]

    def _selection(self, kind: GraphQLObjectType, fdl: Any) -> Selection | None:
        if self._compilable():
            compiled = compiled_selections.compiled(self, kind, fdl)
            if compiled is not None:
                return compiled
        grouped, defer_usages, _ = self.collect_subfields(kind, fdl)
        if defer_usages:
            return None

        def run(ex: FastExecutionContext, source: Any, path: Path, pc: Any) -> Any:
            return ex.fast_fields(kind, source, path, grouped, pc)

        return run

    def _compilable(self) -> bool:
        found = self.__dict__.get("_compilable_flag")
        if found is None:
            found = not self._hooked() and compiled_selections.unconditional(self)
            self.__dict__["_compilable_flag"] = found
        return bool(found)

    def fast_fields(
        self, kind: GraphQLObjectType, source: Any, path: Path, grouped: Any, pc: Any
    ) -> Any:
        """graphql-core's `execute_fields`, each field through `execute_field` above."""
        results: dict[str, Any] = {}
        pending: list[str] = []
        type_name = kind.name
        try:
            for key, fdl in grouped.items():
                completed = self.execute_field(kind, source, fdl, Path(path, key, type_name), pc)
                if completed is Undefined:
                    continue
                results[key] = completed
                if self.is_awaitable(completed):
                    pending.append(key)
        except BaseException:
            if pending:
                self.settle_in_background([results[key] for key in pending])
            raise
        return gathered_dict(results, pending) if pending else results
