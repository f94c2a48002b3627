"""Resolver fields called directly, without Strawberry's generic per-call wrapper.

For every field with a resolver, Strawberry's wrapper builds the `Info`, converts each
argument by walking its annotation, applies field extensions through a chain of partials
and then calls the resolver: about 15 us a call, paid 20 times on a category page by
`variants(first:)` alone (bench/RESULTS.md). For a field with no extensions, no exception
handlers and only scalar arguments, that conversion is a renaming from GraphQL to Python
names, known when the schema is built. `install` replaces such fields' resolve functions
with one that does exactly that and calls the resolver; every other field keeps
Strawberry's wrapper. Errors, awaitables and completion stay graphql-core's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLObjectType, GraphQLResolveInfo
from strawberry.relay.types import GlobalID
from strawberry.scalars import is_scalar
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import StrawberryArgument, convert_argument
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

Resolve = Callable[..., Any]


def _plain(argument: StrawberryArgument, schema: strawberry.Schema) -> bool:
    """Whether the argument's GraphQL value is its Python value (a scalar that Strawberry
    does not convert)."""
    kind: Any = argument.type
    if type(kind) is StrawberryOptional:  # not Maybe (a subclass that wraps values)
        kind = kind.of_type
    return kind is not GlobalID and is_scalar(kind, schema.schema_converter.scalar_registry)


def _direct(field: StrawberryField, schema: strawberry.Schema) -> Resolve | None:
    resolver = field.base_resolver
    if resolver is None or field.extensions or field.permission_classes or field.is_subscription:
        return None
    if schema.schema_converter._get_field_exception_handlers(field):
        return None
    function = resolver.wrapped_func
    if not inspect.isfunction(function):
        return None
    converter = schema.config.name_converter
    arguments = field.arguments  # a property that rebuilds the list on every read
    names = tuple(
        (converter.from_argument(argument), argument.python_name)
        for argument in arguments
        if _plain(argument, schema)
    )
    # The others (input objects, enums, lists of them, global IDs, Maybe) are converted as
    # Strawberry's wrapper does (`convert_arguments`), when they are present.
    converted = tuple(
        (converter.from_argument(argument), argument.python_name, argument.type)
        for argument in arguments
        if not _plain(argument, schema)
    )
    registry = schema.schema_converter.scalar_registry
    config = schema.config
    with_self = resolver.self_parameter is not None
    sources = tuple(
        parameter.name
        for parameter in (resolver.parent_parameter, resolver.root_parameter)
        if parameter is not None
    )
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    info_class = config.info_class

    def resolve(source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        kwargs = {python: args[name] for name, python in names if name in args}
        strawberry_info = None
        for name, python, kind in converted:
            if name in args:
                if strawberry_info is None:
                    strawberry_info = info_class(_raw_info=info, _field=field)
                kwargs[python] = convert_argument(
                    args[name], kind, registry, config, strawberry_info, path=(name,)
                )
        for name in sources:
            kwargs[name] = source
        if info_name is not None:
            kwargs[info_name] = strawberry_info or info_class(_raw_info=info, _field=field)
        return function(source, **kwargs) if with_self else function(**kwargs)

    return resolve


def install(schema: strawberry.Schema) -> int:
    """Swap in direct resolvers where they fit; returns how many fields got one."""
    count = 0
    for kind in schema._schema.type_map.values():
        if not isinstance(kind, GraphQLObjectType) or kind.name.startswith("__"):
            continue
        for graphql_field in kind.fields.values():
            definition = (graphql_field.extensions or {}).get(
                GraphQLCoreConverter.DEFINITION_BACKREF
            )
            if not isinstance(definition, StrawberryField):
                continue
            direct = _direct(definition, schema)
            if direct is not None:
                graphql_field.resolve = direct
                count += 1
    return count
