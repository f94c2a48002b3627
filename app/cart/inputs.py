"""Cart inputs -> service dataclasses."""

from __future__ import annotations

from typing import Any

import strawberry

from app.cart.service import BuyerIdentity, CartData, LineData, LineUpdate
from app.graphql.ids import parse_global_id
from app.locale_codes import CountryCode


@strawberry.input
class CartLineInput:
    merchandise_id: strawberry.ID
    quantity: int = 1

    def to_data(self) -> LineData:
        return LineData(
            variant_id=parse_global_id(self.merchandise_id, "ProductVariant"),
            quantity=self.quantity,
        )


@strawberry.input
class CartLineUpdateInput:
    id: strawberry.ID
    quantity: int

    def to_data(self) -> LineUpdate:
        return LineUpdate(line_id=parse_global_id(self.id, "CartLine"), quantity=self.quantity)


@strawberry.input
class CartBuyerIdentityInput:
    email: str | None = None
    country_code: CountryCode | None = None
    phone: str | None = None
    accepts_email_marketing: bool | None = strawberry.field(
        default=None,
        description="true records the shopper's consent to cart reminder emails (with "
        "`consentSource` and the time); false withdraws it.",
    )
    consent_source: str | None = strawberry.field(
        default=None,
        description='Where consent was given, e.g. "checkout-form"; default "storefront".',
    )

    def to_data(self) -> BuyerIdentity:
        country = self.country_code.value if self.country_code is not None else None
        return BuyerIdentity(
            email=self.email,
            country_code=country,
            phone=self.phone,
            accepts_email_marketing=self.accepts_email_marketing,
            consent_source=self.consent_source,
        )


@strawberry.input
class CartInput:
    lines: list[CartLineInput] | None = None
    buyer_identity: CartBuyerIdentityInput | None = None
    discount_codes: list[str] | None = None

    def to_data(self) -> CartData:
        return CartData(
            lines=[line.to_data() for line in self.lines or []],
            buyer_identity=self.buyer_identity.to_data() if self.buyer_identity else None,
            discount_codes=self.discount_codes or [],
        )


@strawberry.input
class MailingAddressInput:
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    province: str | None = None
    zip: str | None = None
    country_code: CountryCode | None = None
    phone: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "firstName": self.first_name,
            "lastName": self.last_name,
            "company": self.company,
            "address1": self.address1,
            "address2": self.address2,
            "city": self.city,
            "province": self.province,
            "zip": self.zip,
            "countryCode": self.country_code.value if self.country_code is not None else None,
            "phone": self.phone,
        }
