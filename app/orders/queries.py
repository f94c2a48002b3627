"""Orders: the shopper's own by its secret token (storefront); the tenant's for staff."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import func, select

from app.graphql.context import Info, require_admin, require_storefront
from app.graphql.ids import parse_global_id
from app.graphql.node import NodeResolver
from app.graphql.pagination import Connection, PageArgs, SortKey, build_connection, page_statement
from app.orders.admin import order_row
from app.orders.models import orders
from app.orders.service import order_by_token
from app.orders.types import Order, OrderStatus, build_order


@strawberry.enum
class OrderSortKeys(Enum):
    CREATED_AT = "CREATED_AT"
    NUMBER = "NUMBER"


SORTS = {
    OrderSortKeys.CREATED_AT: [orders.c.created_at, orders.c.id],
    OrderSortKeys.NUMBER: [orders.c.number, orders.c.id],
}


@strawberry.input
class OrderFilter:
    status: OrderStatus | None = None
    created_at_min: dt.datetime | None = None
    created_at_max: dt.datetime | None = None
    email: str | None = strawberry.field(default=None, description="Exact, case-insensitive.")
    number: int | None = None
    store_id: strawberry.ID | None = None


@strawberry.type
class OrderQuery:
    @strawberry.field(
        description="Staff: an order of the tenant (`token` is not needed). A shopper: their "
        "own order, by its ID and the secret token given at checkout. Null when not found."
    )
    async def order(self, info: Info, id: strawberry.ID, token: str | None = None) -> Order | None:
        principal = info.context.principal
        order_id = parse_global_id(id, "Order")
        if principal.is_admin:
            require_admin(info, "orders:read")
            assert principal.tenant_id
            if order_id is None:
                return None
            row = await order_row(info.context.db, tenant_id=principal.tenant_id, order_id=order_id)
            return build_order(row) if row else None
        principal = require_storefront(info)
        assert principal.tenant_id and principal.store_id
        if order_id is None or token is None:
            return None
        row = await order_by_token(
            info.context.db,
            tenant_id=principal.tenant_id,
            store_id=principal.store_id,
            order_id=order_id,
            token=token,
        )
        return build_order(row) if row else None

    @strawberry.field(description="The tenant's orders (staff and API keys with orders:read).")
    async def orders(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: OrderFilter | None = None,
        sort_key: OrderSortKeys = OrderSortKeys.CREATED_AT,
        reverse: bool = False,
    ) -> Connection[Order]:
        principal = require_admin(info, "orders:read")
        args = PageArgs(first, after, last, before)
        sort = SortKey(columns=SORTS[sort_key], descending=reverse)
        statement = select(orders).where(orders.c.tenant_id == principal.tenant_id)
        if filter is not None:
            if filter.status is not None:
                statement = statement.where(orders.c.status == filter.status.value)
            if filter.created_at_min is not None:
                statement = statement.where(orders.c.created_at >= filter.created_at_min)
            if filter.created_at_max is not None:
                statement = statement.where(orders.c.created_at < filter.created_at_max)
            if filter.email is not None:
                statement = statement.where(func.lower(orders.c.email) == filter.email.lower())
            if filter.number is not None:
                statement = statement.where(orders.c.number == filter.number)
            if filter.store_id is not None:
                store = parse_global_id(filter.store_id, "Store")
                statement = statement.where(orders.c.store_id == store)
        rows = (await info.context.db.execute(page_statement(statement, sort, args))).all()
        key = (
            (lambda r: (r.created_at, r.id))
            if sort_key is OrderSortKeys.CREATED_AT
            else (lambda r: (r.number, r.id))
        )
        return build_connection(rows, args, build_order, key)


async def _orders_by_node(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
    """`node(id)` for orders: as `order(id)` for staff and API keys with orders:read; a
    storefront reads its orders only with their token (`order(id, token)`), never by node."""
    principal = info.context.principal
    if not (principal.is_admin and principal.has_scope("orders:read")):
        return {}
    rows = (
        await info.context.db.execute(
            select(orders).where(orders.c.tenant_id == principal.tenant_id, orders.c.id.in_(ids))
        )
    ).all()
    return {r.id: build_order(r) for r in rows}


NODE_RESOLVERS: dict[str, NodeResolver] = {"Order": _orders_by_node}
