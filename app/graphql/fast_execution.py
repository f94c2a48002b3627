"""A faster completion of GraphQL fields, under graphql-core's executor.

graphql-core completes every field the same way: a ResolveInfo, the argument check,
Strawberry's resolver wrapper, then the generic completion dispatch, about 10 us a field.
A storefront page is ~1,000 fields, nearly all plain attributes of objects the resolvers
built (bench/RESULTS.md), so that walk was most of a request's CPU.

Here:
- a field that Strawberry marks as basic (a plain attribute: no resolver, no arguments, no
  extensions) is read with getattr and completed by a completer specialised to its type
  (app/graphql/completers.py);
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

from collections.abc import Awaitable
from enum import Enum
from typing import Any

from graphql import GraphQLField, GraphQLObjectType, GraphQLOutputType
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from app.graphql import compiled_selections
from app.graphql.completers import SLOW, Selection, completer, gathered_dict
from app.graphql.completers import plan as plan_of

# Argument values no resolver can change in place (see `_arguments`).
_IMMUTABLE = frozenset({str, int, float, bool, type(None)})


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
        plan = plan_of(field)
        if plan is None:
            return self.resolve_field(
                field, parent_type, source, field_details_list, path, position_context
            )
        name, complete = plan
        try:
            value = getattr(source, name, SLOW)
        except Exception as error:
            # A getter that fails (a lazy field over an unexpected row) fails its own field,
            # as Strawberry's resolver would under graphql-core; not the parent.
            self.handle_field_error(error, field.type, field_details_list, path)
            return None
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

    def resolve_field(
        self,
        field: GraphQLField,
        parent_type: GraphQLObjectType,
        source: Any,
        fdl: Any,
        path: Path,
        pc: Any,
    ) -> Any:
        """graphql-core's `execute_field` for a field with a resolver, completing the
        result with the fast completers (called by compiled selections directly)."""
        details = fdl[0]
        return_type = field.type
        info = self.build_resolve_info(field, to_nodes(fdl), parent_type, path)
        try:
            args = self._arguments(field, details)
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

    def _arguments(self, field: GraphQLField, details: Any) -> dict[str, Any]:
        """The field's coerced arguments. They depend only on the field node and this
        execution's variables, so a field resolved per item of a list (`variants(first:
        10)` of each product of a page) has them coerced once per execution; only values
        nothing can change are kept (scalars, enum members), so no resolver sees another's."""
        node = details.node
        if not field.args and not node.arguments:
            return {}
        keep = details.fragment_variable_values is None
        if keep:
            cache: dict[int, tuple[Any, GraphQLField, dict[str, Any]]] = self.__dict__.setdefault(
                "_argument_cache", {}
            )
            entry = cache.get(id(node))
            if entry is not None and entry[0] is node and entry[1] is field:
                return entry[2]
        args: dict[str, Any] = get_argument_values(
            field,
            node,
            self.variable_values,
            details.fragment_variable_values,
            self.hide_suggestions,
        )
        if keep and all(
            value.__class__ in _IMMUTABLE or isinstance(value, Enum) for value in args.values()
        ):
            cache[id(node)] = (node, field, args)  # holds the node: its id stays unique
        return args

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
