"""Inventory mutations: set or adjust a variant's stock on hand, idempotently."""

from __future__ import annotations

import uuid

import strawberry

from app.catalog.reads.loaders import VariantByIdLoader
from app.catalog.types import ProductVariant
from app.graphql.context import Info
from app.graphql.mutations import IdempotencyKey, MutationCall, run_mutation
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


def _variant_id(call: MutationCall, global_id: str) -> uuid.UUID:
    return call.id(
        global_id, "ProductVariant", InventoryErrorCode.NOT_FOUND, "variantId", name="Variant"
    )


async def _payload(call: MutationCall, variant_id: uuid.UUID) -> InventoryPayload:
    variant = await call.context.loader(VariantByIdLoader).load(variant_id)
    return InventoryPayload(variant=variant)


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
        return await run_mutation(
            info,
            InventoryPayload,
            scope=SCOPE,
            idempotency_key=idempotency_key,
            write=lambda call: service.set_quantity(
                db=call.db,
                tenant_id=call.tenant_id,
                variant_id=_variant_id(call, variant_id),
                quantity=quantity,
            ),
            answer=_payload,
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
        return await run_mutation(
            info,
            InventoryPayload,
            scope=SCOPE,
            idempotency_key=idempotency_key,
            write=lambda call: service.adjust_quantity(
                db=call.db,
                tenant_id=call.tenant_id,
                variant_id=_variant_id(call, variant_id),
                delta=delta,
            ),
            answer=_payload,
        )
