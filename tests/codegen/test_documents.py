"""codegen/: every document validates against schema.graphql, the committed manifest is
graphql-codegen's (keys the sha256 of their documents, one per operation), and the server,
given the manifest as a store's trusted documents, runs each of them by `documentId`."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate

from app.graphql.ids import to_global_id
from tests.helpers import TenantFactory, error_codes, gql

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "codegen" / "documents"
MANIFEST = ROOT / "codegen" / "src" / "gql" / "persisted-documents.json"
REGISTER = """
mutation ($storeId: ID!, $manifest: JSON!) {
  persistedDocumentsRegister(storeId: $storeId, manifest: $manifest) { count userErrors { code } }
}"""
# What the server may not answer a registered document: it was not found, or not valid.
REFUSALS = {
    "PERSISTED_DOCUMENT_NOT_FOUND",
    "PERSISTED_QUERY_HASH_MISMATCH",
    "GRAPHQL_VALIDATION_FAILED",
    "GRAPHQL_PARSE_FAILED",
    "MAX_COST_EXCEEDED",
    "BAD_REQUEST",
}
STAFF_OPERATIONS = {"DashboardProducts", "DashboardStores", "ProductCreate", "InventorySet"}


@pytest.fixture(scope="module")
def schema() -> Any:
    return build_schema((ROOT / "schema.graphql").read_text())


def _manifest() -> dict[str, str]:
    manifest: dict[str, str] = json.loads(MANIFEST.read_text())
    return manifest


def _operation_names(text: str) -> list[str]:
    return [
        d.name.value
        for d in parse(text).definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    ]


def test_every_document_validates_against_the_schema(schema: Any) -> None:
    files = sorted(DOCUMENTS.rglob("*.graphql"))
    assert len(files) >= 8
    text = "\n".join(f.read_text() for f in files)
    assert [e.message for e in validate(schema, parse(text))] == []
    names = _operation_names(text)
    for page in (
        "CategoryPage",
        "ProductPage",
        "Cart",
        "CartLinesAdd",
        "CheckoutCreate",
        "CheckoutComplete",
        "OrderTracking",
    ):
        assert page in names


def test_the_manifest_is_the_sha256_of_each_document_one_per_operation(schema: Any) -> None:
    manifest = _manifest()
    for key, document in manifest.items():
        assert key == hashlib.sha256(document.encode()).hexdigest(), key
        assert [e.message for e in validate(schema, parse(document))] == [], key
    in_manifest = sorted(n for d in manifest.values() for n in _operation_names(d))
    in_files = sorted(
        n for f in DOCUMENTS.rglob("*.graphql") for n in _operation_names(f.read_text())
    )
    assert in_manifest == in_files, "the manifest is stale: run `make codegen`"


def _variables(name: str, store_gid: str) -> dict[str, Any]:
    def gid(kind: str) -> str:
        return to_global_id(kind, uuid.uuid4())

    cart = {"cartId": gid("Cart")}
    return {
        "CategoryPage": {"handle": "none", "first": 5},
        "ProductPage": {"handle": "none"},
        "Cart": {"id": gid("Cart")},
        "CartCreate": {"input": {}},
        "CartLinesAdd": {**cart, "lines": [{"merchandiseId": gid("ProductVariant")}]},
        "CartLinesUpdate": {**cart, "lines": [{"id": gid("CartLine"), "quantity": 1}]},
        "CartLinesRemove": {**cart, "lineIds": [gid("CartLine")]},
        "CartBuyerIdentityUpdate": {**cart, "buyerIdentity": {"email": "a@example.com"}},
        "CartShippingAddressUpdate": {**cart, "address": {"countryCode": "DE"}},
        "CartSelectedDeliveryOptionUpdate": {**cart, "handle": "standard"},
        "CartDiscountCodesUpdate": {**cart, "codes": []},
        "CheckoutCreate": cart,
        "CheckoutComplete": {"checkoutId": gid("Checkout")},
        "OrderTracking": {"id": gid("Order"), "token": "nope"},
        "SignIn": {"email": "nobody@example.com", "password": "wrong"},
        "DashboardProducts": {"first": 5, "storeId": store_gid},
        "ProductCreate": {"input": {"storeId": store_gid, "title": "From codegen"}},
        "InventorySet": {"variantId": gid("ProductVariant"), "quantity": 1},
    }.get(name, {})


async def test_the_server_runs_every_document_of_the_manifest(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Codegen")
    manifest = _manifest()
    body = await gql(
        client, REGISTER, {"storeId": tenant.store_gid, "manifest": manifest}, tenant.staff
    )
    registered = body["data"]["persistedDocumentsRegister"]
    assert registered == {"count": len(manifest), "userErrors": []}
    for key, document in manifest.items():
        (name,) = _operation_names(document)
        headers = tenant.staff if name in STAFF_OPERATIONS else tenant.storefront
        response = await client.post(
            "/graphql",
            json={"documentId": f"sha256:{key}", "variables": _variables(name, tenant.store_gid)},
            headers=headers,
        )
        answer = response.json()
        assert response.status_code == 200, (name, answer)
        assert not REFUSALS & set(error_codes(answer)), (name, answer)
        assert answer.get("data") is not None, (name, answer)
