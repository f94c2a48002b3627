"""Whether a discount applies to a cart. No I/O."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import Enum

from app.discounts.errors import Inapplicable


class DiscountKind(str, Enum):
    PERCENTAGE = "PERCENTAGE"
    FIXED_AMOUNT = "FIXED_AMOUNT"


@dataclass(frozen=True, slots=True)
class Discount:
    id: uuid.UUID
    code: str
    kind: str
    value: int
    minimum_subtotal: int | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    usage_limit: int | None
    per_email_limit: int | None
    used_count: int
    reserved_count: int
    email_uses: int  # paid orders of the cart's email with this code
    collection_ids: frozenset[uuid.UUID]  # empty: every product


def normalize_code(code: str) -> str:
    return code.strip().upper()


def eligible(discount: Discount, product_collections: frozenset[uuid.UUID]) -> bool:
    return not discount.collection_ids or bool(discount.collection_ids & product_collections)


def why_not(
    discount: Discount, *, now: dt.datetime, subtotal: int, eligible_subtotal: int
) -> Inapplicable | None:
    """None when the discount applies; else the first reason it does not. The minimum is
    of the whole cart's subtotal, before discounts."""
    if discount.starts_at is not None and now < discount.starts_at:
        return Inapplicable.NOT_STARTED
    if discount.ends_at is not None and now >= discount.ends_at:
        return Inapplicable.ENDED
    if discount.minimum_subtotal is not None and subtotal < discount.minimum_subtotal:
        return Inapplicable.MINIMUM_SUBTOTAL
    if (
        discount.usage_limit is not None
        and discount.used_count + discount.reserved_count >= discount.usage_limit
    ):
        return Inapplicable.USAGE_LIMIT
    if discount.per_email_limit is not None and discount.email_uses >= discount.per_email_limit:
        return Inapplicable.PER_EMAIL_LIMIT
    if eligible_subtotal <= 0:
        return Inapplicable.NO_ELIGIBLE_LINES
    return None
