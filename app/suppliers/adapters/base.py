"""The interface every supplier adapter implements, and the values it answers in.

Costs are Decimals in the supplier's currency (pricing.py converts); stock is None when the
supplier does not say (a feed with only "in stock"). Errors a supplier answers for one item
are `ItemError`s in the result, so a run records them and goes on; a failure of the whole
request is `SupplierError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SupplierVariant:
    sku: str
    title: str
    cost: Decimal
    currency: str
    stock: int | None
    available: bool
    options: tuple[tuple[str, str], ...] = ()  # (name, value) pairs, e.g. ("Color", "Red")
    shipping: Decimal = Decimal(0)
    image_url: str | None = None
    gtin: str | None = None
    mpn: str | None = None


@dataclass(frozen=True, slots=True)
class SupplierProduct:
    supplier_product_id: str
    title: str
    description: str
    variants: tuple[SupplierVariant, ...]
    brand: str | None = None
    images: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemError:
    """One item the supplier sent that could not be used; `ref` names it (a row, an id)."""

    ref: str
    message: str


@dataclass(slots=True)
class Catalog:
    products: list[SupplierProduct] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderLine:
    supplier_product_id: str
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplierOrderRequest:
    """`out_order_id` is our order's id: the supplier refuses a second order with it, so a
    retried placement never orders twice."""

    out_order_id: str
    name: str
    address1: str
    address2: str
    city: str
    province: str
    zip: str
    country_code: str
    phone: str
    lines: tuple[OrderLine, ...]


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    supplier_order_id: str


@dataclass(frozen=True, slots=True)
class Tracking:
    status: str  # NONE, IN_TRANSIT, DELIVERED
    tracking_number: str | None = None
    carrier: str | None = None


class SupplierError(Exception):
    """The supplier could not be asked or refused; the message is for people and carries no
    credential. `retryable`: a later attempt may succeed (timeouts, 429, 5xx)."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class SupplierAdapter(Protocol):
    """What the import, sync and fulfilment services need from any supplier."""

    async def fetch_products(self, ids: list[str] | None = None) -> Catalog:
        """The offered products (all of them, or those with these ids)."""
        ...

    async def fetch_product(self, supplier_product_id: str) -> SupplierProduct | None:
        """One product with its variants, prices and stock; None when it is gone."""
        ...

    async def place_order(self, order: SupplierOrderRequest) -> PlacedOrder: ...

    async def fetch_tracking(self, supplier_order_id: str) -> Tracking: ...

    def refreshed_tokens(self) -> Mapping[str, str]:
        """Tokens obtained or refreshed during the calls, for the caller to store back."""
        ...
