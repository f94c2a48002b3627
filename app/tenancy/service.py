"""Tenancy rules: tenants, stores, staff and their roles. No GraphQL here."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.locale_codes import CURRENCIES, LANGUAGES
from app.principal import StaffRole
from app.tenancy import secrets as creds
from app.tenancy.errors import AuthErrorCode, TenancyErrorCode
from app.tenancy.models import staff_members, store_domains, stores, tenants, users
from app.tenancy.passwords import MIN_LENGTH, hash_password

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INVITE_TTL = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class StoreInput:
    name: str | None = None
    domain: str | None = None
    currency: str | None = None
    languages: Sequence[str] | None = None
    default_language: str | None = None
    timezone: str | None = None


def _validate_store(values: dict[str, Any], field_prefix: str = "input") -> None:
    def fail(code: TenancyErrorCode, message: str, name: str) -> None:
        raise ServiceError(code, message, [field_prefix, name])

    if "name" in values and not (1 <= len(values["name"].strip()) <= 200):
        fail(TenancyErrorCode.INVALID, "Name must be 1 to 200 characters", "name")
    if values.get("domain") is not None and not DOMAIN_RE.match(values["domain"]):
        fail(TenancyErrorCode.INVALID, "Domain must be a host name like shop.example.com", "domain")
    if "currency" in values and values["currency"] not in CURRENCIES:
        fail(TenancyErrorCode.INVALID_CURRENCY, "Unsupported currency", "currencyCode")
    languages = values.get("languages")
    if languages is not None and (not languages or any(x not in LANGUAGES for x in languages)):
        fail(
            TenancyErrorCode.INVALID_LANGUAGE,
            "Languages must be supported ISO 639-1 codes",
            "languages",
        )
    if "timezone" in values and values["timezone"] not in zoneinfo.available_timezones():
        fail(TenancyErrorCode.INVALID_TIMEZONE, "Unknown IANA time zone", "timezone")


def _store_values(data: StoreInput) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if data.name is not None:
        values["name"] = data.name.strip()
    if data.domain is not None:
        values["domain"] = data.domain.strip().lower() or None
    if data.currency is not None:
        values["currency"] = data.currency.upper()
    if data.languages is not None:
        values["languages"] = list(dict.fromkeys(lang.lower() for lang in data.languages))
    if data.default_language is not None:
        values["default_language"] = data.default_language.lower()
    if data.timezone is not None:
        values["timezone"] = data.timezone
    return values


async def _sync_domain(
    db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, domain: str | None
) -> None:
    await db.execute(
        store_domains.delete().where(
            store_domains.c.tenant_id == tenant_id, store_domains.c.store_id == store_id
        )
    )
    if domain:
        await db.execute(
            store_domains.insert().values(domain=domain, tenant_id=tenant_id, store_id=store_id)
        )


async def create_store(*, db: RequestDB, tenant_id: uuid.UUID, data: StoreInput) -> Row[Any]:
    values = _store_values(data)
    for required, label in (("name", "name"), ("currency", "currencyCode")):
        if required not in values:
            raise ServiceError(TenancyErrorCode.INVALID, f"{label} is required", ["input", label])
    values.setdefault("languages", ["en"])
    values.setdefault("default_language", values["languages"][0])
    values.setdefault("timezone", "UTC")
    _validate_store(values)
    if values["default_language"] not in values["languages"]:
        raise ServiceError(
            TenancyErrorCode.INVALID_LANGUAGE,
            "The default language must be one of the store's languages",
            ["input", "defaultLanguage"],
        )
    store_id = uuid7()
    async with db.unit_of_work():
        try:
            row = (
                await db.execute(
                    stores.insert()
                    .values(
                        tenant_id=tenant_id,
                        id=store_id,
                        status="ACTIVE",
                        updated_at=func.now(),
                        **values,
                    )
                    .returning(*stores.c)
                )
            ).one()
            await _sync_domain(db, tenant_id, store_id, values.get("domain"))
        except IntegrityError as exc:
            raise ServiceError(
                TenancyErrorCode.TAKEN, "That domain is already in use", ["input", "domain"]
            ) from exc
    return row


async def update_store(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, data: StoreInput
) -> Row[Any]:
    values = _store_values(data)
    _validate_store(values)
    async with db.unit_of_work():
        current = (
            await db.execute(
                select(stores)
                .where(stores.c.tenant_id == tenant_id, stores.c.id == store_id)
                .with_for_update()
            )
        ).first()
        if current is None:
            raise ServiceError(TenancyErrorCode.NOT_FOUND, "Store not found", ["id"])
        languages = values.get("languages", current.languages)
        default = values.get("default_language", current.default_language)
        if default not in languages:
            raise ServiceError(
                TenancyErrorCode.INVALID_LANGUAGE,
                "The default language must be one of the store's languages",
                ["input", "defaultLanguage"],
            )
        if not values:
            return current
        try:
            row = (
                await db.execute(
                    update(stores)
                    .values(updated_at=func.now(), **values)
                    .where(
                        stores.c.tenant_id == tenant_id,
                        stores.c.id == store_id,
                    )
                    .returning(*stores.c)
                )
            ).one()
            if "domain" in values:
                await _sync_domain(db, tenant_id, store_id, values["domain"])
        except IntegrityError as exc:
            raise ServiceError(
                TenancyErrorCode.TAKEN, "That domain is already in use", ["input", "domain"]
            ) from exc
    return row


async def _user_id_for(db: RequestDB, email: str, password_hash: str | None) -> uuid.UUID:
    """The user with this email, created if new (a new user gets `password_hash`)."""
    existing = (
        await db.execute(select(users.c.id).where(func.lower(users.c.email) == email.lower()))
    ).scalar()
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    user_id = uuid7()
    await db.execute(
        users.insert().values(id=user_id, email=email.lower(), password_hash=password_hash)
    )
    return user_id


async def create_tenant(
    *,
    engine: AsyncEngine,
    name: str,
    owner_email: str,
    owner_password: str,
    store: StoreInput,
) -> tuple[uuid.UUID, uuid.UUID]:
    """A tenant with its first store and owner; (tenant id, store id). Used by the CLI."""
    if not EMAIL_RE.match(owner_email):
        raise ServiceError(TenancyErrorCode.INVALID_EMAIL, "Invalid owner email", ["email"])
    if len(owner_password) < MIN_LENGTH:
        raise ServiceError(
            AuthErrorCode.PASSWORD_TOO_SHORT,
            f"Passwords need at least {MIN_LENGTH} characters",
            ["password"],
        )
    tenant_id = uuid7()
    db = RequestDB(engine, tenant_id)
    try:
        await db.execute(tenants.insert().values(id=tenant_id, name=name, status="ACTIVE"))
        user_id = await _user_id_for(db, owner_email, await hash_password(owner_password))
        await db.execute(
            staff_members.insert().values(
                tenant_id=tenant_id, id=uuid7(), user_id=user_id, role="OWNER", status="ACTIVE"
            )
        )
        row = await create_store(db=db, tenant_id=tenant_id, data=store)
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return tenant_id, row.id


async def invite_staff(
    *, db: RequestDB, tenant_id: uuid.UUID, actor_role: StaffRole, email: str, role: StaffRole
) -> tuple[Row[Any], str | None]:
    """Add a person to the tenant. A new person gets an invite token to set a password."""
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise ServiceError(TenancyErrorCode.INVALID_EMAIL, "Invalid email", ["input", "email"])
    if role is StaffRole.OWNER and actor_role is not StaffRole.OWNER:
        raise ServiceError(
            TenancyErrorCode.FORBIDDEN_ROLE, "Only an owner can add owners", ["input", "role"]
        )
    async with db.unit_of_work():
        known = (
            await db.execute(
                select(users.c.id, users.c.password_hash).where(func.lower(users.c.email) == email)
            )
        ).first()
        user_id = known.id if known else await _user_id_for(db, email, None)
        invite = None
        if known is None or known.password_hash is None:
            invite, invite_hash = creds.mint(creds.INVITE, tenant_id, user_id)
            await db.execute(
                update(users)
                .values(
                    invite_token_hash=invite_hash,
                    invite_expires_at=dt.datetime.now(dt.UTC) + INVITE_TTL,
                )
                .where(users.c.id == user_id)
            )
        try:
            row = (
                await db.execute(
                    staff_members.insert()
                    .values(
                        tenant_id=tenant_id,
                        id=uuid7(),
                        user_id=user_id,
                        role=role.value,
                        status="ACTIVE",
                    )
                    .returning(*staff_members.c)
                )
            ).one()
        except IntegrityError as exc:
            raise ServiceError(
                TenancyErrorCode.ALREADY_MEMBER, "Already a member", ["input", "email"]
            ) from exc
    return row, invite


async def accept_invite(*, engine: AsyncEngine, token: str, password: str) -> str:
    """Set the password of an invited person; returns their email for signing in."""
    parsed = creds.parse(creds.INVITE, token)
    if len(password) < MIN_LENGTH:
        raise ServiceError(
            AuthErrorCode.PASSWORD_TOO_SHORT,
            f"Passwords need at least {MIN_LENGTH} characters",
            ["password"],
        )
    if parsed is None:
        raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid invite token", ["token"])
    password_hash = await hash_password(password)
    db = RequestDB(engine, None)
    try:
        row = (await db.execute(select(users).where(users.c.id == parsed.row_id))).first()
        valid = (
            row is not None
            and row.invite_token_hash is not None
            and creds.matches(row.invite_token_hash, parsed.secret_hash)
        )
        if not valid or row is None:
            raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid invite token", ["token"])
        if row.invite_expires_at <= dt.datetime.now(dt.UTC):
            raise ServiceError(AuthErrorCode.TOKEN_EXPIRED, "Invite expired", ["token"])
        await db.execute(
            update(users)
            .values(
                password_hash=password_hash,
                invite_token_hash=None,
                invite_expires_at=None,
            )
            .where(users.c.id == parsed.row_id)
        )
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return str(row.email)


async def update_staff_role(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    actor_role: StaffRole,
    staff_id: uuid.UUID,
    role: StaffRole,
) -> Row[Any]:
    async with db.unit_of_work():
        current = (
            await db.execute(
                select(staff_members)
                .where(
                    staff_members.c.tenant_id == tenant_id,
                    staff_members.c.id == staff_id,
                )
                .with_for_update()
            )
        ).first()
        if current is None:
            raise ServiceError(
                TenancyErrorCode.NOT_FOUND, "Staff member not found", ["staffMemberId"]
            )
        touches_owner = StaffRole.OWNER in (role, StaffRole(current.role))
        if touches_owner and actor_role is not StaffRole.OWNER:
            raise ServiceError(
                TenancyErrorCode.FORBIDDEN_ROLE,
                "Only an owner can grant or remove the owner role",
                ["role"],
            )
        if current.role == "OWNER" and role is not StaffRole.OWNER:
            owners = (
                await db.execute(
                    select(func.count())
                    .select_from(staff_members)
                    .where(
                        staff_members.c.tenant_id == tenant_id,
                        staff_members.c.role == "OWNER",
                        staff_members.c.status == "ACTIVE",
                    )
                )
            ).scalar_one()
            if owners <= 1:
                raise ServiceError(
                    TenancyErrorCode.LAST_OWNER, "A tenant needs at least one owner", ["role"]
                )
        return (
            await db.execute(
                update(staff_members)
                .values(role=role.value)
                .where(
                    staff_members.c.tenant_id == tenant_id,
                    staff_members.c.id == staff_id,
                )
                .returning(*staff_members.c)
            )
        ).one()


async def staff_by_ids(
    db: RequestDB, tenant_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Row[Any]]:
    """Staff members with their email and name, in one statement."""
    rows = (
        await db.execute(
            select(staff_members, users.c.email, users.c.name)
            .join(users, users.c.id == staff_members.c.user_id)
            .where(staff_members.c.tenant_id == tenant_id, staff_members.c.id.in_(list(ids)))
        )
    ).all()
    return {row.id: row for row in rows}
