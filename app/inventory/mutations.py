"""Inventory mutations: set or adjust a variant's stock on hand, idempotently."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from app.catalog.errors import InventoryErrorCode
from app.catalog.loaders import VariantByIdLoader
from app.catalog.types import ProductVariant
from app.errors import ServiceError
from app.graphql.context import Info, require_admin
from app.graphql.ids import parse_global_id
from app.graphql.user_errors import UserError, user_error
from app.inventory import service

InventoryErrorCodeEnum = strawberry.enum(InventoryErrorCode)

IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="A repeat with the same key returns the first result without applying it again."
    ),
]


@strawberry.type
class InventoryUserError(UserError[InventoryErrorCode]):
    pass


@strawberry.type
class InventoryPayload:
    variant: ProductVariant | None = None
    user_errors: list[InventoryUserError] = strawberry.field(default_factory=list)


def _tenant(info: Info) -> uuid.UUID:
    principal = require_admin(info, "catalog:write")
    assert principal.tenant_id
    return principal.tenant_id


def _variant_id(global_id: str) -> uuid.UUID:
    value = parse_global_id(global_id, "ProductVariant")
    if value is None:
        raise ServiceError(InventoryErrorCode.NOT_FOUND, "Variant not found", ["variantId"])
    return value


async def _payload(info: Info, variant_id: uuid.UUID) -> InventoryPayload:
    variant = await info.context.loader(VariantByIdLoader).load(variant_id)
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
        tenant_id = _tenant(info)
        try:
            changed = await service.set_quantity(
                db=info.context.db,
                tenant_id=tenant_id,
                variant_id=_variant_id(variant_id),
                quantity=quantity,
                idempotency_key=idempotency_key,
            )
        except ServiceError as exc:
            return InventoryPayload(user_errors=[user_error(InventoryUserError, exc)])
        return await _payload(info, changed)

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
        tenant_id = _tenant(info)
        try:
            changed = await service.adjust_quantity(
                db=info.context.db,
                tenant_id=tenant_id,
                variant_id=_variant_id(variant_id),
                delta=delta,
                idempotency_key=idempotency_key,
            )
        except ServiceError as exc:
            return InventoryPayload(user_errors=[user_error(InventoryUserError, exc)])
        return await _payload(info, changed)
