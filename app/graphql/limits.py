"""Document limits checked in time linear in the document, before the spec's rules run.

Strawberry's QueryDepthLimiter and MaxAliasesLimiter expand every fragment spread again on
every path that reaches it, so n fragments that each spread the next one twice cost 2^n:
`{ ...F0 }` with `fragment Fi on Query { __typename ...F(i+1) ...F(i+1) }` for i < 40 ran
for minutes. Here each fragment's measure (its depth below the spread and the number of
aliases its expansion yields) is computed once and memoised, so the whole check visits each
selection once. The alias count is that of the fully expanded operation (what execution
would see), computed by multiplying memoised counts rather than by expanding.

The spec's rules then run with two budgets: graphql-core's own complexity budget for
OverlappingFieldsCanBeMerged (the one rule whose work is not linear; the library meters it
and aborts) and a wall-clock budget checked as the rules visit the document.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from graphql.validation.validate import ValidationAbortedError

# graphql-core charges OverlappingFieldsCanBeMerged one unit per field comparison and aborts
# the validation past its budget. Its default (500,000) let a document of repeated
# `shop { name }` spend over a second; 50,000 is far above what a real client's document
# needs (the storefront pages in bench/ spend under 2,000).
OVERLAP_COMPLEXITY_BUDGET = 50_000
_CLOCK_EVERY = 64  # nodes visited between two looks at the clock


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    max_depth: int = 12
    max_aliases: int = 50
    budget_seconds: float = 0.5


@dataclass(frozen=True, slots=True)
class _Measure:
    depth: int
    aliases: int


class _Measurer:
    """Depth and alias count of selection sets, each fragment measured once."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode], cap: int) -> None:
        self.fragments = fragments
        self.cap = cap  # depths beyond it need not be exact: they are refused anyway
        self.memo: dict[str, _Measure] = {}
        self.visiting: set[str] = set()

    def fragment(self, name: str) -> _Measure:
        found = self.memo.get(name)
        if found is not None:
            return found
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            # Unknown fragments and cycles are reported by the spec's rules.
            return _Measure(0, 0)
        self.visiting.add(name)
        measure = self.selection_set(definition.selection_set)
        self.visiting.discard(name)
        self.memo[name] = measure
        return measure

    def selection_set(self, node: SelectionSetNode | None, level: int = 0) -> _Measure:
        depth = aliases = 0
        if node is None:
            return _Measure(0, 0)
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                # Introspection fields are not counted, as Strawberry's limiter did not:
                # the introspection query of GraphiQL nests `ofType` eight levels deep.
                if selection.selection_set is None or selection.name.value.startswith("__"):
                    continue
                if level >= self.cap:
                    return _Measure(self.cap + 1, aliases)
                inner = self.selection_set(selection.selection_set, level + 1)
                depth = max(depth, inner.depth + 1)
                aliases += inner.aliases
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.fragment(selection.name.value)
                depth = max(depth, inner.depth)
                aliases += inner.aliases
            elif isinstance(selection, InlineFragmentNode):
                inner = self.selection_set(selection.selection_set, level)
                depth = max(depth, inner.depth)
                aliases += inner.aliases
        return _Measure(min(depth, self.cap + 1), aliases)


def limit_errors(document: DocumentNode, limits: DocumentLimits) -> list[GraphQLError]:
    """The operations that nest deeper or alias more than the limits allow."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    measurer = _Measurer(fragments, limits.max_depth)
    errors: list[GraphQLError] = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else "anonymous"
        try:
            measure = measurer.selection_set(definition.selection_set)
        except RecursionError:
            errors.append(GraphQLError(f"'{name}' nests fragments too deeply", [definition]))
            continue
        if measure.depth > limits.max_depth:
            errors.append(
                GraphQLError(
                    f"'{name}' exceeds maximum operation depth of {limits.max_depth}",
                    [definition],
                )
            )
        if measure.aliases > limits.max_aliases:
            errors.append(
                GraphQLError(
                    f"'{name}' has more than {limits.max_aliases} aliases "
                    "(counting every fragment spread)",
                    [definition],
                )
            )
    return errors


def time_budget_rule(seconds: float) -> type[ValidationRule]:
    """A rule that aborts the validation once it has run longer than `seconds`.

    graphql-core builds each rule anew for every validation, so the start time is taken
    in the constructor; one class per budget keeps the validation cache's key stable."""

    class TimeBudget(ValidationRule):
        def __init__(self, context: Any) -> None:
            super().__init__(context)
            self.deadline = time.perf_counter() + seconds
            self.visited = 0

        def enter(self, *_args: Any) -> None:
            self.visited += 1
            if self.visited % _CLOCK_EVERY == 0 and time.perf_counter() > self.deadline:
                raise ValidationAbortedError(
                    f"Validation took longer than its budget of {seconds:g} s and was aborted"
                )

    return TimeBudget
