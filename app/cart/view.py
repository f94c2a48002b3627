"""A cart as the shopper sees it: lines, options and cost, computed from current data.

Loading one costs at most four statements whatever the number of lines: the cart with its
store's settings and lines, the lines' variants, the discount codes, the shipping rates.
Nothing of the cost is stored on the cart; a checkout snapshots it. The first statement
joins tenancy's `stores` for the currency: the one read of another domain's table here,
kept in the statement rather than spent as a call to tenancy (app/tenancy/store_lookup.py
is that call, used by the admin mutations).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.cart.models import cart_lines, carts, store_checkout_settings
from app.cart.pricing import Cost, DiscountKind, LineCost, PricingDiscount, PricingLine, price
from app.catalog.purchasable import Purchasable, load_purchasable
from app.db.tenant import RequestDB
from app.discounts import rules as discount_rules
from app.discounts.service import find_by_codes
from app.shipping.rules import DeliveryOption, delivery_options
from app.shipping.service import rates_for
from app.tenancy.models import stores

DEFAULT_CART_TTL_MINUTES = 43200  # 30 days
DEFAULT_RESERVATION_MINUTES = 15


@dataclass(frozen=True, slots=True)
class LineView:
    id: uuid.UUID
    variant_id: uuid.UUID
    quantity: int
    item: Purchasable | None  # None: the variant is gone


@dataclass(frozen=True, slots=True)
class CodeView:
    code: str
    applicable: bool
    discount: discount_rules.Discount | None
    reason: str | None = None  # why not applicable: UNKNOWN, ONE_CODE_PER_CART or Inapplicable


@dataclass(frozen=True, slots=True)
class CartView:
    id: uuid.UUID
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    currency: str
    prices_include_tax: bool
    reservation_minutes: int
    email: str | None
    phone: str | None
    country_code: str | None
    shipping_address: dict[str, Any] | None
    lines: tuple[LineView, ...]
    codes: tuple[CodeView, ...]
    options: tuple[DeliveryOption, ...]
    selected: DeliveryOption | None
    cost: Cost
    line_costs: dict[uuid.UUID, LineCost]  # sellable lines only
    updated_at: dt.datetime

    @property
    def destination(self) -> str | None:
        """Tax and shipping go by the address's country, else the buyer's."""
        if self.shipping_address:
            country: str = self.shipping_address["countryCode"]
            return country
        return self.country_code

    @property
    def applied_discount(self) -> discount_rules.Discount | None:
        return next((c.discount for c in self.codes if c.applicable), None)


async def load_cart(
    db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID, cart_id: uuid.UUID
) -> CartView | None:
    c, cl, s, st = carts, cart_lines, store_checkout_settings, stores
    statement = (
        select(
            c,
            st.c.currency,
            s.c.prices_include_tax,
            s.c.reservation_minutes,
            cl.c.id.label("line_id"),
            cl.c.variant_id,
            cl.c.quantity,
        )
        .select_from(
            c.join(st, (st.c.tenant_id == c.c.tenant_id) & (st.c.id == c.c.store_id))
            .outerjoin(s, (s.c.tenant_id == c.c.tenant_id) & (s.c.store_id == c.c.store_id))
            .outerjoin(cl, (cl.c.tenant_id == c.c.tenant_id) & (cl.c.cart_id == c.c.id))
        )
        .where(
            c.c.tenant_id == tenant_id,
            c.c.id == cart_id,
            c.c.store_id == store_id,
            c.c.expires_at > func.now(),
        )
        .order_by(cl.c.created_at, cl.c.id)
    )
    rows = list(await db.execute(statement))
    if not rows:
        return None
    head = rows[0]
    raw_lines = [(r.line_id, r.variant_id, r.quantity) for r in rows if r.line_id is not None]
    items = await load_purchasable(
        db, tenant_id=tenant_id, variant_ids=[v for _, v, _ in raw_lines]
    )
    lines = tuple(LineView(i, v, q, items.get(v)) for i, v, q in raw_lines)
    found = await find_by_codes(
        db,
        tenant_id=tenant_id,
        store_id=store_id,
        codes=list(head.discount_codes),
        email=head.email,
    )
    country = head.shipping_address["countryCode"] if head.shipping_address else head.country_code
    rates = (
        await rates_for(db, tenant_id=tenant_id, store_id=store_id, country=country)
        if country
        else []
    )
    return price_cart(head, lines, found, rates, now=dt.datetime.now(dt.UTC))


def _sellable(line: LineView) -> bool:
    return line.item is not None and line.item.active


def price_cart(
    head: Any,
    lines: tuple[LineView, ...],
    found: dict[str, discount_rules.Discount],
    rates: list[Any],
    *,
    now: dt.datetime,
) -> CartView:
    include_tax = True if head.prices_include_tax is None else head.prices_include_tax
    priced = [line for line in lines if _sellable(line)]
    subtotal = sum(line.item.unit_price * line.quantity for line in priced if line.item)
    codes, applied = [], None
    for code in head.discount_codes:
        discount = found.get(code)
        ok = False
        why: str | None = "UNKNOWN" if discount is None else "ONE_CODE_PER_CART"
        if discount is not None and applied is None:
            eligible_subtotal = sum(
                line.item.unit_price * line.quantity
                for line in priced
                if line.item and discount_rules.eligible(discount, line.item.collection_ids)
            )
            reason = discount_rules.why_not(
                discount, now=now, subtotal=subtotal, eligible_subtotal=eligible_subtotal
            )
            ok, why = reason is None, reason.value if reason else None
            applied = discount if ok else None
        codes.append(CodeView(code, ok, discount, None if ok else why))
    grams = sum((line.item.weight_grams * line.quantity) for line in priced if line.item)
    options = delivery_options(rates, subtotal=subtotal, grams=grams) if priced else []
    selected = next((o for o in options if o.handle == head.delivery_option_handle), None)
    cost = price(
        [
            PricingLine(
                unit_price=line.item.unit_price,
                quantity=line.quantity,
                tax_class=line.item.tax_class,
                discountable=applied is not None
                and discount_rules.eligible(applied, line.item.collection_ids),
            )
            for line in priced
            if line.item
        ],
        discount=PricingDiscount(DiscountKind(applied.kind), applied.value) if applied else None,
        shipping=selected.cost if selected else 0,
        country=head.shipping_address["countryCode"]
        if head.shipping_address
        else head.country_code,
        prices_include_tax=include_tax,
    )
    return CartView(
        id=head.id,
        tenant_id=head.tenant_id,
        store_id=head.store_id,
        currency=head.currency.strip(),
        prices_include_tax=include_tax,
        reservation_minutes=head.reservation_minutes or DEFAULT_RESERVATION_MINUTES,
        email=head.email,
        phone=head.phone,
        country_code=head.country_code,
        shipping_address=head.shipping_address,
        lines=lines,
        codes=tuple(codes),
        options=tuple(options),
        selected=selected,
        cost=cost,
        line_costs={line.id: c for line, c in zip(priced, cost.lines, strict=True)},
        updated_at=head.updated_at,
    )
