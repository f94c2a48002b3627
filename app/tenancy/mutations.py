"""Tenancy mutations: validate, call one service function, map its result."""

from __future__ import annotations

import dataclasses
import datetime as dt

import strawberry

from app.errors import ServiceError
from app.graphql.context import Info, require_admin, require_staff
from app.graphql.errors import Forbidden, Unauthenticated
from app.graphql.ids import parse_global_id
from app.graphql.user_errors import user_error
from app.locale_codes import CurrencyCode, LanguageCode
from app.principal import Principal, StaffRole
from app.tenancy import auth, credentials, service
from app.tenancy.current_role import current_scopes, end_sessions, loses_scopes, role_of
from app.tenancy.errors import TenancyErrorCode
from app.tenancy.types import (
    ApiKey,
    AuthUserError,
    StaffMember,
    Store,
    StorefrontToken,
    TenancyUserError,
)


@strawberry.type
class TokenPayload:
    access_token: str | None = None
    refresh_token: str | None = None
    expires_at: dt.datetime | None = None
    user_errors: list[AuthUserError] = strawberry.field(default_factory=list)


@strawberry.type
class TokenRevokePayload:
    revoked: bool
    user_errors: list[AuthUserError] = strawberry.field(default_factory=list)


@strawberry.input
class StoreCreateInput:
    name: str
    currency_code: CurrencyCode
    domain: str | None = None
    languages: list[LanguageCode] | None = None
    default_language: LanguageCode | None = None
    timezone: str | None = None


@strawberry.input
class StoreUpdateInput:
    name: str | None = None
    currency_code: CurrencyCode | None = None
    domain: str | None = None
    languages: list[LanguageCode] | None = None
    default_language: LanguageCode | None = None
    timezone: str | None = None


@strawberry.type
class StorePayload:
    store: Store | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@strawberry.input
class StaffInviteInput:
    email: str
    role: StaffRole = StaffRole.STAFF


@strawberry.type
class StaffInvitePayload:
    staff_member: StaffMember | None = None
    invite_token: str | None = strawberry.field(
        default=None,
        description="Give it to the person: they join with staffInviteAccept. Shown once.",
    )
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@strawberry.type
class StaffRoleUpdatePayload:
    staff_member: StaffMember | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@strawberry.input
class ApiKeyCreateInput:
    name: str
    scopes: list[str]
    persisted_only: bool = False


@strawberry.type
class ApiKeyCreatePayload:
    api_key: ApiKey | None = None
    secret: str | None = strawberry.field(default=None, description="Shown once; store it now.")
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ApiKeyRevokePayload:
    api_key: ApiKey | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@strawberry.type
class StorefrontTokenCreatePayload:
    storefront_token: StorefrontToken | None = None
    token: str | None = strawberry.field(default=None, description="The X-Storefront-Token value.")
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@strawberry.type
class StorefrontTokenRevokePayload:
    storefront_token: StorefrontToken | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


def _tokens(pair: auth.TokenPair) -> TokenPayload:
    return TokenPayload(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_at=pair.expires_at
    )


def _store_input(data: StoreCreateInput | StoreUpdateInput) -> service.StoreInput:
    return service.StoreInput(
        name=data.name,
        domain=data.domain,
        currency=data.currency_code.value if data.currency_code else None,
        # An explicit empty list is bad input, not "unchanged".
        languages=[lang.value for lang in data.languages] if data.languages is not None else None,
        default_language=data.default_language.value if data.default_language else None,
        timezone=data.timezone,
    )


def _not_found(what: str, field: str) -> ServiceError:
    return ServiceError(TenancyErrorCode.NOT_FOUND, f"{what} not found", [field])


async def require_current(info: Info, scope: str) -> Principal:
    """`require_admin`, then the scope checked against the caller's role in the database
    now (app/tenancy/current_role.py): the token's claim may be up to a TTL old."""
    principal = require_admin(info, scope)
    scopes = await current_scopes(info.context.db, principal)
    if scopes is None:
        raise Unauthenticated("Your membership of this tenant is no longer active")
    if scope not in scopes:
        raise Forbidden(f"Missing scope {scope}", requiredScope=scope)
    return dataclasses.replace(principal, scopes=scopes)


