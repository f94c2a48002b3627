"""Which GraphQL requests read from a replica, and the WAL position a write hands back.

Only a storefront's query may leave the primary (never a mutation, a subscription, a staff
or API-key request). Of those:

- a query whose root fields are all catalog reads (`CATALOG_ROOTS`: shop, products,
  collections, categories) runs on a replica that has replayed the position the request
  carries (none: any replica within the lag bound);
- any other query (a cart, a checkout, an order) must see the shopper's own writes: it runs
  on a replica only when the request carries a position and the replica has replayed it,
  otherwise on the primary.

A request carries a position in the `X-Edestory-Lsn` header or the `edestory_lsn` cookie
(the later of the two); a response whose writes committed sets both (app/db/replicas.py
says how the position is read and compared). The response cache's generation carries the
position of the write that bumped it, so an answer stored under a generation is never read
from a replica that has not replayed that write (app/graphql/response_cache.py).
"""

from __future__ import annotations

from graphql import FieldNode, OperationDefinitionNode, OperationType, parse
from starlette.requests import HTTPConnection
from starlette.responses import Response

from app.db.replicas import LSN_COOKIE, LSN_HEADER, ReplicaSet, format_lsn, parse_lsn, primary_lsn
from app.db.tenant import RequestDB
from app.graphql.response_cache import CATALOG_ROOTS
from app.principal import Principal, PrincipalKind

CATALOG = "catalog"  # reads only catalog roots
OWN = "own"  # another query: reads what the shopper wrote

_kinds: dict[str, str | None] = {}


def read_kind(text: str, operation_name: str | None) -> str | None:
    """CATALOG, OWN, or None (not a single query: a mutation, a subscription, unparsable);
    memoised per text and operation name."""
    key = f"{operation_name}\0{text}"
    if key in _kinds:
        return _kinds[key]
    kind = _classify(text, operation_name)
    if len(_kinds) >= 4096:
        _kinds.clear()
    _kinds[key] = kind
    return kind


def _classify(text: str, operation_name: str | None) -> str | None:
    try:
        document = parse(text)
    except Exception:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None
    roots = operations[0].selection_set.selections
    if all(isinstance(f, FieldNode) and f.name.value in CATALOG_ROOTS for f in roots):
        return CATALOG
    return OWN


def carried_lsn(request: HTTPConnection) -> int | None:
    """The later of the positions in the request's header and cookie, if any is valid."""
    found = [parse_lsn(request.headers.get(LSN_HEADER)), parse_lsn(request.cookies.get(LSN_COOKIE))]
    valid = [v for v in found if v is not None]
    return max(valid) if valid else None


async def route(
    replicas: ReplicaSet,
    db: RequestDB,
    principal: Principal,
    request: HTTPConnection,
    text: str | None,
    operation_name: str | None,
    floor: int | None = None,
) -> bool:
    """Point `db` at a replica when this request may read there; True when it did.
    `floor`: a position the answer must include whatever the client carries (the response
    cache generation's)."""
    if principal.kind is not PrincipalKind.STOREFRONT or not text:
        return False
    kind = read_kind(text, operation_name)
    if kind is None:
        return False
    carried = carried_lsn(request)
    if kind == OWN and carried is None:
        return False
    engine = await replicas.choose(max(carried or 0, floor or 0))
    return engine is not None and db.read_from(engine, on_lost=replicas.mark_down)


async def hand_back_position(
    db: RequestDB, response: Response, *, max_age: int, secure: bool
) -> None:
    """After a commit that wrote: the primary's position on the response (header and
    cookie), for the client's next reads."""
    position = format_lsn(await primary_lsn(db.primary))
    response.headers[LSN_HEADER] = position
    response.set_cookie(
        LSN_COOKIE, position, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )
