"""Supplier reads (admin, automation:read)."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from sqlalchemy import select

from app.db.tenant import RequestDB
from app.graphql.context import Info, require_admin
from app.graphql.pagination import Connection, PageArgs, SortKey, page_statement
from app.graphql.pagination import build_connection as page
from app.suppliers.models import pricing_rules as pr
from app.suppliers.models import supplier_connections as sc
from app.suppliers.types import (
    PricingRule,
    SupplierConnection,
    build_connection,
    build_pricing_rule,
)

SCOPE = "automation:read"
SORT = SortKey([sc.c.created_at, sc.c.id])
RULE_SORT = SortKey([pr.c.created_at, pr.c.id])
# Never the ciphertexts: what the API may show of a connection.
SHOWN = [c for c in sc.c if c.name not in ("credentials", "webhook_secret")]


async def connections_by_ids(
    db: RequestDB, tenant_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[SupplierConnection]:
    rows = await db.execute(select(*SHOWN).where(sc.c.tenant_id == tenant_id, sc.c.id.in_(ids)))
    return [build_connection(r) for r in rows]


async def pricing_rules_by_ids(
    db: RequestDB, tenant_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[PricingRule]:
    rows = await db.execute(select(pr).where(pr.c.tenant_id == tenant_id, pr.c.id.in_(ids)))
    return [build_pricing_rule(r) for r in rows]


@strawberry.type
class SupplierQuery:
    @strawberry.field(description="The tenant's supplier connections, oldest first.")
    async def supplier_connections(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SupplierConnection]:
        principal = require_admin(info, SCOPE)
        assert principal.tenant_id
        args = PageArgs(first, after, last, before)
        statement: Any = select(*SHOWN).where(sc.c.tenant_id == principal.tenant_id)
        rows = list(await info.context.db.execute(page_statement(statement, SORT, args)))
        return page(rows, args, build_connection, lambda r: (r.created_at, r.id))

    @strawberry.field(description="The tenant's pricing rules, oldest first.")
    async def pricing_rules(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PricingRule]:
        principal = require_admin(info, SCOPE)
        assert principal.tenant_id
        args = PageArgs(first, after, last, before)
        statement: Any = select(pr).where(pr.c.tenant_id == principal.tenant_id)
        rows = list(await info.context.db.execute(page_statement(statement, RULE_SORT, args)))
        return page(rows, args, build_pricing_rule, lambda r: (r.created_at, r.id))
