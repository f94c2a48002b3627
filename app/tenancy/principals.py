"""Resolve a request's credential into a Principal before GraphQL runs.

- ``Authorization: Bearer <JWT>``: a staff user (role from the token).
- ``Authorization: Bearer esk_...``: an API key (scopes from the key).
- ``X-Storefront-Token: est_...`` or a store's domain in ``Host``: a storefront.

A presented but unusable credential gives an anonymous principal that remembers why, so
the first field that needs a credential answers UNAUTHENTICATED with that reason.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from sqlalchemy import and_, func, select, update
from starlette.requests import HTTPConnection

from app.db.tenant import scope_connection, tenant_transaction
from app.http_headers import header
from app.principal import (
    ANONYMOUS,
    ROLE_SCOPES,
    Principal,
    PrincipalKind,
    StaffRole,
    expand_scopes,
)
from app.resources import Resources
from app.tenancy import secrets as creds
from app.tenancy.access_claims import decode_access_token
from app.tenancy.auth import family_is_revoked
from app.tenancy.models import api_keys, staff_members, store_domains, storefront_tokens, stores

STOREFRONT_CACHE_SECONDS = 30.0
API_KEY_TOUCH_SECONDS = 60


@dataclass(frozen=True, slots=True)
class _StoreRoute:
    """A storefront's store with its access settings, cached with the token or domain, so
    a request reads them with no statement of its own."""

    tenant_id: uuid.UUID
    store_id: uuid.UUID
    persisted_only: bool = False  # the token's or the store's
    cache_max_age: int | None = None
    cache_stale_while_revalidate: int | None = None


# The store's columns a storefront route carries.
_STORE_ACCESS = (
    stores.c.storefront_persisted_only,
    stores.c.storefront_cache_max_age,
    stores.c.storefront_cache_stale_while_revalidate,
)


def _route(tenant_id: uuid.UUID, store_id: uuid.UUID, row: Any, token_only: bool) -> _StoreRoute:
    return _StoreRoute(
        tenant_id,
        store_id,
        persisted_only=token_only or row.storefront_persisted_only,
        cache_max_age=row.storefront_cache_max_age,
        cache_stale_while_revalidate=row.storefront_cache_stale_while_revalidate,
    )


class Authenticator:
    """Callable handed to the GraphQL view. Storefront lookups (with the store's access
    settings) are cached briefly in-process: storefront tokens are public identifiers on the
    hot read path. A revoked one, or a changed setting, takes effect at once in the process
    that made the change and, through the cache bus's Redis message, in the others within
    a second; with Redis unreachable, within STOREFRONT_CACHE_SECONDS.

    The cache holds the storefront's Principal itself (frozen, so one instance serves every
    request of the route) and is keyed by the token as sent (bytes) or the host (str): a
    request with a known token costs one dict lookup, no parsing or hashing."""

    def __init__(self) -> None:
        # key -> (principal or None for a known miss, monotonic expiry)
        self._storefront: dict[bytes | str, tuple[Principal | None, float]] = {}

    async def __call__(self, conn: HTTPConnection, resources: Resources) -> Principal:
        scope = conn.scope
        authorization = header(scope, b"authorization")
        if authorization:
            scheme, _, value = authorization.partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                return Principal(rejected="Authorization must be `Bearer <token>`")
            value = value.strip()
            if value.startswith(creds.API_KEY + "_"):
                return await self._api_key(value, resources)
            return await self._staff(value, resources)
        token = header(scope, b"x-storefront-token")
        if token:
            return await self._storefront_token(token.strip(), resources)
        host = header(scope, b"host").split(":")[0].lower()
        if host:
            return await self._storefront_domain(host, resources)
        return ANONYMOUS

    async def _staff(self, token: str, resources: Resources) -> Principal:
        try:
            claims = decode_access_token(resources.settings, token)
        except jwt.ExpiredSignatureError:
            return Principal(rejected="Access token expired; refresh it with tokenRefresh")
        except jwt.InvalidTokenError:
            return Principal(rejected="Invalid access token")
        if await family_is_revoked(resources.redis, str(claims.family)):
            return Principal(rejected="Access token revoked")
        return Principal(
            kind=PrincipalKind.STAFF,
            tenant_id=claims.tenant_id,
            user_id=claims.user_id,
            staff_id=claims.staff_id,
            role=claims.role,
            scopes=ROLE_SCOPES[claims.role],
            token_family=claims.family,
        )

    async def _api_key(self, value: str, resources: Resources) -> Principal:
        parsed = creds.parse(creds.API_KEY, value)
        if parsed is None:
            return Principal(rejected="Invalid API key")
        async with tenant_transaction(resources.engine, parsed.tenant_id) as conn:
            row = (
                await conn.execute(
                    select(
                        api_keys.c.secret_hash,
                        api_keys.c.scopes,
                        api_keys.c.persisted_only,
                        api_keys.c.revoked_at,
                        api_keys.c.expires_at,
                        api_keys.c.last_used_at,
                        api_keys.c.created_by,
                        staff_members.c.role.label("creator_role"),
                        staff_members.c.status.label("creator_status"),
                    )
                    .select_from(
                        api_keys.outerjoin(
                            staff_members,
                            and_(
                                staff_members.c.tenant_id == api_keys.c.tenant_id,
                                staff_members.c.id == api_keys.c.created_by,
                            ),
                        )
                    )
                    .where(api_keys.c.tenant_id == parsed.tenant_id, api_keys.c.id == parsed.row_id)
                )
            ).first()
            if row is None or not creds.matches(row.secret_hash, parsed.secret_hash):
                return Principal(rejected="Invalid API key")
            if row.revoked_at is not None:
                return Principal(rejected="API key revoked")
            now = dt.datetime.now(dt.UTC)
            if row.expires_at is not None and row.expires_at <= now:
                return Principal(rejected="API key expired")
            stale = dt.timedelta(seconds=API_KEY_TOUCH_SECONDS)
            if row.last_used_at is None or now - row.last_used_at > stale:
                await conn.execute(
                    update(api_keys)
                    .values(last_used_at=func.now())
                    .where(api_keys.c.tenant_id == parsed.tenant_id, api_keys.c.id == parsed.row_id)
                )
        return Principal(
            kind=PrincipalKind.API_KEY,
            tenant_id=parsed.tenant_id,
            api_key_id=parsed.row_id,
            scopes=_key_scopes(row),
            persisted_only=row.persisted_only,
        )

    def _cached(self, key: bytes | str) -> tuple[bool, Principal | None]:
        entry = self._storefront.get(key)
        if entry is None or entry[1] < time.monotonic():
            return False, None
        return True, entry[0]

    def _remember(self, key: bytes | str, route: _StoreRoute | None) -> Principal | None:
        if len(self._storefront) > 10_000:  # bounded: unknown hosts must not grow it forever
            self._storefront.clear()
        principal = _storefront_principal(route) if route is not None else None
        self._storefront[key] = (principal, time.monotonic() + STOREFRONT_CACHE_SECONDS)
        return principal

    async def _storefront_token(self, value: str, resources: Resources) -> Principal:
        # The token as sent, in bytes: a host (str) never equals it.
        key = value.encode()
        hit, principal = self._cached(key)
        if not hit:
            parsed = creds.parse(creds.STOREFRONT, value)
            if parsed is None:
                return Principal(rejected="Invalid storefront token")
            async with tenant_transaction(resources.engine, parsed.tenant_id) as conn:
                row = (
                    await conn.execute(
                        select(
                            storefront_tokens.c.store_id,
                            storefront_tokens.c.secret_hash,
                            storefront_tokens.c.persisted_only,
                            *_STORE_ACCESS,
                        )
                        .join(
                            stores,
                            and_(
                                stores.c.tenant_id == storefront_tokens.c.tenant_id,
                                stores.c.id == storefront_tokens.c.store_id,
                            ),
                        )
                        .where(
                            storefront_tokens.c.tenant_id == parsed.tenant_id,
                            storefront_tokens.c.id == parsed.row_id,
                            storefront_tokens.c.revoked_at.is_(None),
                        )
                    )
                ).first()
            route = None
            if row is not None and creds.matches(row.secret_hash, parsed.secret_hash):
                route = _route(parsed.tenant_id, row.store_id, row, row.persisted_only)
            principal = self._remember(key, route)
        if principal is None:
            return Principal(rejected="Invalid or revoked storefront token")
        return principal

    async def is_store_domain(self, host: str, resources: Resources) -> bool:
        """Whether `host` is a store's domain (CORS allows it as an origin)."""
        return (await self._storefront_domain(host, resources)) is not ANONYMOUS

    async def _storefront_domain(self, host: str, resources: Resources) -> Principal:
        if len(host) > 253 or not host.isascii() or not host.isprintable():
            # No store's domain (ASCII, at most 253 characters); a NUL, as sitemap.xml's
            # `?store=` can carry, used to fail the lookup in PostgreSQL with a 500.
            return ANONYMOUS
        hit, principal = self._cached(host)
        if not hit:
            async with tenant_transaction(resources.engine, None) as conn:
                row = (
                    await conn.execute(
                        select(store_domains.c.tenant_id, store_domains.c.store_id).where(
                            store_domains.c.domain == host
                        )
                    )
                ).first()
                store = None
                if row is not None:
                    # The routing table is global; the store's settings are the tenant's,
                    # visible once the transaction is bound to it (RLS).
                    await scope_connection(conn, row.tenant_id)
                    store = (
                        await conn.execute(
                            select(*_STORE_ACCESS).where(
                                stores.c.tenant_id == row.tenant_id, stores.c.id == row.store_id
                            )
                        )
                    ).first()
            route = _route(row.tenant_id, row.store_id, store, False) if row and store else None
            principal = self._remember(host, route)
        return principal or ANONYMOUS

    async def storefront_for_domain(self, domain: str, resources: Resources) -> Principal:
        """The storefront served at `domain` (cached like Host lookups), else ANONYMOUS."""
        return await self._storefront_domain(domain.split(":")[0].lower(), resources)

    def forget(self, tenant: str | None = None) -> None:
        """Drop cached storefront routes (after a token is revoked or a domain changes): the
        tenant's, with every known miss (a new domain may be cached as unknown); all of
        them when `tenant` is None. The cache bus (app/cache_bus.py, kind STOREFRONT) calls
        it in every process."""
        if tenant is None:
            self._storefront.clear()
            return
        for key, (principal, _) in list(self._storefront.items()):
            if principal is None or str(principal.tenant_id) == tenant:
                self._storefront.pop(key, None)


def _key_scopes(row: Any) -> frozenset[str]:
    """The key's scopes, capped by its creator's role now: a key made by a staff member
    who was since demoted or removed holds no more than they do (keys made from the CLI
    have no creator and keep their scopes)."""
    scopes = expand_scopes(frozenset(row.scopes))
    if row.created_by is None:
        return scopes
    if row.creator_role is None or row.creator_status != "ACTIVE":
        return frozenset()
    return scopes & ROLE_SCOPES[StaffRole(row.creator_role)]


def _storefront_principal(route: _StoreRoute) -> Principal:
    return Principal(
        kind=PrincipalKind.STOREFRONT,
        tenant_id=route.tenant_id,
        store_id=route.store_id,
        scopes=frozenset({"storefront"}),
        persisted_only=route.persisted_only,
        cache_max_age=route.cache_max_age,
        cache_stale_while_revalidate=route.cache_stale_while_revalidate,
    )
