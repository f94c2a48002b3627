"""Discount mutations (admin, catalog:write)."""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry

from app.discounts import service
from app.discounts.errors import DiscountErrorCode
from app.discounts.queries import discounts_by_ids
from app.discounts.rules import DiscountKind as Kind
from app.discounts.types import Discount, DiscountKind
from app.errors import ServiceError
from app.graphql.context import Info
from app.graphql.ids import parse_global_id
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.scalars import Decimal
from app.graphql.user_errors import UserError
from app.money import InvalidAmountError, parse_amount
from app.tenancy.store_lookup import store_currency

DiscountErrorCodeEnum = strawberry.enum(DiscountErrorCode)
SCOPE = "catalog:write"


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


async def _payload(call: MutationCall, discount_id: uuid.UUID) -> DiscountPayload:
    found = await discounts_by_ids(call.db, call.tenant_id, [discount_id])
    return DiscountPayload(discount=found[0] if found else None)


async def _create(call: MutationCall, store_id: str, input: DiscountInput) -> uuid.UUID:
    store = call.id(store_id, "Store", DiscountErrorCode.NOT_FOUND, "storeId")
    currency = await store_currency(call.db, tenant_id=call.tenant_id, store_id=store)
    if currency is None:
        raise ServiceError(DiscountErrorCode.NOT_FOUND, "Store not found", ["storeId"])
    return await service.create_discount(
        db=call.db, tenant_id=call.tenant_id, store_id=store, data=_data(input, currency, None)
    )


async def _update(call: MutationCall, id: str, input: DiscountInput) -> uuid.UUID:
    discount_id = call.id(id, "Discount", DiscountErrorCode.NOT_FOUND, "id")
    head = await service.discount_head(call.db, tenant_id=call.tenant_id, discount_id=discount_id)
    if head is None:
        raise ServiceError(DiscountErrorCode.NOT_FOUND, "Discount not found", ["id"])
    store_id, kind_now = head
    currency = await store_currency(call.db, tenant_id=call.tenant_id, store_id=store_id)
    return await service.update_discount(
        db=call.db,
        tenant_id=call.tenant_id,
        discount_id=discount_id,
        data=_data(input, currency or "EUR", kind_now),
    )


async def _delete(call: MutationCall, id: str) -> None:
    discount_id = call.id(id, "Discount", DiscountErrorCode.NOT_FOUND, "id")
    await service.delete_discount(db=call.db, tenant_id=call.tenant_id, discount_id=discount_id)


@strawberry.type
class DiscountMutation:
    @strawberry.mutation(description="A discount code for a store.")
    async def discount_create(
        self, info: Info, store_id: strawberry.ID, input: DiscountInput
    ) -> DiscountPayload:
        return await run_mutation(
            info,
            DiscountPayload,
            scope=SCOPE,
            write=lambda call: _create(call, store_id, input),
            answer=_payload,
        )

    @strawberry.mutation(description="Change a discount; omitted fields stay, null clears.")
    async def discount_update(
        self, info: Info, id: strawberry.ID, input: DiscountInput
    ) -> DiscountPayload:
        return await run_mutation(
            info,
            DiscountPayload,
            scope=SCOPE,
            write=lambda call: _update(call, id, input),
            answer=_payload,
        )

    @strawberry.mutation(description="Delete an unused discount; a used one is ended instead.")
    async def discount_delete(self, info: Info, id: strawberry.ID) -> DiscountDeletePayload:
        return await run_mutation(
            info,
            DiscountDeletePayload,
            scope=SCOPE,
            write=lambda call: _delete(call, id),
            answer=lambda call, _: DiscountDeletePayload(deleted_id=id),
        )
