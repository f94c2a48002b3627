"""Staff sign-in: password login, short-lived JWT access tokens, rotating refresh tokens."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from dataclasses import dataclass

import jwt
from redis.asyncio import Redis
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.settings import Settings
from app.tenancy import secrets as creds
from app.tenancy.access_claims import JWT_ALGORITHM, JWT_ISSUER
from app.tenancy.errors import AuthErrorCode
from app.tenancy.models import refresh_tokens, staff_members, tenants, users
from app.tenancy.passwords import verify_password

REVOKED_FAMILY_KEY = "auth:revoked-family:{}"
FAILED_LOGINS_KEY = "auth:failed-logins:{}"
FAILED_LOGINS_WINDOW = 15 * 60


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: dt.datetime
    tenant_id: uuid.UUID
    staff_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class Membership:
    tenant_id: uuid.UUID
    staff_id: uuid.UUID
    user_id: uuid.UUID
    role: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def encode_access_token(
    settings: Settings, member: Membership, family: uuid.UUID
) -> tuple[str, dt.datetime]:
    issued = _now()
    expires = issued + dt.timedelta(seconds=settings.access_token_ttl_seconds)
    claims = {
        "iss": JWT_ISSUER,
        "typ": "access",
        "sub": str(member.staff_id),
        "uid": str(member.user_id),
        "tid": str(member.tenant_id),
        "role": member.role,
        "fam": str(family),
        "iat": issued,
        "exp": expires,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm=JWT_ALGORITHM), expires


async def _slow_down_repeated_failures(redis: Redis, settings: Settings, email: str) -> None:
    failures = int(await redis.get(FAILED_LOGINS_KEY.format(email)) or 0)
    excess = failures - settings.login_free_attempts
    if excess >= 0:
        delay = min(settings.login_delay_base_seconds * 2**excess, settings.login_delay_max_seconds)
        await asyncio.sleep(delay)


async def _record_failure(redis: Redis, email: str) -> None:
    key = FAILED_LOGINS_KEY.format(email)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, FAILED_LOGINS_WINDOW)
        await pipe.execute()


async def check_password(
    *, db: RequestDB, redis: Redis, settings: Settings, email: str, password: str
) -> uuid.UUID:
    """The user whose password this is, or INVALID_CREDENTIALS; repeated failures are slowed."""
    email = email.strip().lower()
    await _slow_down_repeated_failures(redis, settings, email)
    async with db.independent(None) as conn:
        row = (
            await conn.execute(
                select(users.c.id, users.c.password_hash).where(func.lower(users.c.email) == email)
            )
        ).first()
    # Unknown email and wrong password take the same time and give the same answer.
    if not await verify_password(row.password_hash if row else None, password) or row is None:
        await _record_failure(redis, email)
        raise ServiceError(AuthErrorCode.INVALID_CREDENTIALS, "Wrong email or password")
    await redis.delete(FAILED_LOGINS_KEY.format(email))
    return row.id  # type: ignore[no-any-return]


async def login(
    *,
    db: RequestDB,
    redis: Redis,
    settings: Settings,
    email: str,
    password: str,
    tenant_id: uuid.UUID | None = None,
) -> TokenPair:
    """Check a password and open a refresh-token family in one of the user's tenants."""
    user_id = await check_password(
        db=db, redis=redis, settings=settings, email=email, password=password
    )
    member = await _membership(db, user_id, tenant_id)
    return await _open_family(db, settings, member)


async def _membership(db: RequestDB, user_id: uuid.UUID, tenant_id: uuid.UUID | None) -> Membership:
    # The own_memberships policy lets a user see their memberships in every tenant.
    async with db.independent(None, user_id) as conn:
        statement = (
            select(staff_members.c.tenant_id, staff_members.c.id, staff_members.c.role)
            .join(tenants, tenants.c.id == staff_members.c.tenant_id)
            .where(
                staff_members.c.user_id == user_id,
                staff_members.c.status == "ACTIVE",
                tenants.c.status == "ACTIVE",
            )
            .order_by(staff_members.c.created_at)
        )
        if tenant_id is not None:
            statement = statement.where(staff_members.c.tenant_id == tenant_id)
        found = (await conn.execute(statement.limit(1))).first()
    if found is None:
        raise no_membership(tenant_id=tenant_id is not None)
    return Membership(found.tenant_id, found.id, user_id, found.role)


def no_membership(*, tenant_id: bool) -> ServiceError:
    return ServiceError(
        AuthErrorCode.NO_MEMBERSHIP,
        "This account has no active staff membership there",
        field=["tenantId"] if tenant_id else None,
    )


async def _insert_refresh(
    conn: AsyncConnection, settings: Settings, member: Membership, family: uuid.UUID
) -> str:
    token_id = uuid7()
    token, secret_hash = creds.mint(creds.REFRESH, member.tenant_id, token_id)
    await conn.execute(
        refresh_tokens.insert().values(
            tenant_id=member.tenant_id,
            id=token_id,
            family_id=family,
            staff_member_id=member.staff_id,
            secret_hash=secret_hash,
            expires_at=_now() + dt.timedelta(seconds=settings.refresh_token_ttl_seconds),
        )
    )
    return token


