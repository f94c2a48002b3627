"""The Relay ``Node`` interface and ``node``/``nodes``, dispatched to the domains' resolvers."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import strawberry

from app.graphql.context import Info
from app.graphql.errors import BadUserInput
from app.graphql.ids import decode_global_id


@strawberry.interface(description="An object with a globally unique, opaque ID.")
class Node:
    id: strawberry.ID


# Resolves a batch of ids of one type, in the caller's tenant, in one statement; the result
# maps id -> object and leaves out what is missing or not visible.
NodeResolver = Callable[[Info, list[uuid.UUID]], Awaitable[Mapping[uuid.UUID, Any]]]

MAX_NODES = 250


def node_query(resolvers: Mapping[str, NodeResolver]) -> type:
    """A Query mixin with `node` and `nodes` over the given per-type resolvers."""

    async def resolve_many(info: Info, ids: Sequence[str]) -> list[Any]:
        if len(ids) > MAX_NODES:
            raise BadUserInput(f"`ids` is capped at {MAX_NODES}")
        wanted: dict[str, list[uuid.UUID]] = defaultdict(list)
        decoded = [decode_global_id(i) for i in ids]
        for item in decoded:
            if item is not None and item[0] in resolvers:
                wanted[item[0]].append(item[1])
        found: dict[tuple[str, uuid.UUID], Any] = {}
        for type_name, batch in wanted.items():
            for key, obj in (await resolvers[type_name](info, batch)).items():
                found[(type_name, key)] = obj
        return [found.get(item) if item else None for item in decoded]

    @strawberry.type
    class NodeQuery:
        @strawberry.field(description="Fetches an object by its global ID.")
        async def node(self, info: Info, id: strawberry.ID) -> Node | None:
            return (await resolve_many(info, [id]))[0]  # type: ignore[no-any-return]

        @strawberry.field(description="Fetches objects by their global IDs, in order.")
        async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
            return await resolve_many(info, ids)

    return NodeQuery
