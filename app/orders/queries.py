"""The shopper's order, by its secret token (storefront)."""

from __future__ import annotations

import strawberry

from app.graphql.context import Info, require_storefront
from app.graphql.ids import parse_global_id
from app.orders.service import order_by_token
from app.orders.types import Order, build_order


@strawberry.type
class OrderQuery:
    @strawberry.field(
        description="A shopper's own order: its ID and the secret token given at checkout. "
        "Null when either is wrong."
    )
    async def order(self, info: Info, id: strawberry.ID, token: str) -> Order | None:
        principal = require_storefront(info)
        assert principal.tenant_id and principal.store_id
        order_id = parse_global_id(id, "Order")
        if order_id is None:
            return None
        row = await order_by_token(
            info.context.db,
            tenant_id=principal.tenant_id,
            store_id=principal.store_id,
            order_id=order_id,
            token=token,
        )
        return build_order(row) if row else None
