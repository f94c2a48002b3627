"""Product mutations issue a number of SQL statements set by the operation, never by the
number of variants it carries."""

from __future__ import annotations

import httpx

from tests.catalog.product_support import create_product
from tests.helpers import SqlCounter, TenantFactory, call

BULK_CREATE = """
mutation ($productId: ID!, $variants: [ProductVariantInput!]!) {
  productVariantsBulkCreate(productId: $productId, variants: $variants) {
    product { options { name values }
              priceRange { minVariantPrice { amount } maxVariantPrice { amount } } }
    productVariants { id title sku position price { amount } quantityAvailable }
    userErrors { field code message }
  }
}"""
BULK_UPDATE = """
mutation ($productId: ID!, $variants: [ProductVariantBulkUpdateInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    product { priceRange { minVariantPrice { amount } maxVariantPrice { amount } }
              compareAtPriceRange { maxVariantPrice { amount } } }
    productVariants { id title sku price { amount } compareAtPrice { amount } barcode }
    userErrors { field code }
  }
}"""
CREATE_IDS_ONLY = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { id } userErrors { field code } }
}"""


async def test_statement_count_does_not_grow_with_variants(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter
) -> None:
    tenant = await tenants.create("Budget")
    values = [f"V{n}" for n in range(50)]

    async def create(count: int, title: str) -> int:
        variables = {
            "input": {
                "storeId": tenant.store_gid,
                "title": title,
                "options": [{"name": "Model", "values": values}],
                "variants": [
                    {
                        "price": f"{n}.50",
                        "sku": f"{title}-{n}",
                        "optionValues": [values[n]],
                        "inventoryQuantity": n,
                    }
                    for n in range(count)
                ],
            }
        }
        with sql_counter.measure() as statements:
            body = await call(client, CREATE_IDS_ONLY, variables, tenant.staff)
        assert body["data"]["productCreate"]["userErrors"] == []
        return len(statements)

    await create(1, "warm-up")
    one, fifty = await create(1, "one"), await create(50, "fifty")
    assert one == fifty
    # The pipeline's savepoint and the service's, store, SKUs, handle, 4 INSERTs, release;
    # then the payload's product.
    assert fifty <= 13, sql_counter.statements


async def test_bulk_statement_counts_do_not_grow_with_variants(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter
) -> None:
    tenant = await tenants.create("Bulk budget")
    counts = []
    for size in (1, 30):
        product = await create_product(
            client, tenant, title=f"P{size}", options=[{"name": "N", "values": ["base"]}]
        )
        new = [
            {"price": "1.00", "sku": f"{size}-{n}", "optionValues": [f"n{n}"]} for n in range(size)
        ]
        with sql_counter.measure() as created:
            body = await call(
                client, BULK_CREATE, {"productId": product["id"], "variants": new}, tenant.staff
            )
        variants = body["data"]["productVariantsBulkCreate"]["productVariants"]
        assert len(variants) == size
        changes = [
            {
                "id": v["id"],
                "price": "2.00",
                "sku": f"new-{v['sku']}",
                "optionValues": [f"x{v['title']}"],
            }
            for v in variants
        ]
        with sql_counter.measure() as updated:
            body = await call(
                client, BULK_UPDATE, {"productId": product["id"], "variants": changes}, tenant.staff
            )
        assert body["data"]["productVariantsBulkUpdate"]["userErrors"] == []
        assert len(body["data"]["productVariantsBulkUpdate"]["productVariants"]) == size
        counts.append((len(created), len(updated)))
    assert counts[0] == counts[1]
