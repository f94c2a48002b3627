"""Tenancy mutations: validate, call one service function, map its result."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import strawberry

from app.cache_bus import STOREFRONT, CacheBus
from app.graphql.context import Info, require_staff
from app.graphql.errors import Forbidden, Unauthenticated
from app.graphql.ids import parse_global_id
from app.graphql.mutations import MutationCall, given, run_mutation
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
    revoked: bool = False
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
    storefront_persisted_only: bool | None = strawberry.field(
        default=None,
        description="Every storefront request of the store runs registered documents only.",
    )
    storefront_cache_max_age: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Cache-Control max-age (seconds) of cacheable storefront reads; "
        "null returns to the server's default.",
    )
    storefront_cache_stale_while_revalidate: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Cache-Control stale-while-revalidate (seconds) of cacheable storefront "
        "reads; null returns to the server's default.",
    )


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


def _tokens(call: MutationCall, pair: auth.TokenPair) -> TokenPayload:
    return TokenPayload(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_at=pair.expires_at
    )


def _store_input(data: StoreCreateInput | StoreUpdateInput) -> service.StoreInput:
    if isinstance(data, StoreUpdateInput):
        access: dict[str, Any] = {
            "storefront_persisted_only": data.storefront_persisted_only,
            "storefront_cache_max_age": given(data.storefront_cache_max_age),
            "storefront_cache_stale_while_revalidate": given(
                data.storefront_cache_stale_while_revalidate
            ),
        }
    else:
        access = {}
    return service.StoreInput(
        **access,
        name=data.name,
        domain=data.domain,
        currency=data.currency_code.value if data.currency_code else None,
        # An explicit empty list is bad input, not "unchanged".
        languages=[lang.value for lang in data.languages] if data.languages is not None else None,
        default_language=data.default_language.value if data.default_language else None,
        timezone=data.timezone,
    )


NOT_FOUND = TenancyErrorCode.NOT_FOUND
SETTINGS = "settings:manage"


def _forget_hosts(call: MutationCall) -> None:
    """Drop the cached host and token lookups of the tenant (a domain, token or store
    setting changed) in every API process once the change is committed: forgotten earlier,
    a concurrent request could cache the old state again before the commit."""
    bus: CacheBus = call.context.request.app.state.cache_bus
    tenant = str(call.tenant_id)

    async def forget() -> None:
        await bus.publish(STOREFRONT, tenant)

    call.db.after_commit(forget)


async def _staff_member(call: MutationCall, row: Any) -> StaffMember:
    member = (await service.staff_by_ids(call.db, call.tenant_id, [row.id]))[row.id]
    return StaffMember.from_row(member)


# Sign-in, refresh and revoke write through auth's own transactions (db.independent), which
# stand whatever the request does next: no savepoint of the request's (steps=True).
async def _current(info: Info, principal: Principal) -> Principal:
    """The settings scope checked against the caller's role in the database now
    (app/tenancy/current_role.py): the token's claim may be up to a TTL old."""
    scopes = await current_scopes(info.context.db, principal)
    if scopes is None:
        raise Unauthenticated("Your membership of this tenant is no longer active")
    if SETTINGS not in scopes:
        raise Forbidden(f"Missing scope {SETTINGS}", requiredScope=SETTINGS)
    return dataclasses.replace(principal, scopes=scopes)


