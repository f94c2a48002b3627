"""GraphQL types of the tenancy domain: plain attributes, built from rows in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from sqlalchemy.engine import Row

from app.graphql.ids import to_global_id
from app.graphql.node import Node
from app.graphql.user_errors import UserError
from app.locale_codes import CurrencyCode, LanguageCode
from app.principal import StaffRole
from app.tenancy.errors import AuthErrorCode, TenancyErrorCode

StaffRoleEnum = strawberry.enum(StaffRole)
AuthErrorCodeEnum = strawberry.enum(AuthErrorCode)
TenancyErrorCodeEnum = strawberry.enum(TenancyErrorCode)


@strawberry.type
class AuthUserError(UserError[AuthErrorCode]):
    pass


@strawberry.type
class TenancyUserError(UserError[TenancyErrorCode]):
    pass


def _languages(codes: list[str]) -> list[LanguageCode]:
    return [LanguageCode(c.upper()) for c in codes]


@strawberry.type
class Store(Node):
    id: strawberry.ID
    name: str
    domain: str | None
    currency_code: CurrencyCode
    languages: list[LanguageCode]
    default_language: LanguageCode
    timezone: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    storefront_persisted_only: bool = strawberry.field(
        description="Every storefront request runs registered documents only."
    )
    storefront_cache_max_age: int | None = strawberry.field(
        description="Cache-Control max-age of cacheable storefront reads; null: the server's."
    )
    storefront_cache_stale_while_revalidate: int | None = strawberry.field(
        description="Cache-Control stale-while-revalidate of cacheable storefront reads; "
        "null: the server's."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Store:
        return cls(
            id=strawberry.ID(to_global_id("Store", row.id)),
            name=row.name,
            domain=row.domain,
            currency_code=CurrencyCode(row.currency),
            languages=_languages(row.languages),
            default_language=LanguageCode(row.default_language.upper()),
            timezone=row.timezone,
            status=row.status,
            created_at=row.created_at,
            updated_at=row.updated_at,
            storefront_persisted_only=row.storefront_persisted_only,
            storefront_cache_max_age=row.storefront_cache_max_age,
            storefront_cache_stale_while_revalidate=row.storefront_cache_stale_while_revalidate,
        )


@strawberry.type(description="The store a storefront token or domain belongs to.")
class Shop:
    name: str
    primary_domain: str | None
    currency_code: CurrencyCode
    languages: list[LanguageCode]
    default_language: LanguageCode

    @classmethod
    def from_row(cls, row: Row[Any]) -> Shop:
        return cls(
            name=row.name,
            primary_domain=row.domain,
            currency_code=CurrencyCode(row.currency),
            languages=_languages(row.languages),
            default_language=LanguageCode(row.default_language.upper()),
        )


@strawberry.type
class StaffMember(Node):
    id: strawberry.ID
    email: str
    name: str | None
    role: StaffRole
    status: str
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: Row[Any]) -> StaffMember:
        return cls(
            id=strawberry.ID(to_global_id("StaffMember", row.id)),
            email=row.email,
            name=row.name,
            role=StaffRole(row.role),
            status=row.status,
            created_at=row.created_at,
        )


@strawberry.type
class ApiKey(Node):
    id: strawberry.ID
    name: str
    secret_hint: str = strawberry.field(
        description="The key's kind and the last six characters of its secret "
        "(`esk_…x3Fq9Z`): enough to recognise a key in a list, nothing to use."
    )
    prefix: str = strawberry.field(
        description="The same as `secretHint`.",
        deprecation_reason="It holds the secret's last characters, not a prefix: use `secretHint`.",
    )
    scopes: list[str]
    persisted_only: bool
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> ApiKey:
        return cls(
            id=strawberry.ID(to_global_id("ApiKey", row.id)),
            name=row.name,
            # The column keeps its first name; what it holds is the hint.
            secret_hint=row.prefix,
            prefix=row.prefix,
            scopes=list(row.scopes),
            persisted_only=row.persisted_only,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )


@strawberry.type
class StorefrontToken(Node):
    id: strawberry.ID
    title: str
    store_id: strawberry.ID
    persisted_only: bool = strawberry.field(description="Runs registered documents only.")
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> StorefrontToken:
        return cls(
            id=strawberry.ID(to_global_id("StorefrontToken", row.id)),
            title=row.title,
            store_id=strawberry.ID(to_global_id("Store", row.store_id)),
            persisted_only=row.persisted_only,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )


@strawberry.type
class Tenant:
    id: strawberry.ID
    name: str


@strawberry.type
class Me:
    user_id: strawberry.ID
    email: str
    name: str | None
    role: StaffRole
    tenant: Tenant
    staff_member: StaffMember
