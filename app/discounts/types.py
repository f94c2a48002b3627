"""Discount GraphQL types (admin)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from app.catalog.reads.build import money
from app.catalog.types import Money
from app.discounts.rules import DiscountKind as Kind
from app.graphql.ids import to_global_id
from app.money import format_amount

DiscountKind = strawberry.enum(Kind, name="DiscountKind")


@strawberry.type
class Discount:
    id: strawberry.ID
    code: str
    kind: DiscountKind  # type: ignore[valid-type]
    value: str = strawberry.field(description='A percent ("10") or an amount ("5.00").')
    minimum_subtotal: Money | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    usage_limit: int | None
    per_email_limit: int | None
    used_count: int
    collection_ids: list[strawberry.ID]
    created_at: dt.datetime


def build_discount(row: Any, currency: str, collection_ids: list[Any]) -> Discount:
    kind = Kind(row.kind)
    return Discount(
        id=strawberry.ID(to_global_id("Discount", row.id)),
        code=row.code,
        kind=kind,
        value=str(row.value) if kind is Kind.PERCENTAGE else format_amount(row.value, currency),
        minimum_subtotal=money(row.minimum_subtotal, currency)
        if row.minimum_subtotal is not None
        else None,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        usage_limit=row.usage_limit,
        per_email_limit=row.per_email_limit,
        used_count=row.used_count,
        collection_ids=[strawberry.ID(to_global_id("Collection", c)) for c in collection_ids],
        created_at=row.created_at,
    )
