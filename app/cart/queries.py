"""Cart queries (storefront)."""

from __future__ import annotations

import strawberry

from app.cart import service
from app.cart.types import Cart, build_cart
from app.graphql.context import Info, require_storefront
from app.graphql.ids import parse_global_id


@strawberry.type
class CartQuery:
    @strawberry.field(description="A cart of the storefront's store; null when unknown or expired.")
    async def cart(self, info: Info, id: strawberry.ID) -> Cart | None:
        principal = require_storefront(info)
        cart_id = parse_global_id(id, "Cart")
        if cart_id is None:
            return None
        assert principal.tenant_id and principal.store_id
        view = await service.get_cart(
            db=info.context.db,
            tenant_id=principal.tenant_id,
            store_id=principal.store_id,
            cart_id=cart_id,
        )
        return build_cart(view) if view else None
