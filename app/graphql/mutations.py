"""The one mutation pipeline: the routine every mutation shares, written once.

A mutation resolver states what it does (`write`: call one service function) and how it
answers (`answer`: build the payload); `run_mutation` does the rest, in this order:

1. permission: `scope` (an admin credential holding it) and/or `staff` (a signed-in staff
   user); a refusal is a GraphQL error (FORBIDDEN / UNAUTHENTICATED), as for queries;
2. a savepoint around the write (`RequestDB.unit_of_work`): a refusal or failure leaves
   nothing, and after-commit callbacks registered inside are dropped with it;
3. idempotency, when the mutation takes `idempotencyKey`: the key is claimed with the hash of
   the field's arguments; a repeat replays the first response exactly (as the client got it,
   whatever the repeat selects); the same key with other arguments is the userError
   IDEMPOTENCY_KEY_REUSED; the response is remembered by the view once the executor has
   completed it, before the commit (`settle_idempotency`);
4. the write; global IDs are decoded inside it with `call.id(...)`, so a malformed or
   foreign-typed ID is the typed userError the caller names (usually NOT_FOUND);
5. the request's DataLoaders are cleared, so the answer (and any later field) reads the
   state after the write;
6. `ServiceError` -> one userError per problem, in the payload's userError type.

    @strawberry.mutation(description="Add `delta` to a variant's stock on hand.")
    async def inventory_adjust(
        self, info: Info, variant_id: strawberry.ID, delta: int,
        idempotency_key: IdempotencyKey = None,
    ) -> InventoryPayload:
        return await run_mutation(
            info,
            InventoryPayload,
            scope="catalog:write",
            idempotency_key=idempotency_key,
            write=lambda call: service.adjust_quantity(
                db=call.db,
                tenant_id=call.tenant_id,
                variant_id=call.id(variant_id, "ProductVariant", Code.NOT_FOUND, "variantId"),
                delta=delta,
            ),
            answer=lambda call, changed: _payload(call.info, changed),
        )

A service that must call out (Stripe, a supplier) runs in steps (`steps=True`): the pipeline
opens no savepoint; the service wraps step 1 in its own `db.unit_of_work()` and ends it with
`await db.commit()`, calls out with no transaction open, then records the outcome in a new
`unit_of_work()` (app/db/tenant.py, rule 3). A failure before that commit leaves nothing
(the idempotency claim is released); after it, the userErrors answered are the key's
remembered first response.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import typing
import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from functools import cache
from typing import Any, TypeVar

import orjson
import strawberry
from graphql import value_from_ast_untyped

from app.cache_bus import RESPONSES, CacheBus
from app.db import idempotency
from app.db.replicas import primary_lsn
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.graphql.context import Context, Info, require_admin, require_staff
from app.graphql.ids import parse_global_id
from app.graphql.response_cache import bump_generation
from app.graphql.user_errors import UserError, user_errors
from app.principal import Principal
from app.unset import UNSET, Unset

log = logging.getLogger("edestory.graphql")

P = TypeVar("P")
R = TypeVar("R")

IdempotencyKey = typing.Annotated[
    str | None,
    strawberry.argument(
        description="A repeat with the same key and arguments, within 24 hours, answers the "
        "first response without applying it again; with other arguments it is refused."
    ),
]


@dataclass(frozen=True, slots=True)
class MutationCall:
    """What a mutation's `write` and `answer` are given: the caller and the request's DB."""

    info: Info
    principal: Principal

    @property
    def context(self) -> Context:
        return self.info.context

    @property
    def db(self) -> RequestDB:
        return self.info.context.db

    @property
    def tenant_id(self) -> uuid.UUID:
        assert self.principal.tenant_id is not None, "a tenant mutation needs scope or staff"
        return self.principal.tenant_id

    def id(
        self, global_id: str, type_name: str, code: Enum, *field: str, name: str = ""
    ) -> uuid.UUID:
        """The uuid inside a global ID of `type_name`; a malformed or foreign-typed ID is the
        userError `code` at `field` ("<name> not found")."""
        value = parse_global_id(global_id, type_name)
        if value is None:
            raise ServiceError(code, f"{name or type_name} not found", list(field))
        return value

    def optional_id(
        self, global_id: str | None, type_name: str, code: Enum, *field: str
    ) -> uuid.UUID | None:
        return None if global_id is None else self.id(global_id, type_name, code, *field)

    def given_id(
        self, global_id: str | None, type_name: str, code: Enum, *field: str
    ) -> uuid.UUID | Unset | None:
        """An optional ID input of a partial update: left out is UNSET, null is None."""
        if global_id is strawberry.UNSET:
            return UNSET
        return self.optional_id(global_id, type_name, code, *field)

    def ids(
        self, global_ids: Sequence[str], type_name: str, code: Enum, *field: str
    ) -> list[uuid.UUID]:
        """Each ID decoded; the error's field ends with the bad one's index."""
        return [self.id(gid, type_name, code, *field, str(i)) for i, gid in enumerate(global_ids)]


def loaded(
    payload: Callable[..., P], field: str, loader: Any, key: Callable[[Any], Any] = lambda r: r
) -> Callable[[MutationCall, Any], Awaitable[P]]:
    """An `answer` that loads the written object through the request's (cleared) loader:
    `payload(<field>=<loader>.load(key(result)))`."""

    async def answer(call: MutationCall, result: Any) -> P:
        found = await call.context.loader(loader).load(key(result))
        return payload(**{field: found})

    return answer


def given(value: Any) -> Any:
    """Strawberry's UNSET (an input field left out) as the services' UNSET (app/unset.py);
    anything else as is."""
    return UNSET if value is strawberry.UNSET else value


@dataclass(frozen=True, slots=True)
class _Answer:
    """A settled idempotent answer: store `alias`'s response, or put a stored one there."""

    alias: str
    tenant_id: uuid.UUID
    operation: str
    key: str
    replay: Any = None  # the stored first response to put at `alias`
    same_as: str | None = None  # an earlier alias of this request with the same key
    remember: bool = False


