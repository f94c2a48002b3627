"""Pure checks of cart input. No I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.cart.errors import CartErrorCode as Code
from app.errors import ServiceError

MAX_LINE_QUANTITY = 100  # per line: a storefront cart, not a wholesale order
MAX_LINES = 100
MAX_CODES = 5
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE = re.compile(r"^\+?[0-9 ()./-]{5,30}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
ADDRESS_FIELDS = (
    "firstName", "lastName", "company", "address1", "address2", "city", "province", "zip",
    "countryCode", "phone",
)  # fmt: skip
REQUIRED_ADDRESS_FIELDS = ("lastName", "address1", "city", "zip", "countryCode")


def check_quantity(quantity: int, field: list[str]) -> None:
    if quantity < 1:
        raise ServiceError(Code.INVALID_QUANTITY, "Quantity must be at least 1", field)
    if quantity > MAX_LINE_QUANTITY:
        raise ServiceError(
            Code.QUANTITY_ABOVE_LIMIT, f"At most {MAX_LINE_QUANTITY} per line", field
        )


def check_email(email: str) -> str:
    email = email.strip()
    if len(email) > 254 or not EMAIL.match(email):
        raise ServiceError(Code.INVALID_EMAIL, "Not a valid email address", ["email"])
    return email


def check_phone(phone: str) -> str:
    if not PHONE.match(phone.strip()):
        raise ServiceError(Code.INVALID_PHONE, "Not a valid phone number", ["phone"])
    return phone.strip()


def check_country(country: str, field: list[str]) -> str:
    if not COUNTRY.match(country):
        raise ServiceError(Code.INVALID_ADDRESS, "Not an ISO 3166-1 alpha-2 code", field)
    return country


def clean_address(address: Mapping[str, str | None]) -> dict[str, str | None]:
    """The address with trimmed fields; required ones present, every one at most 255."""
    cleaned: dict[str, str | None] = {}
    for name in ADDRESS_FIELDS:
        value = address.get(name)
        value = value.strip() if value is not None else None
        if value is not None and len(value) > 255:
            raise ServiceError(Code.INVALID_ADDRESS, "At most 255 characters", ["address", name])
        cleaned[name] = value or None
    for name in REQUIRED_ADDRESS_FIELDS:
        if not cleaned[name]:
            raise ServiceError(Code.INVALID_ADDRESS, f"{name} is required", ["address", name])
    check_country(cleaned["countryCode"] or "", ["address", "countryCode"])
    return cleaned