@strawberry.type
class TenancyMutation:
    @strawberry.mutation(description="Sign in with email and password.")
    async def token_create(
        self, info: Info, email: str, password: str, tenant_id: strawberry.ID | None = None
    ) -> TokenPayload:
        ctx = info.context

        async def write(call: MutationCall) -> auth.TokenPair:
            tenant = parse_global_id(tenant_id, "Tenant") if tenant_id else None
            if tenant_id and tenant is None:  # never fall back to another tenant than asked
                raise auth.no_membership(tenant_id=True)
            return await auth.login(
                db=call.db,
                redis=ctx.redis,
                settings=ctx.settings,
                email=email,
                password=password,
                tenant_id=tenant,
            )

        return await run_mutation(
            info, TokenPayload, scope=None, steps=True, write=write, answer=_tokens
        )

    @strawberry.mutation(description="Exchange a refresh token for new tokens (rotation).")
    async def token_refresh(self, info: Info, refresh_token: str) -> TokenPayload:
        ctx = info.context
        return await run_mutation(
            info,
            TokenPayload,
            scope=None,
            steps=True,
            write=lambda call: auth.refresh(
                db=call.db, redis=ctx.redis, settings=ctx.settings, refresh_token=refresh_token
            ),
            answer=_tokens,
        )

    @strawberry.mutation(description="End a session: the given refresh token's, or the caller's.")
    async def token_revoke(
        self, info: Info, refresh_token: str | None = None
    ) -> TokenRevokePayload:
        ctx = info.context

        async def write(call: MutationCall) -> None:
            if refresh_token:
                tenant, family = await auth.family_of_refresh_token(call.db, refresh_token)
            else:
                principal = require_staff(info)
                assert principal.tenant_id and principal.token_family
                tenant, family = principal.tenant_id, principal.token_family
            await auth.revoke(
                db=call.db, redis=ctx.redis, settings=ctx.settings, tenant_id=tenant, family=family
            )

        return await run_mutation(
            info,
            TokenRevokePayload,
            scope=None,
            steps=True,
            write=write,
            answer=lambda call, _: TokenRevokePayload(revoked=True),
        )

    @strawberry.mutation(
        description="Join the tenant of an invite token (setting a password if the person has "
        "none, else with their password), then sign in there."
    )
    async def staff_invite_accept(self, info: Info, token: str, password: str) -> TokenPayload:
        ctx = info.context

        async def write(call: MutationCall) -> auth.TokenPair:
            tenant, email = await service.accept_invite(
                db=call.db, redis=ctx.redis, settings=ctx.settings, token=token, password=password
            )
            return await auth.login(
                db=call.db,
                redis=ctx.redis,
                settings=ctx.settings,
                email=email,
                password=password,
                tenant_id=tenant,
            )

        return await run_mutation(
            info, TokenPayload, scope=None, steps=True, write=write, answer=_tokens
        )

    @strawberry.mutation
    async def store_create(self, info: Info, input: StoreCreateInput) -> StorePayload:
        def answer(call: MutationCall, row: Any) -> StorePayload:
            if row.domain:  # the host may be cached as unknown
                _forget_hosts(call)
            return StorePayload(store=Store.from_row(row))

        return await run_mutation(
            info,
            StorePayload,
            scope=SETTINGS,
            authorize=_current,
            write=lambda call: service.create_store(
                db=call.db, tenant_id=call.tenant_id, data=_store_input(input)
            ),
            answer=answer,
        )

    @strawberry.mutation
    async def store_update(
        self, info: Info, id: strawberry.ID, input: StoreUpdateInput
    ) -> StorePayload:
        def answer(call: MutationCall, row: Any) -> StorePayload:
            _forget_hosts(call)  # the domain or the storefront access settings may have changed
            return StorePayload(store=Store.from_row(row))

        return await run_mutation(
            info,
            StorePayload,
            scope=SETTINGS,
            authorize=_current,
            write=lambda call: service.update_store(
                db=call.db,
                tenant_id=call.tenant_id,
                store_id=call.id(id, "Store", NOT_FOUND, "id"),
                data=_store_input(input),
            ),
            answer=answer,
        )

    @strawberry.mutation
    async def staff_invite(self, info: Info, input: StaffInviteInput) -> StaffInvitePayload:
        async def answer(call: MutationCall, created: tuple[Any, str]) -> StaffInvitePayload:
            row, invite = created
            return StaffInvitePayload(
                staff_member=await _staff_member(call, row), invite_token=invite
            )

        return await run_mutation(
            info,
            StaffInvitePayload,
            scope=SETTINGS,
            authorize=_current,
            staff=True,
            write=lambda call: service.invite_staff(
                db=call.db,
                tenant_id=call.tenant_id,
                actor_id=_actor(call),
                email=input.email,
                role=input.role,
            ),
            answer=answer,
        )

    @strawberry.mutation
    async def staff_role_update(
        self, info: Info, staff_member_id: strawberry.ID, role: StaffRole
    ) -> StaffRoleUpdatePayload:
        async def write(call: MutationCall) -> Any:
            staff_id = call.id(
                staff_member_id, "StaffMember", NOT_FOUND, "staffMemberId", name="Staff member"
            )
            before = await role_of(call.db, call.tenant_id, staff_id)
            row = await service.update_staff_role(
                db=call.db,
                tenant_id=call.tenant_id,
                actor_id=_actor(call),
                staff_id=staff_id,
                role=role,
            )
            if loses_scopes(before, role):
                # Their tokens carry the old role: end their sessions now, not in 15 minutes.
                await end_sessions(
                    db=call.db,
                    redis=call.context.redis,
                    settings=call.context.settings,
                    tenant_id=call.tenant_id,
                    staff_id=row.id,
                )
            return row

        async def answer(call: MutationCall, row: Any) -> StaffRoleUpdatePayload:
            return StaffRoleUpdatePayload(staff_member=await _staff_member(call, row))

        return await run_mutation(
            info,
            StaffRoleUpdatePayload,
            scope=SETTINGS,
            authorize=_current,
            staff=True,
            write=write,
            answer=answer,
        )

    @strawberry.mutation(description="Create an API key; its secret is in the payload, once.")
    async def api_key_create(self, info: Info, input: ApiKeyCreateInput) -> ApiKeyCreatePayload:
        def answer(call: MutationCall, created: tuple[Any, str]) -> ApiKeyCreatePayload:
            row, secret = created
            return ApiKeyCreatePayload(api_key=ApiKey.from_row(row), secret=secret)

        return await run_mutation(
            info,
            ApiKeyCreatePayload,
            scope=SETTINGS,
            authorize=_current,
            staff=True,
            write=lambda call: credentials.create_api_key(
                grantable=call.principal.scopes,
                db=call.db,
                tenant_id=call.tenant_id,
                created_by=call.principal.staff_id,
                name=input.name,
                scopes=input.scopes,
                persisted_only=input.persisted_only,
            ),
            answer=answer,
        )

    @strawberry.mutation
    async def api_key_revoke(self, info: Info, id: strawberry.ID) -> ApiKeyRevokePayload:
        return await run_mutation(
            info,
            ApiKeyRevokePayload,
            scope=SETTINGS,
            authorize=_current,
            write=lambda call: credentials.revoke_api_key(
                db=call.db,
                tenant_id=call.tenant_id,
                key_id=call.id(id, "ApiKey", NOT_FOUND, "id", name="API key"),
            ),
            answer=lambda call, row: ApiKeyRevokePayload(api_key=ApiKey.from_row(row)),
        )

    @strawberry.mutation
    async def storefront_token_create(
        self,
        info: Info,
        store_id: strawberry.ID,
        title: str = "Storefront",
        persisted_only: bool = False,
    ) -> StorefrontTokenCreatePayload:
        def answer(call: MutationCall, created: tuple[Any, str]) -> StorefrontTokenCreatePayload:
            row, token = created
            return StorefrontTokenCreatePayload(
                storefront_token=StorefrontToken.from_row(row), token=token
            )

        return await run_mutation(
            info,
            StorefrontTokenCreatePayload,
            scope=SETTINGS,
            authorize=_current,
            write=lambda call: credentials.create_storefront_token(
                db=call.db,
                tenant_id=call.tenant_id,
                store_id=call.id(store_id, "Store", NOT_FOUND, "storeId"),
                title=title,
                persisted_only=persisted_only,
            ),
            answer=answer,
        )

    @strawberry.mutation
    async def storefront_token_revoke(
        self, info: Info, id: strawberry.ID
    ) -> StorefrontTokenRevokePayload:
        def answer(call: MutationCall, row: Any) -> StorefrontTokenRevokePayload:
            _forget_hosts(call)
            return StorefrontTokenRevokePayload(storefront_token=StorefrontToken.from_row(row))

        return await run_mutation(
            info,
            StorefrontTokenRevokePayload,
            scope=SETTINGS,
            authorize=_current,
            write=lambda call: credentials.revoke_storefront_token(
                db=call.db,
                tenant_id=call.tenant_id,
                token_id=call.id(id, "StorefrontToken", NOT_FOUND, "id", name="Storefront token"),
            ),
            answer=answer,
        )


def _actor(call: MutationCall) -> Any:
    assert call.principal.staff_id is not None
    return call.principal.staff_id
