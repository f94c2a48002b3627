"""The per-request GraphQL context: principal, database handle, loaders, Redis, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from app.db.tenant import RequestDB
from app.graphql.errors import Forbidden, Unauthenticated
from app.principal import Principal, PrincipalKind
from app.settings import Settings

L = TypeVar("L")


@dataclass(slots=True)
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    principal: Principal
    db: RequestDB
    redis: Redis
    settings: Settings
    request_id: str
    language: str | None = None
    # graphql-transport-ws: the connection_init payload (its Authorization authenticates).
    connection_params: dict[str, Any] | None = None
    _loaders: dict[Any, Any] = field(default_factory=dict)
    # The mutation pipeline's idempotent answers, settled by the view before the commit.
    idempotent: list[Any] = field(default_factory=list)

    def loader(self, cls: Callable[[Context], L]) -> L:
        """The request's single instance of a DataLoader class (built from this context)."""
        found = self._loaders.get(cls)
        if found is None:
            found = self._loaders[cls] = cls(self)
        return found

    def clear_loaders(self) -> None:
        """Forget every object loaded so far: after a write they may answer the state
        before it (the mutation pipeline calls this after each mutation)."""
        self._loaders.clear()


Info = StrawberryInfo[Context, None]


def _unauthenticated(principal: Principal) -> Unauthenticated:
    return Unauthenticated(principal.rejected or "Authentication required")


def require_admin(info: Info, scope: str) -> Principal:
    """A staff user or API key of some tenant holding `scope`."""
    principal = info.context.principal
    if not principal.is_admin:
        if principal.kind is PrincipalKind.STOREFRONT:
            raise Forbidden("This field needs a staff token or an API key")
        raise _unauthenticated(principal)
    if not principal.has_scope(scope):
        raise Forbidden(f"Missing scope {scope}", requiredScope=scope)
    return principal


def require_staff(info: Info) -> Principal:
    """A signed-in staff user (not an API key)."""
    principal = info.context.principal
    if principal.kind is PrincipalKind.STAFF:
        return principal
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise _unauthenticated(principal)
    raise Forbidden("This field needs a staff token")


def require_storefront(info: Info) -> Principal:
    principal = info.context.principal
    if principal.kind is PrincipalKind.STOREFRONT:
        return principal
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise _unauthenticated(principal)
    raise Forbidden("This field needs a storefront token (X-Storefront-Token) or store domain")
