"""Who is calling: resolved from the request's credential before GraphQL runs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import Enum


class PrincipalKind(str, Enum):
    ANONYMOUS = "ANONYMOUS"
    STAFF = "STAFF"
    API_KEY = "API_KEY"
    STOREFRONT = "STOREFRONT"


class StaffRole(str, Enum):
    OWNER = "OWNER"
    ADMIN = "ADMIN"
    STAFF = "STAFF"
    VIEWER = "VIEWER"


SCOPES = frozenset(
    {
        "catalog:read",
        "catalog:write",
        "orders:read",
        "orders:write",
        "automation:read",
        "automation:write",
        "webhooks:manage",
        "settings:read",
        "settings:manage",
    }
)
_READ = frozenset(s for s in SCOPES if s.endswith(":read"))
_WRITE = frozenset({"catalog:write", "orders:write", "automation:write"})
ROLE_SCOPES: dict[StaffRole, frozenset[str]] = {
    StaffRole.VIEWER: _READ,
    StaffRole.STAFF: _READ | _WRITE,
    StaffRole.ADMIN: SCOPES,
    StaffRole.OWNER: SCOPES,
}
# A scope's write form implies its read form, so a key with catalog:write can read too.
IMPLIED = {
    "catalog:write": "catalog:read",
    "orders:write": "orders:read",
    "automation:write": "automation:read",
    "settings:manage": "settings:read",
}


@dataclass(frozen=True, slots=True)
class Principal:
    kind: PrincipalKind = PrincipalKind.ANONYMOUS
    tenant_id: uuid.UUID | None = None
    store_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None
    role: StaffRole | None = None
    api_key_id: uuid.UUID | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    persisted_only: bool = False
    # A storefront's Cache-Control times, from its store (None: the process settings).
    cache_max_age: int | None = None
    cache_stale_while_revalidate: int | None = None
    token_family: uuid.UUID | None = None
    # Why a presented credential was not accepted, for the UNAUTHENTICATED message.
    rejected: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.kind in (PrincipalKind.STAFF, PrincipalKind.API_KEY)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


ANONYMOUS = Principal()


def expand_scopes(scopes: frozenset[str]) -> frozenset[str]:
    return scopes | {IMPLIED[s] for s in scopes if s in IMPLIED}
