"""Supplier GraphQL types (admin)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import strawberry

from app.graphql.ids import to_global_id
from app.graphql.scalars import Decimal as DecimalScalar
from app.suppliers.rules import ConnectionStatus, SupplierKind

SupplierKindEnum = strawberry.enum(SupplierKind, name="SupplierKind")
SupplierConnectionStatusEnum = strawberry.enum(ConnectionStatus, name="SupplierConnectionStatus")


@strawberry.type(description="A stored credential's name and its last 4 characters.")
class SupplierCredentialHint:
    name: str
    hint: str


@strawberry.type
class SupplierConnection:
    id: strawberry.ID
    name: str
    kind: SupplierKindEnum  # type: ignore[valid-type]
    status: SupplierConnectionStatusEnum  # type: ignore[valid-type]
    feed_url: str | None
    sync_interval_minutes: int
    last_sync_at: dt.datetime | None
    credentials: list[SupplierCredentialHint] = strawberry.field(
        description="Which credentials are stored, as hints; the values are never returned."
    )
    created_at: dt.datetime


def build_connection(row: Any) -> SupplierConnection:
    return SupplierConnection(
        id=strawberry.ID(to_global_id("SupplierConnection", row.id)),
        name=row.name,
        kind=SupplierKind(row.kind),
        status=ConnectionStatus(row.status),
        feed_url=row.feed_url,
        sync_interval_minutes=row.sync_interval_minutes,
        last_sync_at=row.last_sync_at,
        credentials=[
            SupplierCredentialHint(name=name, hint=hint)
            for name, hint in sorted((row.credentials_hint or {}).items())
        ],
        created_at=row.created_at,
    )


def decimal_text(value: Decimal | None) -> str | None:
    """2.5000 -> "2.5" (numeric columns keep 4 places; the API shows what was meant)."""
    return None if value is None else format(value.normalize(), "f")


@strawberry.type(description="How an imported product's price follows its supplier cost.")
class PricingRule:
    id: strawberry.ID
    name: str
    multiplier: DecimalScalar
    fixed_amount: DecimalScalar
    minimum_margin: DecimalScalar | None
    rounding_ending: str | None
    compare_at_multiplier: DecimalScalar | None
    updated_at: dt.datetime


def build_pricing_rule(row: Any) -> PricingRule:
    return PricingRule(
        id=strawberry.ID(to_global_id("PricingRule", row.id)),
        name=row.name,
        multiplier=DecimalScalar(decimal_text(row.multiplier) or "0"),
        fixed_amount=DecimalScalar(decimal_text(row.fixed_amount) or "0"),
        minimum_margin=_maybe(row.minimum_margin),
        rounding_ending=row.rounding_ending,
        compare_at_multiplier=_maybe(row.compare_at_multiplier),
        updated_at=row.updated_at,
    )


def _maybe(value: Decimal | None) -> DecimalScalar | None:
    text = decimal_text(value)
    return None if text is None else DecimalScalar(text)
