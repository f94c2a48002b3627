"""Supplier connections: create, change, delete (the verbs behind the admin mutations).

Credentials are checked per kind (rules.py), encrypted before they reach SQL and answered
only as hints (secrets.py). An update merges: a credential given replaces that one, null
removes it, the others stay, so a merchant can paste a new access token without the app
secret. Each connection gets a webhook signing secret at creation (shown once, in the
create payload) for POST /webhooks/suppliers/{id}.
"""

from __future__ import annotations

import secrets as random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import Problem, ServiceError
from app.settings import Settings
from app.suppliers import rules, secrets
from app.suppliers.errors import SupplierErrorCode as Code
from app.suppliers.models import supplier_connection_routes, supplier_connections
from app.suppliers.rules import ConnectionStatus, SupplierKind
from app.unset import UNSET, Unset

sc = supplier_connections


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionCreate:
    name: str
    kind: SupplierKind
    feed_url: str | None = None
    credentials: Mapping[str, Any] | None = None
    sync_interval_minutes: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionUpdate:
    name: str | Unset = UNSET
    feed_url: str | Unset | None = UNSET
    credentials: Mapping[str, Any] | Unset | None = UNSET  # merged; a null value removes
    sync_interval_minutes: int | Unset = UNSET
    status: ConnectionStatus | Unset = UNSET


@dataclass(frozen=True, slots=True)
class Created:
    connection_id: uuid.UUID
    webhook_secret: str


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ServiceError.of(problems)


def _credentials(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ServiceError(
            Code.INVALID,
            "credentials must be an object of names to strings",
            ["input", "credentials"],
        )
    return dict(value)


async def create_connection(
    *, db: RequestDB, tenant_id: uuid.UUID, settings: Settings, data: ConnectionCreate
) -> Created:
    credentials = _credentials(data.credentials)
    interval = data.sync_interval_minutes or 360
    _raise(
        rules.check_name(data.name)
        + rules.check_feed_url(data.kind, data.feed_url)
        + rules.check_credentials(data.kind, credentials)
        + rules.check_interval(interval)
    )
    connection_id = uuid7()
    webhook_secret = "whsec_" + random.token_urlsafe(24)
    try:
        async with db.unit_of_work():
            await db.execute(
                insert(sc).values(
                    tenant_id=tenant_id,
                    id=connection_id,
                    name=data.name.strip(),
                    kind=data.kind.value,
                    feed_url=data.feed_url or None,
                    credentials=secrets.encrypt(settings, credentials) if credentials else None,
                    credentials_hint=secrets.hints(credentials),
                    webhook_secret=secrets.encrypt_text(settings, webhook_secret),
                    sync_interval_minutes=interval,
                    updated_at=func.now(),
                )
            )
            await db.execute(
                insert(supplier_connection_routes).values(
                    connection_id=connection_id, tenant_id=tenant_id
                )
            )
    except IntegrityError as exc:
        raise ServiceError(
            Code.TAKEN, "A connection with this name exists", ["input", "name"]
        ) from exc
    return Created(connection_id, webhook_secret)


async def connection_row(db: RequestDB, *, tenant_id: uuid.UUID, connection_id: uuid.UUID) -> Any:
    """The connection's row (ciphertexts included: for adapters, never for answers), or None."""
    rows = await db.execute(select(sc).where(sc.c.tenant_id == tenant_id, sc.c.id == connection_id))
    return rows.first()


async def update_connection(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    connection_id: uuid.UUID,
    data: ConnectionUpdate,
) -> uuid.UUID:
    locked = await db.execute(
        select(sc).where(sc.c.tenant_id == tenant_id, sc.c.id == connection_id).with_for_update()
    )
    row = locked.first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Supplier connection not found", ["id"])
    kind = SupplierKind(row.kind)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    if not isinstance(data.name, Unset):
        problems += rules.check_name(data.name)
        values["name"] = data.name.strip()
    if not isinstance(data.feed_url, Unset):
        problems += rules.check_feed_url(kind, data.feed_url)
        values["feed_url"] = data.feed_url or None
    if not isinstance(data.sync_interval_minutes, Unset):
        problems += rules.check_interval(data.sync_interval_minutes)
        values["sync_interval_minutes"] = data.sync_interval_minutes
    if not isinstance(data.status, Unset):
        values["status"] = data.status.value
    if not isinstance(data.credentials, Unset):
        merged = secrets.decrypt(settings, row.credentials) if row.credentials else {}
        for name, value in _credentials(data.credentials).items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        problems += rules.check_credentials(kind, merged)
        values["credentials"] = secrets.encrypt(settings, merged) if merged else None
        values["credentials_hint"] = secrets.hints(merged)
    _raise(problems)
    if values:
        try:
            async with db.unit_of_work():
                await db.execute(
                    update(sc)
                    .values(updated_at=func.now(), **values)
                    .where(sc.c.tenant_id == tenant_id, sc.c.id == connection_id)
                )
        except IntegrityError as exc:
            raise ServiceError(
                Code.TAKEN, "A connection with this name exists", ["input", "name"]
            ) from exc
    return connection_id


async def store_tokens(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    settings: Settings,
    connection_id: uuid.UUID,
    tokens: Mapping[str, str],
) -> None:
    """Store refreshed tokens back (an adapter's refresh), merged into the credentials; an
    empty value removes that credential (an authorization code once exchanged)."""
    row = await connection_row(db, tenant_id=tenant_id, connection_id=connection_id)
    if row is None:
        return
    merged = secrets.decrypt(settings, row.credentials)
    for name, value in tokens.items():
        if value:
            merged[name] = value
        else:
            merged.pop(name, None)
    await db.execute(
        update(sc)
        .values(
            credentials=secrets.encrypt(settings, merged),
            credentials_hint=secrets.hints(merged),
            updated_at=func.now(),
        )
        .where(sc.c.tenant_id == tenant_id, sc.c.id == connection_id)
    )


async def delete_connection(
    *, db: RequestDB, tenant_id: uuid.UUID, connection_id: uuid.UUID
) -> None:
    """Delete the connection; imported products stay (their supplier links go with it)."""
    deleted = await db.execute(
        delete(sc).where(sc.c.tenant_id == tenant_id, sc.c.id == connection_id).returning(sc.c.id)
    )
    if deleted.first() is None:
        raise ServiceError(Code.NOT_FOUND, "Supplier connection not found", ["id"])
