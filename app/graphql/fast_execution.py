"""A faster completion of plain fields, under graphql-core's executor.

graphql-core completes every field the same way: a ResolveInfo, the argument check,
Strawberry's resolver wrapper, then the generic completion dispatch, about 10 us a field.
A storefront page is ~1,000 fields, nearly all plain attributes of objects the resolvers
built (PERFORMANCE.md), so that walk was most of a request's CPU.

Here a field that Strawberry marks as basic (a plain attribute: no resolver, no arguments,
no extensions) is completed directly: getattr, then the leaf's `serialize`, or the
sub-object's fields, or the list's items. Whatever does not fit - a resolver, an abstract
type, a null where the schema says non-null, an unexpected value - goes through
graphql-core's own `execute_field`, so results and errors stay exactly graphql-core's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    get_nullable_type,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

SLOW: Any = object()  # "take graphql-core's path for this field"

# completer(executor, value, field_details_list, path, position_context) -> value or SLOW
Completer = Callable[["FastExecutionContext", Any, Any, Path, Any], Any]

_plans: dict[int, tuple[GraphQLField, tuple[str, Completer] | None]] = {}
# response key, field details, attribute name, completer, whether the completer needs a path
FieldPlan = tuple[str, Any, str | None, Completer | None, bool]


def _is_plain(field: GraphQLField) -> str | None:
    """The Python attribute behind a basic Strawberry field, or None."""
    if field.args or not getattr(field.resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or definition.extensions or definition.permission_classes:
        return None
    name = definition.python_name
    return name if isinstance(name, str) else None


def _completer(kind: GraphQLOutputType) -> Completer | None:
    """A completer specialised to the output type, or None where only the slow path fits."""
    if isinstance(kind, GraphQLNonNull):
        inner = _completer(kind.of_type)
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
        item = _completer(kind.of_type)
        if item is None:
            return None

        def listing(ex: FastExecutionContext, value: Any, fdl: Any, path: Path, pc: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, list | tuple):
                return SLOW
            results: list[Any] = []
            pending = False
            for index, element in enumerate(value):
                completed = item(ex, element, fdl, path.add_key(index, None), pc)
                if completed is SLOW:
                    _discard(results)
                    return SLOW
                pending = pending or ex.is_awaitable(completed)
                results.append(completed)
            return _gathered(ex, results) if pending else results

        return listing
    if isinstance(kind, GraphQLObjectType):
        definition = (kind.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        origin = getattr(definition, "origin", None)
        if not isinstance(origin, type):
            return None

        def obj(ex: FastExecutionContext, value: Any, fdl: Any, path: Path, pc: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, origin):
                return SLOW
            grouped, defer_usages, _ = ex.collect_subfields(kind, fdl)
            if defer_usages:
                return SLOW
            return ex.fast_fields(kind, value, path, grouped, pc)

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


def _discard(results: list[Any]) -> None:
    """Close coroutines of a list given up on, so none is left never awaited."""
    for result in results:
        close = getattr(result, "close", None)
        if asyncio.iscoroutine(result) and close is not None:
            close()


def _gathered(ex: FastExecutionContext, results: list[Any]) -> Any:
    async def gather() -> list[Any]:
        waiting = [(i, r) for i, r in enumerate(results) if ex.is_awaitable(r)]
        done = await asyncio.gather(*(r for _, r in waiting))
        for (index, _), value in zip(waiting, done, strict=True):
            results[index] = value
        return results

    return gather()


def _plan(field: GraphQLField) -> tuple[str, Completer] | None:
    # Keyed by identity, holding the field: a schema built later (tests build several)
    # cannot reuse the id of a field whose plan is cached.
    entry = _plans.get(id(field))
    if entry is None or entry[0] is not field:
        name = _is_plain(field)
        completer = _completer(field.type) if name else None
        entry = (field, (name, completer) if name and completer else None)
        _plans[id(field)] = entry
    return entry[1]


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _field_plans: dict[int, list[FieldPlan]]

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
        plan = _plan(field) if field is not None and not self._hooked() else None
        if plan is not None:
            name, complete = plan
            value = getattr(source, name, SLOW)
            completed = (
                SLOW
                if value is SLOW
                else complete(self, value, field_details_list, path, position_context)
            )
            if completed is not SLOW:
                return completed
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _plans_for(self, kind: GraphQLObjectType, grouped: Any) -> list[FieldPlan]:
        """Per request and selection set: each response key with its field's fast plan."""
        cache = self.__dict__.setdefault("_field_plans", {})
        found: list[FieldPlan] | None = cache.get(id(grouped))
        if found is None:
            hooked = self._hooked()
            found = []
            for key, fdl in grouped.items():
                field = kind.fields.get(fdl[0].node.name.value)
                plan = _plan(field) if field is not None and not hooked else None
                # A leaf's completer never uses its path: it is built only for fallbacks.
                composite = field is not None and not is_leaf_type(get_nullable_type(field.type))
                found.append((key, fdl, *(plan or (None, None)), composite))
            cache[id(grouped)] = found
            self.__dict__.setdefault("_keep", []).append(grouped)  # ids stay unique
        return found

    def fast_fields(
        self, kind: GraphQLObjectType, source: Any, path: Path, grouped: Any, pc: Any
    ) -> Any:
        """`execute_fields` for an object whose type the fast path knows: plain fields
        inline, the others through `execute_field`, awaitables gathered as graphql-core
        does."""
        results: dict[str, Any] = {}
        pending: list[str] = []
        type_name = kind.name
        try:
            for key, fdl, name, complete, composite in self._plans_for(kind, grouped):
                completed = SLOW
                if complete is not None:
                    value = getattr(source, name, SLOW)  # type: ignore[arg-type]
                    if value is not SLOW:
                        field_path = Path(path, key, type_name) if composite else path
                        completed = complete(self, value, fdl, field_path, pc)
                if completed is SLOW:
                    completed = super().execute_field(
                        kind, source, fdl, Path(path, key, type_name), pc
                    )
                    if completed is Undefined:
                        continue
                results[key] = completed
                if self.is_awaitable(completed):
                    pending.append(key)
        except Exception:
            _discard([results[key] for key in pending])
            raise
        if not pending:
            return results

        async def gather() -> dict[str, Any]:
            done = await asyncio.gather(*(results[key] for key in pending))
            results.update(zip(pending, done, strict=True))
            return results

        return gather()
