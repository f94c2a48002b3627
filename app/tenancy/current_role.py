"""The caller's role as the database holds it now, for operations that grant privileges.

An access token carries the role it was minted with, for up to its TTL; a demoted admin
kept minting API keys with `settings:manage` on the old token. Operations that hand out
power (API keys, staff, stores, storefront tokens) therefore read the caller's current
membership, and a role change ends that person's sessions at once (`end_sessions`).
"""

from __future__ import annotations

import uuid

from redis.asyncio import Redis
from sqlalchemy import func, select, update

from app.db.tenant import RequestDB
from app.principal import ROLE_SCOPES, Principal, PrincipalKind, StaffRole
from app.settings import Settings
from app.tenancy.auth import REVOKED_FAMILY_KEY
from app.tenancy.models import refresh_tokens, staff_members


async def current_scopes(db: RequestDB, principal: Principal) -> frozenset[str] | None:
    """The scopes the caller holds now; None when a staff token's membership is gone or
    not active. An API key's scopes were read (and capped by its creator's role) when the
    request was authenticated."""
    if principal.kind is not PrincipalKind.STAFF:
        return principal.scopes
    assert principal.tenant_id is not None and principal.staff_id is not None
    row = (
        await db.execute(
            select(staff_members.c.role, staff_members.c.status).where(
                staff_members.c.tenant_id == principal.tenant_id,
                staff_members.c.id == principal.staff_id,
                staff_members.c.user_id == principal.user_id,
            )
        )
    ).first()
    if row is None or row.status != "ACTIVE":
        return None
    return ROLE_SCOPES[StaffRole(row.role)]


async def role_of(db: RequestDB, tenant_id: uuid.UUID, staff_id: uuid.UUID) -> StaffRole | None:
    role = (
        await db.execute(
            select(staff_members.c.role).where(
                staff_members.c.tenant_id == tenant_id, staff_members.c.id == staff_id
            )
        )
    ).scalar()
    return StaffRole(role) if role is not None else None


def loses_scopes(before: StaffRole | None, after: StaffRole) -> bool:
    """A demotion: the new role holds less than the old. OWNER -> ADMIN keeps every scope
    (what only owners may do is checked against the database), so it ends no session."""
    return before is not None and not ROLE_SCOPES[before] <= ROLE_SCOPES[after]


async def end_sessions(
    *,
    db: RequestDB,
    redis: Redis,
    settings: Settings,
    tenant_id: uuid.UUID,
    staff_id: uuid.UUID,
) -> int:
    """Revoke every session of a staff member in the tenant: refresh tokens in the
    database, access tokens through the family marker the authenticator checks (as reuse
    detection does). Any access token still valid was issued with a refresh token that
    has not expired, so those families are all there is to mark. Marked before the commit:
    should the transaction fail, the person signs in again, which is the safe side."""
    families = (
        (
            await db.execute(
                update(refresh_tokens)
                .values(revoked_at=func.coalesce(refresh_tokens.c.revoked_at, func.now()))
                .where(
                    refresh_tokens.c.tenant_id == tenant_id,
                    refresh_tokens.c.staff_member_id == staff_id,
                    refresh_tokens.c.expires_at > func.now(),
                )
                .returning(refresh_tokens.c.family_id)
            )
        )
        .scalars()
        .all()
    )
    distinct = set(families)
    if distinct:
        async with redis.pipeline(transaction=False) as pipe:
            for family in distinct:
                pipe.set(
                    REVOKED_FAMILY_KEY.format(family), "1", ex=settings.access_token_ttl_seconds
                )
            await pipe.execute()
    return len(distinct)
