"""Tenancy rules: tenants, stores, staff and their roles. No GraphQL here."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.locale_codes import CURRENCIES, LANGUAGES
from app.principal import StaffRole
from app.settings import Settings
from app.tenancy import secrets as creds
from app.tenancy.auth import check_password
from app.tenancy.errors import AuthErrorCode, TenancyErrorCode
from app.tenancy.models import staff_members, store_domains, stores, tenants, users
from app.tenancy.passwords import MIN_LENGTH, hash_password
from app.unset import UNSET, Unset

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INVITE_TTL = dt.timedelta(days=7)
MANAGERS = {StaffRole.OWNER.value, StaffRole.ADMIN.value}  # the roles holding settings:manage
MAX_CACHE_SECONDS = 365 * 24 * 3600  # the migration's CHECK
CACHE_TIMES = (  # column (and StoreInput field), GraphQL input field
    ("storefront_cache_max_age", "storefrontCacheMaxAge"),
    ("storefront_cache_stale_while_revalidate", "storefrontCacheStaleWhileRevalidate"),
)


@dataclass(frozen=True, slots=True)
class StoreInput:
    name: str | None = None
    domain: str | None = None
    currency: str | None = None
    languages: Sequence[str] | None = None
    default_language: str | None = None
    timezone: str | None = None
    # Storefront access (app/tenancy/principals.py carries them with the store's route):
    # UNSET keeps a cache time, None returns it to the process setting.
    storefront_persisted_only: bool | None = None
    storefront_cache_max_age: int | Unset | None = UNSET
    storefront_cache_stale_while_revalidate: int | Unset | None = UNSET


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
    for column, name in CACHE_TIMES:
        seconds = values.get(column)
        if seconds is not None and not 0 <= seconds <= MAX_CACHE_SECONDS:
            fail(
                TenancyErrorCode.INVALID,
                f"Seconds must be between 0 and {MAX_CACHE_SECONDS}",
                name,
            )


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
    if data.storefront_persisted_only is not None:
        values["storefront_persisted_only"] = data.storefront_persisted_only
    for column, _ in CACHE_TIMES:
        seconds = getattr(data, column)
        if seconds is not UNSET:
            values[column] = seconds
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
    values.setdefault("timezone", "UTC")
    _validate_store(values)  # before taking a default language from the languages
    values.setdefault("default_language", values["languages"][0])
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
    """A tenant with its first store and owner; (tenant id, store id). Used by the CLI.

    An owner email that already signs in keeps its password: `owner_password` sets only the
    password of a person created here (the CLI says so; app/tenancy/lookups.py)."""
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


async def _actor_role(db: RequestDB, tenant_id: uuid.UUID, actor_id: uuid.UUID) -> StaffRole:
    """The acting staff member's role now: a token carries the role it was minted with."""
    actor = (
        await db.execute(
            select(staff_members.c.role, staff_members.c.status).where(
                staff_members.c.tenant_id == tenant_id, staff_members.c.id == actor_id
            )
        )
    ).first()
    if actor is None or actor.status != "ACTIVE" or actor.role not in MANAGERS:
        raise ServiceError(
            TenancyErrorCode.FORBIDDEN_ROLE, "Your role no longer allows managing staff", ["role"]
        )
    return StaffRole(actor.role)


async def invite_staff(
    *, db: RequestDB, tenant_id: uuid.UUID, actor_id: uuid.UUID, email: str, role: StaffRole
) -> tuple[Row[Any], str]:
    """Invite a person: an INVITED membership and the token that activates it.

    The token goes to the inviter, not to the person's mailbox, so it must prove nothing about
    who the person is: accepting it sets a password only for someone who has none yet, must
    present the existing password otherwise, and activates only this tenant's membership.
    """
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise ServiceError(TenancyErrorCode.INVALID_EMAIL, "Invalid email", ["input", "email"])
    async with db.unit_of_work():
        actor_role = await _actor_role(db, tenant_id, actor_id)
        if role is StaffRole.OWNER and actor_role is not StaffRole.OWNER:
            raise ServiceError(
                TenancyErrorCode.FORBIDDEN_ROLE, "Only an owner can add owners", ["input", "role"]
            )
        user_id = await _user_id_for(db, email, None)
        current = (
            await db.execute(
                select(staff_members)
                .where(staff_members.c.tenant_id == tenant_id, staff_members.c.user_id == user_id)
                .with_for_update()
            )
        ).first()
        if current is not None and current.status != "INVITED":
            raise ServiceError(
                TenancyErrorCode.ALREADY_MEMBER, "Already a member", ["input", "email"]
            )
        if current is not None and current.role == "OWNER" and actor_role is not StaffRole.OWNER:
            raise ServiceError(
                TenancyErrorCode.FORBIDDEN_ROLE,
                "Only an owner can change an owner's invite",
                ["input", "role"],
            )
        if current is not None:  # invited again: a fresh token, and the role asked now
            row = (
                await db.execute(
                    update(staff_members)
                    .values(role=role.value)
                    .where(
                        staff_members.c.tenant_id == tenant_id,
                        staff_members.c.id == current.id,
                    )
                    .returning(*staff_members.c)
                )
            ).one()
        else:
            try:
                row = (
                    await db.execute(
                        staff_members.insert()
                        .values(
                            tenant_id=tenant_id,
                            id=uuid7(),
                            user_id=user_id,
                            role=role.value,
                            status="INVITED",
                        )
                        .returning(*staff_members.c)
                    )
                ).one()
            except IntegrityError as exc:  # the same person invited twice at once
                raise ServiceError(
                    TenancyErrorCode.ALREADY_MEMBER, "Already a member", ["input", "email"]
                ) from exc
        # After the membership exists: RLS lets a tenant update only its own members' users.
        invite, _ = creds.mint(creds.INVITE, tenant_id, user_id)
        await db.execute(
            update(users)
            .values(
                # The whole token, route included: it cannot be replayed for another tenant.
                invite_token_hash=creds.hash_secret(invite),
                invite_expires_at=dt.datetime.now(dt.UTC) + INVITE_TTL,
            )
            .where(users.c.id == user_id)
        )
    return row, invite


