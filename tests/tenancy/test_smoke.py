"""A first end-to-end pass over the credentials; the detailed suites sit beside it."""

from __future__ import annotations

import httpx

from tests.helpers import TenantFactory, gql

SHOP = "{ shop { name currencyCode languages defaultLanguage } }"


async def test_storefront_token_answers_shop(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Smoke")
    body = await gql(client, SHOP, headers=tenant.storefront)
    assert body == {
        "data": {
            "shop": {
                "name": "Smoke store",
                "currencyCode": "EUR",
                "languages": ["ES", "EN"],
                "defaultLanguage": "ES",
            }
        }
    }
