"""Cart GraphQL types, built from a CartView (app/cart/view.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import strawberry

from app.cart.pricing import LineCost
from app.cart.view import CartView, LineView
from app.catalog.reads.build import money
from app.catalog.reads.loaders import VariantByIdLoader
from app.catalog.types import Money, ProductVariant
from app.graphql.context import Info
from app.graphql.ids import to_global_id
from app.locale_codes import CountryCode


@strawberry.type
class CartCost:
    subtotal_amount: Money
    total_tax_amount: Money
    total_shipping_amount: Money
    total_discount_amount: Money
    total_amount: Money


@strawberry.type
class CartLineCost:
    amount_per_quantity: Money
    subtotal_amount: Money = strawberry.field(description="Before discounts.")
    total_amount: Money = strawberry.field(
        description="After the line's share of the discount, with tax when prices exclude it."
    )


@strawberry.type
class CartLine:
    id: strawberry.ID
    quantity: int
    cost: CartLineCost | None = strawberry.field(
        description="Null when the variant is no longer for sale (the line is not charged)."
    )
    variant_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    async def merchandise(self, info: Info) -> ProductVariant | None:
        variant: ProductVariant | None = await info.context.loader(VariantByIdLoader).load(
            self.variant_id
        )
        return variant


@strawberry.type
class CartBuyerIdentity:
    email: str | None
    country_code: CountryCode | None
    phone: str | None


@strawberry.type
class CartDiscountCode:
    code: str
    applicable: bool


@strawberry.type
class MailingAddress:
    first_name: str | None
    last_name: str | None
    company: str | None
    address1: str | None
    address2: str | None
    city: str | None
    province: str | None
    zip: str | None
    country_code: CountryCode | None
    phone: str | None


@strawberry.type
class CartDeliveryOption:
    handle: str
    title: str
    estimated_cost: Money


@strawberry.type
class Cart:
    id: strawberry.ID
    total_quantity: int
    buyer_identity: CartBuyerIdentity
    discount_codes: list[CartDiscountCode]
    shipping_address: MailingAddress | None
    delivery_options: list[CartDeliveryOption]
    selected_delivery_option: CartDeliveryOption | None
    cost: CartCost
    updated_at: dt.datetime
    all_lines: strawberry.Private[list[CartLine]]

    @strawberry.field
    def lines(self, first: int = 100) -> list[CartLine]:
        return self.all_lines[: max(first, 0)]


def _country(code: str | None) -> CountryCode | None:
    return CountryCode(code) if code else None


def mailing_address(data: dict[str, Any] | None) -> MailingAddress | None:
    if not data:
        return None
    return MailingAddress(
        first_name=data.get("firstName"),
        last_name=data.get("lastName"),
        company=data.get("company"),
        address1=data.get("address1"),
        address2=data.get("address2"),
        city=data.get("city"),
        province=data.get("province"),
        zip=data.get("zip"),
        country_code=_country(data.get("countryCode")),
        phone=data.get("phone"),
    )


def _line(view: LineView, cost: LineCost | None, currency: str) -> CartLine:
    return CartLine(
        id=strawberry.ID(to_global_id("CartLine", view.id)),
        quantity=view.quantity,
        variant_id=view.variant_id,
        cost=CartLineCost(
            amount_per_quantity=money(cost.unit_price, currency),
            subtotal_amount=money(cost.subtotal, currency),
            total_amount=money(cost.total, currency),
        )
        if cost
        else None,
    )


def build_cart(view: CartView) -> Cart:
    cur, cost = view.currency, view.cost
    options = [
        CartDeliveryOption(handle=o.handle, title=o.title, estimated_cost=money(o.cost, cur))
        for o in view.options
    ]
    return Cart(
        id=strawberry.ID(to_global_id("Cart", view.id)),
        total_quantity=sum(line.quantity for line in view.lines if line.id in view.line_costs),
        buyer_identity=CartBuyerIdentity(
            email=view.email, country_code=_country(view.country_code), phone=view.phone
        ),
        discount_codes=[CartDiscountCode(code=c.code, applicable=c.applicable) for c in view.codes],
        shipping_address=mailing_address(view.shipping_address),
        delivery_options=options,
        selected_delivery_option=next(
            (o for o in options if view.selected and o.handle == view.selected.handle), None
        ),
        cost=CartCost(
            subtotal_amount=money(cost.subtotal, cur),
            total_tax_amount=money(cost.tax, cur),
            total_shipping_amount=money(cost.shipping, cur),
            total_discount_amount=money(cost.discount, cur),
            total_amount=money(cost.total, cur),
        ),
        updated_at=view.updated_at,
        all_lines=[_line(line, view.line_costs.get(line.id), cur) for line in view.lines],
    )
