"""An access token's claims, validated into a typed value or refused.

Signed tokens with an unknown role, a non-UUID tenant or family, or missing claims used
to pass signature checking and then raise while the principal was built: a 500. Only a
holder of the signing secret can make such a token, but the secret is shared by every API
process and by whoever set up a dev server, so the claims are checked like any input. A
token may not live longer than the configured TTL (`exp - iat`), so a leaked secret cannot
mint tokens that outlive a rotation for years.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from app.principal import StaffRole
from app.settings import Settings

JWT_ALGORITHM = "HS256"
JWT_ISSUER = "edestory"
_REQUIRED = ["exp", "iat", "sub", "uid", "tid", "fam", "role"]


@dataclass(frozen=True, slots=True)
class AccessClaims:
    staff_id: uuid.UUID
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    role: StaffRole
    family: uuid.UUID


def _uuid(claims: dict[str, Any], name: str) -> uuid.UUID:
    value = claims.get(name)
    if not isinstance(value, str):
        raise jwt.InvalidTokenError(f"claim {name} is not a string")
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise jwt.InvalidTokenError(f"claim {name} is not a UUID") from exc


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """The typed claims, or jwt.InvalidTokenError (expired, tampered, malformed claims)."""
    claims: dict[str, Any] = jwt.decode(
        token,
        settings.jwt_secret,
        algorithms=[JWT_ALGORITHM],
        issuer=JWT_ISSUER,
        options={"require": _REQUIRED},
    )
    if claims.get("typ") != "access":
        raise jwt.InvalidTokenError("not an access token")
    issued, expires = claims["iat"], claims["exp"]
    # PyJWT has checked both are numbers; a lifetime beyond the TTL was not issued by us.
    if expires - issued > settings.access_token_ttl_seconds:
        raise jwt.InvalidTokenError("lifetime longer than the access token TTL")
    try:
        role = StaffRole(claims["role"])
    except ValueError as exc:
        raise jwt.InvalidTokenError("unknown role") from exc
    return AccessClaims(
        staff_id=_uuid(claims, "sub"),
        user_id=_uuid(claims, "uid"),
        tenant_id=_uuid(claims, "tid"),
        role=role,
        family=_uuid(claims, "fam"),
    )
