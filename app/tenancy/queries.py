"""Tenancy queries: shop (storefront), me, stores, staff, API keys; node resolvers."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import strawberry
from sqlalchemy import select

from app.graphql.context import Info, require_admin, require_staff, require_storefront
from app.graphql.errors import Unauthenticated
from app.graphql.ids import to_global_id
from app.graphql.node import NodeResolver
from app.graphql.pagination import Connection, PageArgs, SortKey, build_connection, page_statement
from app.principal import PrincipalKind
from app.tenancy.models import api_keys, staff_members, storefront_tokens, stores, tenants, users
from app.tenancy.service import staff_by_ids
from app.tenancy.types import ApiKey, Me, Shop, StaffMember, Store, StorefrontToken, Tenant

STORE_ORDER = SortKey(columns=[stores.c.created_at, stores.c.id])
KEY_ORDER = SortKey(columns=[api_keys.c.created_at, api_keys.c.id])
STAFF_ORDER = SortKey(columns=[staff_members.c.created_at, staff_members.c.id])


@strawberry.type
class TenancyQuery:
    @strawberry.field(description="The store of the storefront token or domain.")
    async def shop(self, info: Info) -> Shop:
        principal = require_storefront(info)
        row = (
            await info.context.db.execute(
                select(stores).where(
                    stores.c.tenant_id == principal.tenant_id, stores.c.id == principal.store_id
                )
            )
        ).one()
        return Shop.from_row(row)

    @strawberry.field(description="The signed-in staff user.")
    async def me(self, info: Info) -> Me:
        principal = require_staff(info)
        assert principal.tenant_id and principal.staff_id and principal.role
        db = info.context.db
        member = (await staff_by_ids(db, principal.tenant_id, [principal.staff_id])).get(
            principal.staff_id
        )
        if member is None or member.user_id != principal.user_id:
            raise Unauthenticated("Your membership of this tenant is no longer active")
        tenant = (
            await db.execute(
                select(tenants.c.id, tenants.c.name).where(tenants.c.id == principal.tenant_id)
            )
        ).one()
        return Me(
            user_id=strawberry.ID(to_global_id("User", member.user_id)),
            email=member.email,
            name=member.name,
            role=principal.role,
            tenant=Tenant(id=strawberry.ID(to_global_id("Tenant", tenant.id)), name=tenant.name),
            staff_member=StaffMember.from_row(member),
        )

    @strawberry.field
    async def stores(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Store]:
        principal = require_admin(info, "settings:read")
        args = PageArgs(first, after, last, before)
        rows = (
            await info.context.db.execute(
                page_statement(
                    select(stores).where(stores.c.tenant_id == principal.tenant_id),
                    STORE_ORDER,
                    args,
                )
            )
        ).all()
        return build_connection(rows, args, Store.from_row, lambda r: (r.created_at, r.id))

    @strawberry.field
    async def staff_members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[StaffMember]:
        principal = require_admin(info, "settings:read")
        args = PageArgs(first, after, last, before)
        statement = (
            select(staff_members, users.c.email, users.c.name)
            .join(users, users.c.id == staff_members.c.user_id)
            .where(staff_members.c.tenant_id == principal.tenant_id)
        )
        rows = (await info.context.db.execute(page_statement(statement, STAFF_ORDER, args))).all()
        return build_connection(rows, args, StaffMember.from_row, lambda r: (r.created_at, r.id))

    @strawberry.field
    async def api_keys(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApiKey]:
        principal = require_admin(info, "settings:read")
        args = PageArgs(first, after, last, before)
        rows = (
            await info.context.db.execute(
                page_statement(
                    select(api_keys).where(api_keys.c.tenant_id == principal.tenant_id),
                    KEY_ORDER,
                    args,
                )
            )
        ).all()
        return build_connection(rows, args, ApiKey.from_row, lambda r: (r.created_at, r.id))


def _admin_tenant(info: Info) -> uuid.UUID | None:
    """The tenant whose settings objects `node` may show, or None."""
    principal = info.context.principal
    if principal.kind in (PrincipalKind.STAFF, PrincipalKind.API_KEY) and principal.has_scope(
        "settings:read"
    ):
        return principal.tenant_id
    return None


async def _stores(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
    tenant = _admin_tenant(info)
    if tenant is None:
        return {}
    rows = (
        await info.context.db.execute(
            select(stores).where(stores.c.tenant_id == tenant, stores.c.id.in_(ids))
        )
    ).all()
    return {r.id: Store.from_row(r) for r in rows}


async def _staff(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
    tenant = _admin_tenant(info)
    if tenant is None:
        return {}
    found = await staff_by_ids(info.context.db, tenant, ids)
    return {key: StaffMember.from_row(row) for key, row in found.items()}


async def _api_keys(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
    tenant = _admin_tenant(info)
    if tenant is None:
        return {}
    rows = (
        await info.context.db.execute(
            select(api_keys).where(api_keys.c.tenant_id == tenant, api_keys.c.id.in_(ids))
        )
    ).all()
    return {r.id: ApiKey.from_row(r) for r in rows}


async def _storefront_tokens(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
    tenant = _admin_tenant(info)
    if tenant is None:
        return {}
    rows = (
        await info.context.db.execute(
            select(storefront_tokens).where(
                storefront_tokens.c.tenant_id == tenant, storefront_tokens.c.id.in_(ids)
            )
        )
    ).all()
    return {r.id: StorefrontToken.from_row(r) for r in rows}


NODE_RESOLVERS: dict[str, NodeResolver] = {
    "Store": _stores,
    "StaffMember": _staff,
    "ApiKey": _api_keys,
    "StorefrontToken": _storefront_tokens,
}