@strawberry.type
class TenancyMutation:
    @strawberry.mutation(description="Sign in with email and password.")
    async def token_create(
        self, info: Info, email: str, password: str, tenant_id: strawberry.ID | None = None
    ) -> TokenPayload:
        ctx = info.context
        tenant = parse_global_id(tenant_id, "Tenant") if tenant_id else None
        try:
            if tenant_id and tenant is None:  # never fall back to another tenant than asked
                raise auth.no_membership(tenant_id=True)
            pair = await auth.login(
                engine=ctx.engine,
                redis=ctx.redis,
                settings=ctx.settings,
                email=email,
                password=password,
                tenant_id=tenant,
            )
        except ServiceError as exc:
            return TokenPayload(user_errors=[user_error(AuthUserError, exc)])
        return _tokens(pair)

    @strawberry.mutation(description="Exchange a refresh token for new tokens (rotation).")
    async def token_refresh(self, info: Info, refresh_token: str) -> TokenPayload:
        ctx = info.context
        try:
            pair = await auth.refresh(
                engine=ctx.engine,
                redis=ctx.redis,
                settings=ctx.settings,
                refresh_token=refresh_token,
            )
        except ServiceError as exc:
            return TokenPayload(user_errors=[user_error(AuthUserError, exc)])
        return _tokens(pair)

    @strawberry.mutation(description="End a session: the given refresh token's, or the caller's.")
    async def token_revoke(
        self, info: Info, refresh_token: str | None = None
    ) -> TokenRevokePayload:
        ctx = info.context
        try:
            if refresh_token:
                tenant, family = await auth.family_of_refresh_token(ctx.engine, refresh_token)
            else:
                principal = require_staff(info)
                assert principal.tenant_id and principal.token_family
                tenant, family = principal.tenant_id, principal.token_family
            await auth.revoke(
                engine=ctx.engine,
                redis=ctx.redis,
                settings=ctx.settings,
                tenant_id=tenant,
                family=family,
            )
        except ServiceError as exc:
            return TokenRevokePayload(revoked=False, user_errors=[user_error(AuthUserError, exc)])
        return TokenRevokePayload(revoked=True)

    @strawberry.mutation(
        description="Join the tenant of an invite token (setting a password if the person has "
        "none, else with their password), then sign in there."
    )
    async def staff_invite_accept(self, info: Info, token: str, password: str) -> TokenPayload:
        ctx = info.context
        try:
            tenant, email = await service.accept_invite(
                engine=ctx.engine,
                redis=ctx.redis,
                settings=ctx.settings,
                token=token,
                password=password,
            )
            pair = await auth.login(
                engine=ctx.engine,
                redis=ctx.redis,
                settings=ctx.settings,
                email=email,
                password=password,
                tenant_id=tenant,
            )
        except ServiceError as exc:
            return TokenPayload(user_errors=[user_error(AuthUserError, exc)])
        return _tokens(pair)

    @strawberry.mutation
    async def store_create(self, info: Info, input: StoreCreateInput) -> StorePayload:
        principal = await require_current(info, "settings:manage")
        assert principal.tenant_id
        try:
            row = await service.create_store(
                db=info.context.db, tenant_id=principal.tenant_id, data=_store_input(input)
            )
        except ServiceError as exc:
            return StorePayload(user_errors=[user_error(TenancyUserError, exc)])
        if row.domain:  # the host may be cached as unknown
            info.context.request.app.state.authenticator.forget()
        return StorePayload(store=Store.from_row(row))

    @strawberry.mutation
    async def store_update(
        self, info: Info, id: strawberry.ID, input: StoreUpdateInput
    ) -> StorePayload:
        principal = await require_current(info, "settings:manage")
        assert principal.tenant_id
        try:
            store_id = parse_global_id(id, "Store")
            if store_id is None:
                raise _not_found("Store", "id")
            row = await service.update_store(
                db=info.context.db,
                tenant_id=principal.tenant_id,
                store_id=store_id,
                data=_store_input(input),
            )
        except ServiceError as exc:
            return StorePayload(user_errors=[user_error(TenancyUserError, exc)])
        info.context.request.app.state.authenticator.forget()  # domain may have moved
        return StorePayload(store=Store.from_row(row))

    @strawberry.mutation
    async def staff_invite(self, info: Info, input: StaffInviteInput) -> StaffInvitePayload:
        principal = require_staff(info)
        await require_current(info, "settings:manage")
        assert principal.tenant_id and principal.staff_id
        db = info.context.db
        try:
            row, invite = await service.invite_staff(
                db=db,
                tenant_id=principal.tenant_id,
                actor_id=principal.staff_id,
                email=input.email,
                role=input.role,
            )
        except ServiceError as exc:
            return StaffInvitePayload(user_errors=[user_error(TenancyUserError, exc)])
        member = (await service.staff_by_ids(db, principal.tenant_id, [row.id]))[row.id]
        return StaffInvitePayload(staff_member=StaffMember.from_row(member), invite_token=invite)

    @strawberry.mutation
    async def staff_role_update(
        self, info: Info, staff_member_id: strawberry.ID, role: StaffRole
    ) -> StaffRoleUpdatePayload:
        principal = require_staff(info)
        await require_current(info, "settings:manage")
        assert principal.tenant_id and principal.staff_id
        db = info.context.db
        try:
            staff_id = parse_global_id(staff_member_id, "StaffMember")
            if staff_id is None:
                raise _not_found("Staff member", "staffMemberId")
            before = await role_of(db, principal.tenant_id, staff_id)
            row = await service.update_staff_role(
                db=db,
                tenant_id=principal.tenant_id,
                actor_id=principal.staff_id,
                staff_id=staff_id,
                role=role,
            )
        except ServiceError as exc:
            return StaffRoleUpdatePayload(user_errors=[user_error(TenancyUserError, exc)])
        if loses_scopes(before, role):
            # Their tokens carry the old role: end their sessions now, not in 15 minutes.
            await end_sessions(
                db=db,
                redis=info.context.redis,
                settings=info.context.settings,
                tenant_id=principal.tenant_id,
                staff_id=row.id,
            )
        member = (await service.staff_by_ids(db, principal.tenant_id, [row.id]))[row.id]
        return StaffRoleUpdatePayload(staff_member=StaffMember.from_row(member))

    @strawberry.mutation(description="Create an API key; its secret is in the payload, once.")
    async def api_key_create(self, info: Info, input: ApiKeyCreateInput) -> ApiKeyCreatePayload:
        require_staff(info)
        principal = await require_current(info, "settings:manage")
        assert principal.tenant_id
        try:
            row, secret = await credentials.create_api_key(
                grantable=principal.scopes,
                db=info.context.db,
                tenant_id=principal.tenant_id,
                created_by=principal.staff_id,
                name=input.name,
                scopes=input.scopes,
                persisted_only=input.persisted_only,
            )
        except ServiceError as exc:
            return ApiKeyCreatePayload(user_errors=[user_error(TenancyUserError, exc)])
        return ApiKeyCreatePayload(api_key=ApiKey.from_row(row), secret=secret)

    @strawberry.mutation
    async def api_key_revoke(self, info: Info, id: strawberry.ID) -> ApiKeyRevokePayload:
        principal = await require_current(info, "settings:manage")
        assert principal.tenant_id
        try:
            key_id = parse_global_id(id, "ApiKey")
            if key_id is None:
                raise _not_found("API key", "id")
            row = await credentials.revoke_api_key(
                db=info.context.db, tenant_id=principal.tenant_id, key_id=key_id
            )
        except ServiceError as exc:
            return ApiKeyRevokePayload(user_errors=[user_error(TenancyUserError, exc)])
        return ApiKeyRevokePayload(api_key=ApiKey.from_row(row))

    @strawberry.mutation
    async def storefront_token_create(
        self, info: Info, store_id: strawberry.ID, title: str = "Storefront"
    ) -> StorefrontTokenCreatePayload:
        principal = await require_current(info, "settings:manage")
        assert principal.tenant_id
        try:
            store = parse_global_id(store_id, "Store")
            if store is None:
                raise _not_found("Store", "storeId")
            row, token = await credentials.create_storefront_token(
                db=info.context.db, tenant_id=principal.tenant_id, store_id=store, title=title
            )
        except ServiceError as exc:
            return StorefrontTokenCreatePayload(user_errors=[user_error(TenancyUserError, exc)])
        return StorefrontTokenCreatePayload(
            storefront_token=StorefrontToken.from_row(row), token=token
        )

    @strawberry.mutation
    async def storefront_token_revoke(
        self, info: Info, id: strawberry.ID
    ) -> StorefrontTokenRevokePayload:
        principal = await require_current(info, "settings:manage")
        assert principal.tenant_id
        try:
            token_id = parse_global_id(id, "StorefrontToken")
            if token_id is None:
                raise _not_found("Storefront token", "id")
            row = await credentials.revoke_storefront_token(
                db=info.context.db, tenant_id=principal.tenant_id, token_id=token_id
            )
        except ServiceError as exc:
            return StorefrontTokenRevokePayload(user_errors=[user_error(TenancyUserError, exc)])
        info.context.request.app.state.authenticator.forget()
        return StorefrontTokenRevokePayload(storefront_token=StorefrontToken.from_row(row))
