"""`@inContext(language:, country:)` on an operation; Accept-Language is the fallback."""

from __future__ import annotations

from collections.abc import Iterator

import strawberry
from graphql import DirectiveLocation, EnumValueNode, OperationDefinitionNode, VariableNode
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from app.locale_codes import CountryCode, LanguageCode


@strawberry.directive(
    locations=[DirectiveLocation.QUERY, DirectiveLocation.MUTATION],
    name="inContext",
    description="The language (and country) the operation's translated fields are read in.",
)
def in_context(language: LanguageCode | None = None, country: CountryCode | None = None) -> None:
    """Operation directives have no resolver step; InContextLanguage reads the arguments."""


class InContextLanguage(SchemaExtension):
    """Sets `context.language` (lowercase ISO 639-1) from the operation's @inContext."""

    def on_execute(self) -> Iterator[None]:
        apply_in_context(self.execution_context)
        yield


def apply_in_context(ec: ExecutionContext) -> None:
    """Before execution: `context.language` from the operation's @inContext, if it has one
    (the extension's hook; the schema's execute calls it too)."""
    document = ec.graphql_document
    context = ec.context
    if document is not None and context is not None and hasattr(context, "language"):
        for definition in document.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            name = definition.name.value if definition.name else None
            if ec.operation_name and name != ec.operation_name:
                continue
            language = _directive_language(definition, ec.variables or {})
            if language:
                context.language = language
            break


def _directive_language(
    operation: OperationDefinitionNode, variables: dict[str, object]
) -> str | None:
    for directive in operation.directives or ():
        if directive.name.value != "inContext":
            continue
        for argument in directive.arguments or ():
            if argument.name.value != "language":
                continue
            value = argument.value
            if isinstance(value, EnumValueNode):
                return value.value.lower()
            if isinstance(value, VariableNode):
                raw = variables.get(value.name.value)
                return str(raw).lower() if raw else None
    return None