async def accept_invite(
    *, db: RequestDB, redis: Redis, settings: Settings, token: str, password: str
) -> tuple[uuid.UUID, str]:
    """Activate the invited membership; (tenant id, email) to sign in with.

    A person without a password sets it here; anyone else proves who they are with theirs.
    """
    parsed = creds.parse(creds.INVITE, token)
    if parsed is None:
        raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid invite token", ["token"])
    presented = creds.hash_secret(token)
    async with db.independent(parsed.tenant_id) as conn:
        user = (await conn.execute(select(users).where(users.c.id == parsed.row_id))).first()
    _check_invite(user, presented)
    assert user is not None
    if user.password_hash is None:
        if len(password) < MIN_LENGTH:
            raise ServiceError(
                AuthErrorCode.PASSWORD_TOO_SHORT,
                f"Passwords need at least {MIN_LENGTH} characters",
                ["password"],
            )
        new_hash: str | None = await hash_password(password)
    else:
        await check_password(
            db=db, redis=redis, settings=settings, email=user.email, password=password
        )
        new_hash = None
    async with db.independent(parsed.tenant_id) as conn:
        # Read again under a lock: the token may have been used or replaced meanwhile.
        user = (
            await conn.execute(select(users).where(users.c.id == parsed.row_id).with_for_update())
        ).first()
        _check_invite(user, presented)
        assert user is not None
        if new_hash is not None and user.password_hash is not None:
            raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid invite token", ["token"])
        activated = (
            await conn.execute(
                update(staff_members)
                .values(status="ACTIVE")
                .where(
                    staff_members.c.tenant_id == parsed.tenant_id,
                    staff_members.c.user_id == parsed.row_id,
                    staff_members.c.status == "INVITED",
                )
                .returning(staff_members.c.id)
            )
        ).first()
        if activated is None:
            raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid invite token", ["token"])
        await conn.execute(
            update(users)
            .values(
                password_hash=new_hash or user.password_hash,
                invite_token_hash=None,
                invite_expires_at=None,
            )
            .where(users.c.id == parsed.row_id)
        )
    return parsed.tenant_id, str(user.email)


def _check_invite(user: Row[Any] | None, presented: bytes) -> None:
    if user is None or user.invite_token_hash is None:
        raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid invite token", ["token"])
    if not creds.matches(user.invite_token_hash, presented):
        raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid invite token", ["token"])
    if user.invite_expires_at <= dt.datetime.now(dt.UTC):
        raise ServiceError(AuthErrorCode.TOKEN_EXPIRED, "Invite expired", ["token"])


async def update_staff_role(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    actor_id: uuid.UUID,
    staff_id: uuid.UUID,
    role: StaffRole,
) -> Row[Any]:
    async with db.unit_of_work():
        # One role change per tenant at a time: two owners demoting each other concurrently
        # would each count the other as still owner. NO KEY UPDATE leaves inserts that only
        # reference the tenant (foreign keys take KEY SHARE) unblocked.
        await db.execute(
            select(tenants.c.id).where(tenants.c.id == tenant_id).with_for_update(key_share=True)
        )
        actor_role = await _actor_role(db, tenant_id, actor_id)
        current = (
            await db.execute(
                select(staff_members).where(
                    staff_members.c.tenant_id == tenant_id,
                    staff_members.c.id == staff_id,
                )
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
        if current.role == "OWNER" and current.status == "ACTIVE" and role is not StaffRole.OWNER:
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
