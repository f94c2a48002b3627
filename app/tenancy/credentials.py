"""API keys and storefront tokens: created with a secret shown once, revocable."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Row

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.principal import SCOPES, expand_scopes
from app.tenancy import secrets as creds
from app.tenancy.errors import TenancyErrorCode
from app.tenancy.models import api_keys, storefront_tokens, stores


async def create_api_key(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    created_by: uuid.UUID | None,
    name: str,
    scopes: Sequence[str],
    persisted_only: bool,
    grantable: frozenset[str] | None = None,
) -> tuple[Row[Any], str]:
    """A new key and its secret (the only time the secret is available). `grantable` is
    what the creator holds now: a key never carries more than the person who made it."""
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise ServiceError(
            TenancyErrorCode.INVALID, "Name must be 1 to 200 characters", ["input", "name"]
        )
    unknown = sorted(set(scopes) - SCOPES)
    if unknown or not scopes:
        raise ServiceError(
            TenancyErrorCode.INVALID_SCOPE,
            f"Unknown scopes: {', '.join(unknown)}" if unknown else "Give at least one scope",
            ["input", "scopes"],
        )
    beyond = sorted(expand_scopes(frozenset(scopes)) - grantable) if grantable is not None else []
    if beyond:
        raise ServiceError(
            TenancyErrorCode.INVALID_SCOPE,
            f"You cannot grant scopes you do not hold: {', '.join(beyond)}",
            ["input", "scopes"],
        )
    key_id = uuid7()
    secret, secret_hash = creds.mint(creds.API_KEY, tenant_id, key_id)
    row = (
        await db.execute(
            api_keys.insert()
            .values(
                tenant_id=tenant_id,
                id=key_id,
                name=name,
                prefix=creds.secret_hint(secret),
                secret_hash=secret_hash,
                scopes=sorted(set(scopes)),
                persisted_only=persisted_only,
                created_by=created_by,
            )
            .returning(*api_keys.c)
        )
    ).one()
    return row, secret


async def revoke_api_key(*, db: RequestDB, tenant_id: uuid.UUID, key_id: uuid.UUID) -> Row[Any]:
    row = (
        await db.execute(
            update(api_keys)
            .values(
                revoked_at=func.coalesce(api_keys.c.revoked_at, func.now()),
            )
            .where(api_keys.c.tenant_id == tenant_id, api_keys.c.id == key_id)
            .returning(*api_keys.c)
        )
    ).first()
    if row is None:
        raise ServiceError(TenancyErrorCode.NOT_FOUND, "API key not found", ["id"])
    return row


async def create_storefront_token(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    title: str,
    persisted_only: bool = False,
) -> tuple[Row[Any], str]:
    """A new token and its value. A persisted-only token runs registered documents only."""
    exists = (
        await db.execute(
            select(stores.c.id).where(stores.c.tenant_id == tenant_id, stores.c.id == store_id)
        )
    ).first()
    if exists is None:
        raise ServiceError(TenancyErrorCode.NOT_FOUND, "Store not found", ["storeId"])
    token_id = uuid7()
    token, secret_hash = creds.mint(creds.STOREFRONT, tenant_id, token_id)
    row = (
        await db.execute(
            storefront_tokens.insert()
            .values(
                tenant_id=tenant_id,
                id=token_id,
                store_id=store_id,
                title=title.strip() or "Storefront",
                secret_hash=secret_hash,
                persisted_only=persisted_only,
            )
            .returning(*storefront_tokens.c)
        )
    ).one()
    return row, token


async def revoke_storefront_token(
    *, db: RequestDB, tenant_id: uuid.UUID, token_id: uuid.UUID
) -> Row[Any]:
    row = (
        await db.execute(
            update(storefront_tokens)
            .values(
                revoked_at=func.coalesce(storefront_tokens.c.revoked_at, func.now()),
            )
            .where(storefront_tokens.c.tenant_id == tenant_id, storefront_tokens.c.id == token_id)
            .returning(*storefront_tokens.c)
        )
    ).first()
    if row is None:
        raise ServiceError(TenancyErrorCode.NOT_FOUND, "Storefront token not found", ["id"])
    return row