async def run_mutation(
    info: Info,
    payload: Callable[..., P],
    *,
    write: Callable[[MutationCall], Awaitable[R]],
    answer: Callable[[MutationCall, R], Awaitable[P] | P],
    scope: str | None,
    staff: bool = False,
    authorize: Callable[[Info, Principal], Awaitable[Principal]] | None = None,
    idempotency_key: str | None = None,
    steps: bool = False,
    invalidates_storefront: bool = False,
) -> P:
    """Run one mutation through the pipeline (the module docstring says what it does).
    `authorize` checks the caller further once the token's claims pass (the tenancy domain
    re-reads the caller's role in the database for operations that grant privileges).
    A catalog write (scope catalog:write), or one marked `invalidates_storefront` (stock
    reserved by a checkout), bumps the tenant's cached storefront answers after it commits."""
    principal = _permitted(info, scope=scope, staff=staff)
    if authorize is not None:
        principal = await authorize(info, principal)
    call = MutationCall(info, principal)
    error_type = _user_error_type(payload)
    context = info.context
    db = context.db
    commits = db.commits
    claimed: _Answer | None = None
    savepoint: AbstractAsyncContextManager[Any] = nullcontext() if steps else db.unit_of_work()
    try:
        async with savepoint:
            if idempotency_key is not None:
                found = await _claim(call, error_type, idempotency_key)
                if not found.remember:  # a replay: the view puts the first response here
                    context.idempotent.append(found)
                    return payload()
                claimed = found
            result = await write(call)
    except ServiceError as exc:
        context.clear_loaders()
        refused = payload(user_errors=user_errors(error_type, exc))
        if claimed is not None:
            if db.commits != commits:  # a step was committed: this refusal is final
                context.idempotent.append(claimed)
            elif steps:  # the claim is outside any savepoint: give it up
                await idempotency.release(
                    db, tenant_id=claimed.tenant_id, operation=claimed.operation, key=claimed.key
                )
        return refused
    except BaseException:
        context.clear_loaders()
        if claimed is not None and steps and db.commits == commits:
            await idempotency.release(
                db, tenant_id=claimed.tenant_id, operation=claimed.operation, key=claimed.key
            )
        raise
    context.clear_loaders()
    if claimed is not None:
        context.idempotent.append(claimed)
    if scope == CATALOG_WRITE or invalidates_storefront:
        _invalidate_storefront_answers(context, principal)
    answered = answer(call, result)
    if inspect.isawaitable(answered):
        return await answered
    return answered


CATALOG_WRITE = "catalog:write"


def _invalidate_storefront_answers(context: Context, principal: Principal) -> None:
    tenant_id, redis = principal.tenant_id, context.redis
    if tenant_id is None:
        return

    db, replicas = context.db, bool(context.settings.database_replica_urls)
    bus: CacheBus | None = getattr(context.request.app.state, "cache_bus", None)

    async def bump() -> None:
        # With replicas, the position after the write goes with the generation, so an
        # answer kept under it is not read from a replica that lacks the write.
        position = None
        if replicas:
            try:
                position = await primary_lsn(db.primary)
            except Exception:  # bump anyway: a missed bump serves old answers for `ttl`
                log.warning("could not read the WAL position for the cache", exc_info=True)
        await bump_generation(redis, tenant_id, position)
        if bus is not None:  # other processes drop their local copies of the old answers
            await bus.publish(RESPONSES, str(tenant_id))

    context.db.after_commit(bump)


