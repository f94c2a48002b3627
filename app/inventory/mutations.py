"""Inventory mutations: set or adjust a variant's stock on hand, idempotently."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import strawberry

from app.catalog.reads.loaders import VariantByIdLoader
from app.catalog.types import ProductVariant
from app.db.tenant import RequestDB
from app.graphql.context import Info
from app.graphql.mutations import IdempotencyKey, loaded, run_mutation
from app.graphql.user_errors import UserError
from app.inventory import service
from app.inventory.errors import InventoryErrorCode

InventoryErrorCodeEnum = strawberry.enum(InventoryErrorCode)
SCOPE = "catalog:write"


@strawberry.type
class InventoryUserError(UserError[InventoryErrorCode]):
    pass


@strawberry.type
class InventoryPayload:
    variant: ProductVariant | None = None
    user_errors: list[InventoryUserError] = strawberry.field(default_factory=list)


def _stock_change(
    info: Info,
    variant_id: str,
    idempotency_key: str | None,
    change: Callable[[RequestDB, uuid.UUID, uuid.UUID], Awaitable[uuid.UUID]],
) -> Awaitable[InventoryPayload]:
    """Both mutations: the same pipeline, the variant as the answer; `change(db, tenant,
    variant)` is the one service call that differs."""
    return run_mutation(
        info,
        InventoryPayload,
        scope=SCOPE,
        idempotency_key=idempotency_key,
        write=lambda call: change(
            call.db,
            call.tenant_id,
            call.id(
                variant_id,
                "ProductVariant",
                InventoryErrorCode.NOT_FOUND,
                "variantId",
                name="Variant",
            ),
        ),
        answer=loaded(InventoryPayload, "variant", VariantByIdLoader),
    )


@strawberry.type
class InventoryMutation:
    @strawberry.mutation(description="Set a variant's stock on hand (a count, a supplier feed).")
    async def inventory_set(
        self,
        info: Info,
        variant_id: strawberry.ID,
        quantity: int,
        idempotency_key: IdempotencyKey = None,
    ) -> InventoryPayload:
        return await _stock_change(
            info,
            variant_id,
            idempotency_key,
            lambda db, tenant, variant: service.set_quantity(
                db=db, tenant_id=tenant, variant_id=variant, quantity=quantity
            ),
        )

    @strawberry.mutation(
        description="Add `delta` (negative to remove) to a variant's stock on hand; a result "
        "below zero is refused."
    )
    async def inventory_adjust(
        self,
        info: Info,
        variant_id: strawberry.ID,
        delta: int,
        idempotency_key: IdempotencyKey = None,
    ) -> InventoryPayload:
        return await _stock_change(
            info,
            variant_id,
            idempotency_key,
            lambda db, tenant, variant: service.adjust_quantity(
                db=db, tenant_id=tenant, variant_id=variant, delta=delta
            ),
        )
