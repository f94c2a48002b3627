"""GraphQL enums for the ISO codes, registered once before any type refers to them."""

from __future__ import annotations

import strawberry

from app.locale_codes import CountryCode, CurrencyCode, LanguageCode

CurrencyCodeEnum = strawberry.enum(CurrencyCode, description="ISO 4217 currency code")
LanguageCodeEnum = strawberry.enum(LanguageCode, description="ISO 639-1 language code")
CountryCodeEnum = strawberry.enum(CountryCode, description="ISO 3166-1 alpha-2 country code")