async def _open_family(db: RequestDB, settings: Settings, member: Membership) -> TokenPair:
    family = uuid7()
    async with db.independent(member.tenant_id) as conn:
        refresh = await _insert_refresh(conn, settings, member, family)
    access, expires = encode_access_token(settings, member, family)
    return TokenPair(access, refresh, expires, member.tenant_id, member.staff_id)


async def refresh(
    *, db: RequestDB, redis: Redis, settings: Settings, refresh_token: str
) -> TokenPair:
    """Rotate a refresh token. Presenting an already-rotated one revokes its whole family."""
    parsed = creds.parse(creds.REFRESH, refresh_token)
    if parsed is None:
        raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid refresh token", ["refreshToken"])
    reused_family: uuid.UUID | None = None
    async with db.independent(parsed.tenant_id) as conn:
        row = (
            await conn.execute(
                select(
                    refresh_tokens,
                    staff_members.c.user_id,
                    staff_members.c.role,
                    staff_members.c.status.label("staff_status"),
                )
                .join(
                    staff_members,
                    (staff_members.c.tenant_id == refresh_tokens.c.tenant_id)
                    & (staff_members.c.id == refresh_tokens.c.staff_member_id),
                )
                .where(
                    refresh_tokens.c.tenant_id == parsed.tenant_id,
                    refresh_tokens.c.id == parsed.row_id,
                )
                .with_for_update(of=refresh_tokens)
            )
        ).first()
        if row is None or not creds.matches(row.secret_hash, parsed.secret_hash):
            raise ServiceError(
                AuthErrorCode.INVALID_TOKEN, "Invalid refresh token", ["refreshToken"]
            )
        if row.revoked_at is not None or row.staff_status != "ACTIVE":
            raise ServiceError(
                AuthErrorCode.INVALID_TOKEN, "Refresh token revoked", ["refreshToken"]
            )
        if row.used_at is not None:
            await _revoke_family_rows(conn, parsed.tenant_id, row.family_id)
            reused_family = row.family_id
        elif row.expires_at <= _now():
            raise ServiceError(
                AuthErrorCode.TOKEN_EXPIRED, "Refresh token expired", ["refreshToken"]
            )
        else:
            await conn.execute(
                update(refresh_tokens)
                .values(used_at=func.now())
                .where(
                    refresh_tokens.c.tenant_id == parsed.tenant_id,
                    refresh_tokens.c.id == parsed.row_id,
                )
            )
            member = Membership(parsed.tenant_id, row.staff_member_id, row.user_id, row.role)
            new_refresh = await _insert_refresh(conn, settings, member, row.family_id)
    if reused_family is not None:
        # Committed above: a stolen token replayed after rotation ends every session of it.
        await _mark_family_revoked(redis, settings, reused_family)
        raise ServiceError(
            AuthErrorCode.TOKEN_REUSED,
            "Refresh token was already used; every token of this session is now revoked",
            ["refreshToken"],
        )
    access, expires = encode_access_token(settings, member, row.family_id)
    return TokenPair(access, new_refresh, expires, member.tenant_id, member.staff_id)


async def _revoke_family_rows(
    conn: AsyncConnection, tenant_id: uuid.UUID, family: uuid.UUID
) -> None:
    await conn.execute(
        update(refresh_tokens)
        .values(revoked_at=func.now())
        .where(
            refresh_tokens.c.tenant_id == tenant_id,
            refresh_tokens.c.family_id == family,
            refresh_tokens.c.revoked_at.is_(None),
        )
    )


async def _mark_family_revoked(redis: Redis, settings: Settings, family: uuid.UUID) -> None:
    # Access tokens of the family stay refused until they would have expired anyway.
    await redis.set(REVOKED_FAMILY_KEY.format(family), "1", ex=settings.access_token_ttl_seconds)


async def family_is_revoked(redis: Redis, family: str) -> bool:
    return bool(await redis.exists(REVOKED_FAMILY_KEY.format(family)))


async def revoke(
    *,
    db: RequestDB,
    redis: Redis,
    settings: Settings,
    tenant_id: uuid.UUID,
    family: uuid.UUID,
) -> None:
    """End a session: its refresh tokens and its access tokens stop working."""
    async with db.independent(tenant_id) as conn:
        await _revoke_family_rows(conn, tenant_id, family)
    await _mark_family_revoked(redis, settings, family)


async def family_of_refresh_token(db: RequestDB, refresh_token: str) -> tuple[uuid.UUID, uuid.UUID]:
    """(tenant, family) of a refresh token, checking its secret."""
    parsed = creds.parse(creds.REFRESH, refresh_token)
    if parsed is not None:
        async with db.independent(parsed.tenant_id) as conn:
            row = (
                await conn.execute(
                    select(refresh_tokens.c.family_id, refresh_tokens.c.secret_hash).where(
                        refresh_tokens.c.tenant_id == parsed.tenant_id,
                        refresh_tokens.c.id == parsed.row_id,
                    )
                )
            ).first()
        if row is not None and creds.matches(row.secret_hash, parsed.secret_hash):
            return parsed.tenant_id, row.family_id
    raise ServiceError(AuthErrorCode.INVALID_TOKEN, "Invalid refresh token", ["refreshToken"])