def _permitted(info: Info, *, scope: str | None, staff: bool) -> Principal:
    principal = info.context.principal
    if staff:
        principal = require_staff(info)
    if scope is not None:
        principal = require_admin(info, scope)
    return principal


async def _claim(call: MutationCall, error_type: type[Any], key: str) -> _Answer:
    """Claim `key` for this field: an _Answer to remember (this call does the work), to
    replay (a completed first call), or the same as an earlier field of this request."""
    codes = _codes(error_type)  # type: ignore[arg-type]
    if not 1 <= len(key) <= idempotency.MAX_KEY_LENGTH:
        raise ServiceError(
            codes["INVALID"],
            f"idempotencyKey must be 1 to {idempotency.MAX_KEY_LENGTH} characters",
            ["idempotencyKey"],
        )
    info = call.info
    operation, alias = info.field_name, info.path.key
    request_hash = _arguments_hash(info)
    stored = await idempotency.claim(
        call.db,
        tenant_id=call.tenant_id,
        operation=operation,
        key=key,
        request_hash=request_hash,
    )
    base = _Answer(str(alias), call.tenant_id, operation, key)
    if stored is None:
        return _Answer(base.alias, base.tenant_id, operation, key, remember=True)
    if stored.request_hash != request_hash:
        raise ServiceError(
            codes["IDEMPOTENCY_KEY_REUSED"],
            "This idempotencyKey was used with other arguments",
            ["idempotencyKey"],
        )
    if stored.pending:
        earlier = next(
            (
                a.alias
                for a in call.context.idempotent
                if a.remember
                and (a.operation, a.key, a.tenant_id) == (operation, key, base.tenant_id)
            ),
            None,
        )
        if earlier is None:  # a stepped first call is still between its steps
            raise ServiceError(
                codes["IDEMPOTENCY_KEY_IN_PROGRESS"],
                "A request with this idempotencyKey is still in progress; retry later",
                ["idempotencyKey"],
            )
        return _Answer(base.alias, base.tenant_id, operation, key, same_as=earlier)
    return _Answer(base.alias, base.tenant_id, operation, key, replay=stored.response)


async def settle_idempotency(context: Context, data: dict[str, Any] | None) -> None:
    """Called by the view after execution, before the commit: store each first response
    and put the remembered ones in place of the repeats' placeholders."""
    for entry in context.idempotent:
        if entry.remember:
            await idempotency.remember(
                context.db,
                tenant_id=entry.tenant_id,
                operation=entry.operation,
                key=entry.key,
                response=(data or {}).get(entry.alias),
            )
        elif data is not None and entry.same_as is not None:
            data[entry.alias] = data.get(entry.same_as)
        elif data is not None and entry.replay is not None:
            data[entry.alias] = entry.replay
    context.idempotent.clear()


def _arguments_hash(info: Info) -> str:
    """SHA-256 of the field's arguments as written, variables substituted, without the
    idempotency key itself (an argument left out and one given its default differ)."""
    raw = info._raw_info
    values: Any = raw.variable_values  # graphql-core 3.3: VariableValues; before: a dict
    variables: dict[str, Any] = values.coerced if hasattr(values, "coerced") else values
    arguments = {
        argument.name.value: value_from_ast_untyped(argument.value, variables)
        for argument in raw.field_nodes[0].arguments or ()
        if argument.name.value != "idempotencyKey"
    }
    encoded = orjson.dumps(_canonical(arguments), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(encoded).hexdigest()


def _canonical(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if value is strawberry.UNSET:
        return {"$unset": True}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
    return str(value)


@cache
def _user_error_type(payload: Any) -> type[Any]:
    """The payload's userError class, from its `user_errors: list[X]` annotation."""
    hints = typing.get_type_hints(payload)
    (error_type,) = typing.get_args(hints["user_errors"])
    assert issubclass(error_type, UserError), payload
    return error_type  # type: ignore[no-any-return]


@cache
def _codes(error_type: type[Any]) -> type[Enum]:
    """The error-code enum of a `UserError[Codes]` subclass."""
    for base in getattr(error_type, "__orig_bases__", ()):
        args = typing.get_args(base)
        if args and isinstance(args[0], type) and issubclass(args[0], Enum):
            return args[0]
    raise TypeError(f"{error_type.__name__} is not a UserError[<Codes>]")
