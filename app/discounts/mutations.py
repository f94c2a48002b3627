"""Discount mutations (admin, catalog:write)."""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry

from app.db.tenant import RequestDB
from app.discounts import service
from app.discounts.errors import DiscountErrorCode
from app.discounts.queries import discounts_by_ids
from app.discounts.rules import DiscountKind as Kind
from app.discounts.types import Discount, DiscountKind
from app.errors import ServiceError
from app.graphql.context import Info, require_admin
from app.graphql.ids import parse_global_id
from app.graphql.scalars import Decimal
from app.graphql.user_errors import UserError, user_error
from app.money import InvalidAmountError, parse_amount
from app.tenancy.store_lookup import store_currency

DiscountErrorCodeEnum = strawberry.enum(DiscountErrorCode)


@strawberry.type
class DiscountUserError(UserError[DiscountErrorCode]):
    pass


@strawberry.input
class DiscountInput:
    code: str | None = strawberry.UNSET
    kind: DiscountKind | None = strawberry.UNSET  # type: ignore[valid-type]
    value: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description='A percent ("10") or an amount ("5.00").'
    )
    minimum_subtotal: Decimal | None = strawberry.UNSET
    starts_at: dt.datetime | None = strawberry.UNSET
    ends_at: dt.datetime | None = strawberry.UNSET
    usage_limit: int | None = strawberry.UNSET
    per_email_limit: int | None = strawberry.UNSET
    collection_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Limit to these collections' products; [] for all."
    )


@strawberry.type
class DiscountPayload:
    discount: Discount | None = None
    user_errors: list[DiscountUserError] = strawberry.field(default_factory=list)


@strawberry.type
class DiscountDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[DiscountUserError] = strawberry.field(default_factory=list)


def _set(value: object) -> bool:
    return value is not strawberry.UNSET and value is not None


def _data(input: DiscountInput, currency: str, kind_now: str | None) -> service.DiscountData:
    kind = Kind(input.kind.value) if _set(input.kind) else None  # type: ignore[attr-defined]
    effective = kind.value if kind else kind_now
    value = None
    if _set(input.value):
        raw = str(input.value)
        try:
            value = int(raw) if effective == Kind.PERCENTAGE.value else parse_amount(raw, currency)
        except (ValueError, InvalidAmountError) as exc:
            raise ServiceError(
                DiscountErrorCode.INVALID, f"Invalid value {raw!r}", ["input", "value"]
            ) from exc
    minimum = None
    if _set(input.minimum_subtotal):
        try:
            minimum = parse_amount(str(input.minimum_subtotal), currency)
        except InvalidAmountError as exc:
            raise ServiceError(
                DiscountErrorCode.INVALID, str(exc), ["input", "minimumSubtotal"]
            ) from exc
    collections = None
    if input.collection_ids is not strawberry.UNSET:
        collections = []
        for gid in input.collection_ids or []:
            parsed = parse_global_id(gid, "Collection")
            if parsed is None:
                raise ServiceError(
                    DiscountErrorCode.NOT_FOUND, "Collection not found", ["input", "collectionIds"]
                )
            collections.append(parsed)
    nullable = {
        "minimum_subtotal": input.minimum_subtotal,
        "starts_at": input.starts_at,
        "ends_at": input.ends_at,
        "usage_limit": input.usage_limit,
        "per_email_limit": input.per_email_limit,
    }
    return service.DiscountData(
        code=input.code if _set(input.code) else None,
        kind=kind,
        value=value,
        minimum_subtotal=minimum,
        starts_at=input.starts_at if _set(input.starts_at) else None,
        ends_at=input.ends_at if _set(input.ends_at) else None,
        usage_limit=input.usage_limit if _set(input.usage_limit) else None,
        per_email_limit=input.per_email_limit if _set(input.per_email_limit) else None,
        collection_ids=collections,
        cleared=frozenset(name for name, v in nullable.items() if v is None),
    )


async def _payload(db: RequestDB, tenant_id: uuid.UUID, discount_id: uuid.UUID) -> DiscountPayload:
    found = await discounts_by_ids(db, tenant_id, [discount_id])
    return DiscountPayload(discount=found[0] if found else None)


@strawberry.type
class DiscountMutation:
    @strawberry.mutation(description="A discount code for a store.")
    async def discount_create(
        self, info: Info, store_id: strawberry.ID, input: DiscountInput
    ) -> DiscountPayload:
        principal = require_admin(info, "catalog:write")
        assert principal.tenant_id
        db = info.context.db
        try:
            store = parse_global_id(store_id, "Store")
            currency = (
                await store_currency(db, tenant_id=principal.tenant_id, store_id=store)
                if store
                else None
            )
            if store is None or currency is None:
                raise ServiceError(DiscountErrorCode.NOT_FOUND, "Store not found", ["storeId"])
            discount_id = await service.create_discount(
                db=db,
                tenant_id=principal.tenant_id,
                store_id=store,
                data=_data(input, currency, None),
            )
        except ServiceError as exc:
            return DiscountPayload(user_errors=[user_error(DiscountUserError, exc)])
        return await _payload(db, principal.tenant_id, discount_id)

    @strawberry.mutation(description="Change a discount; omitted fields stay, null clears.")
    async def discount_update(
        self, info: Info, id: strawberry.ID, input: DiscountInput
    ) -> DiscountPayload:
        principal = require_admin(info, "catalog:write")
        assert principal.tenant_id
        db = info.context.db
        try:
            discount_id = parse_global_id(id, "Discount")
            head = (
                await service.discount_head(
                    db, tenant_id=principal.tenant_id, discount_id=discount_id
                )
                if discount_id
                else None
            )
            if discount_id is None or head is None:
                raise ServiceError(DiscountErrorCode.NOT_FOUND, "Discount not found", ["id"])
            store_id, kind_now = head
            currency = await store_currency(db, tenant_id=principal.tenant_id, store_id=store_id)
            await service.update_discount(
                db=db,
                tenant_id=principal.tenant_id,
                discount_id=discount_id,
                data=_data(input, currency or "EUR", kind_now),
            )
        except ServiceError as exc:
            return DiscountPayload(user_errors=[user_error(DiscountUserError, exc)])
        return await _payload(db, principal.tenant_id, discount_id)

    @strawberry.mutation(description="Delete an unused discount; a used one is ended instead.")
    async def discount_delete(self, info: Info, id: strawberry.ID) -> DiscountDeletePayload:
        principal = require_admin(info, "catalog:write")
        assert principal.tenant_id
        try:
            discount_id = parse_global_id(id, "Discount")
            if discount_id is None:
                raise ServiceError(DiscountErrorCode.NOT_FOUND, "Discount not found", ["id"])
            await service.delete_discount(
                db=info.context.db, tenant_id=principal.tenant_id, discount_id=discount_id
            )
        except ServiceError as exc:
            return DiscountDeletePayload(user_errors=[user_error(DiscountUserError, exc)])
        return DiscountDeletePayload(deleted_id=id)
