"""EDESTORY_INTROSPECTION: all, staff (production's default) or off."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.settings import Settings, SettingsError, load_settings
from tests.helpers import TenantFactory, error_codes, gql

SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Product") { name } }'


async def _client(settings: Settings, mode: str) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(settings.with_overrides(introspection=mode))
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client


@pytest.mark.parametrize("mode", ["all", "staff", "off"])
async def test_introspection_modes(settings: Settings, tenants: TenantFactory, mode: str) -> None:
    tenant = await tenants.create("Introspect")
    async for client in _client(settings, mode):
        for query in (SCHEMA, TYPE):
            anonymous = await gql(client, query)
            storefront = await gql(client, query, headers=tenant.storefront)
            staff = await gql(client, query, headers=tenant.staff)
            refused = {"GRAPHQL_VALIDATION_FAILED"}
            assert ("errors" not in anonymous) is (mode == "all")
            assert ("errors" not in storefront) is (mode == "all")
            assert ("errors" not in staff) is (mode != "off")
            for body in (anonymous, storefront, staff):
                assert set(error_codes(body)) <= refused
        # __typename is not introspection of the schema: always answered.
        assert await gql(client, "{ __typename }") == {"data": {"__typename": "Query"}}


def test_production_defaults_to_staff_and_unknown_modes_are_refused() -> None:
    production = {
        "EDESTORY_ENV": "production",
        "DATABASE_URL": "postgresql://x/y",
        "REDIS_URL": "redis://x",
        "EDESTORY_JWT_SECRET": "s" * 40,
        "EDESTORY_SECRETS_KEY": "k" * 40,
    }
    assert load_settings(production).introspection_mode == "staff"
    assert load_settings({}).introspection_mode == "all"
    assert load_settings({"EDESTORY_INTROSPECTION": "OFF"}).introspection_mode == "off"
    with pytest.raises(SettingsError):
        load_settings({"EDESTORY_INTROSPECTION": "sometimes"})
