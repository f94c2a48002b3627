"""Query cost: computed from the document and the variables before anything runs.

The formula (README, "Integrators"):

- a field without a selection set (a scalar or an enum) costs 0;
- a field with a selection set (an object) costs 1 plus its selection's cost;
- a connection (a field taking `first` or `last`) costs 2, plus `n` times the cost of its
  `edges` and `nodes` selections, plus its other selections (`pageInfo`, `totalCount`) once;
  `n` is `first` or `last` (a literal or a variable), 50 (the default page) when absent,
  and at most 250 (the cap); a list taking `first` without `edges`/`nodes` (a cart's
  lines) costs 2 plus `n` times its whole selection;
- a top-level mutation field costs 10 plus its selection's cost;
- an inline fragment adds its selection's cost (every branch counts: an upper bound);
- a fragment spread adds its fragment's cost, computed once per request and memoised, so the
  computation is linear in the document, as the depth and alias limits are.

`actualQueryCost` is reported equal to the requested cost: the bucket is charged before
execution and nothing is refunded. (Weighing the answer as well cost ~0.3 ms per category
page, a quarter of the floor's whole request; not worth it for a number nobody is charged.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)

from app.graphql.pagination import DEFAULT_PAGE, MAX_PAGE

CONNECTION_COST = 2
MUTATION_COST = 10
_PAGE_ARGUMENTS = ("first", "last")
_REPEATED = ("edges", "nodes")


class _Coster:
    def __init__(
        self, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.memo: dict[str, int] = {}
        self.visiting: set[str] = set()

    def fragment(self, name: str) -> int:
        found = self.memo.get(name)
        if found is not None:
            return found
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:
            return 0  # unknown fragments and cycles are the validation's to report
        self.visiting.add(name)
        cost = self.selection_set(definition.selection_set)
        self.visiting.discard(name)
        self.memo[name] = cost
        return cost

    def selection_set(self, node: SelectionSetNode | None) -> int:
        if node is None:
            return 0
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                total += self.selection_set(selection.selection_set)
        return total

    def field(self, node: FieldNode) -> int:
        if node.selection_set is None:
            return 0
        size = self.page_size(node)
        if size is None:
            return 1 + self.selection_set(node.selection_set)
        selections = node.selection_set.selections
        if not any(isinstance(s, FieldNode) and s.name.value in _REPEATED for s in selections):
            # A plain list with `first` (a cart's lines): every selection is per item.
            return CONNECTION_COST + size * self.selection_set(node.selection_set)
        cost = CONNECTION_COST
        for selection in selections:
            inner = self.selection_set(SelectionSetNode(selections=(selection,)))
            repeated = isinstance(selection, FieldNode) and selection.name.value in _REPEATED
            cost += size * inner if repeated else inner
        return cost

    def page_size(self, node: FieldNode) -> int | None:
        """`first`/`last` of a connection, None for a field that is not one."""
        for argument in node.arguments or ():
            if argument.name.value not in _PAGE_ARGUMENTS:
                continue
            value: Any = argument.value
            if isinstance(value, VariableNode):
                value = self.variables.get(value.name.value)
            elif isinstance(value, IntValueNode):
                value = int(value.value)
            if isinstance(value, int) and not isinstance(value, bool):
                return max(0, min(value, MAX_PAGE))
            return DEFAULT_PAGE
        return None


# (id of the document, operation, its integer variables) -> (the document, its cost). The
# document is kept so its id is not reused while the entry lives.
_costs: dict[tuple[int, str | None, frozenset[tuple[str, int]]], tuple[DocumentNode, int]] = {}
COST_CACHE_SIZE = 1024


def requested_cost(
    document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any] | None
) -> int:
    """The cost of the operation the request runs (the only one, or the named one).

    Worked out once per parsed document, operation and page sizes: the parser cache and
    persisted documents hand the same DocumentNode to every request of a document, and
    only integer variables can change the cost (a `first`/`last` that is not an int counts
    as the default page), so they alone are part of the key. The walk is linear in the
    document, like the depth and alias limits, which run once per document too (in the
    cached validation)."""
    sizes = frozenset(
        (name, value) for name, value in (variables or {}).items() if type(value) is int
    )
    key = (id(document), operation_name, sizes)
    found = _costs.get(key)
    if found is not None and found[0] is document:
        return found[1]
    cost = _requested_cost(document, operation_name, variables)
    if len(_costs) >= COST_CACHE_SIZE:
        _costs.clear()
    _costs[key] = (document, cost)
    return cost


def _requested_cost(
    document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any] | None
) -> int:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    coster = _Coster(fragments, variables or {})
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else None
        if operation_name is not None and name != operation_name:
            continue
        if definition.operation is OperationType.MUTATION:
            return sum(
                MUTATION_COST + coster.selection_set(s.selection_set)
                if isinstance(s, FieldNode)
                else coster.selection_set(SelectionSetNode(selections=(s,)))
                for s in definition.selection_set.selections
            )
        return coster.selection_set(definition.selection_set)
    return 0
