"""ALIEXPRESS: the AliExpress Open Platform dropshipping API (`aliexpress.ds.*`).

Every call is a form POST to `{base}/sync` with the system parameters `app_key`,
`timestamp` (ms), `sign_method=sha256`, `method`, `access_token`, and `sign`: the
upper-case hex HMAC-SHA256, keyed by the app secret, of the parameters sorted by name and
concatenated as name+value (the token endpoints `/rest/auth/token/create|refresh` prefix
that string with their path), which is how the platform's own SDK signs.

Freight: `aliexpress.ds.freight.query` for one unit of the product (its first SKU) to
`ship_to`, in the product's currency; the cheapest option (`shipping_fee_cent`, in cents, or
0 when `free_shipping`) becomes the variants' shipping estimate (the pricing rule adds it to
the cost), asked once per product and run (the adapter lives for one run). No option, or a
refused query, leaves the estimate at 0.

Tokens: an authorization `code` (from the seller's consent) is exchanged for an access and
refresh token on first use; an expired access token is refreshed once and the call repeated.
New tokens are kept in `refreshed_tokens()` for the caller to store back (encrypted).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import time
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from app.suppliers.adapters.base import (
    Catalog,
    ItemError,
    PlacedOrder,
    SupplierError,
    SupplierOrderRequest,
    SupplierProduct,
    SupplierVariant,
    Tracking,
)
from app.suppliers.adapters.http import SupplierHttp

log = logging.getLogger("edestory.suppliers.aliexpress")
EXPIRED = frozenset({"IllegalAccessToken", "ExpiredAccessToken", "AccessTokenExpired"})


def sign(secret: str, params: Mapping[str, str], api_path: str = "") -> str:
    """The platform's signature of `params` (without `sign`)."""
    message = api_path + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign")
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256)
    return digest.hexdigest().upper()


class AliExpressAdapter:
    def __init__(
        self,
        http: SupplierHttp,
        *,
        base: str,
        credentials: Mapping[str, str],
        ship_to: str = "ES",
        currency: str = "USD",
    ) -> None:
        self.http = http
        self.base = base.rstrip("/")
        self.app_key = credentials["appKey"]
        self.secret = credentials["appSecret"]
        self.access_token = credentials.get("accessToken")
        self.refresh_token = credentials.get("refreshToken")
        self.code = credentials.get("code")
        self.ship_to = ship_to
        self.currency = currency
        self._refreshed: dict[str, str] = {}
        self._freight: dict[tuple[str, str], Decimal | None] = {}

    def _system(self) -> dict[str, str]:
        return {
            "app_key": self.app_key,
            "timestamp": str(int(time.time() * 1000)),
            "sign_method": "sha256",
        }

    async def _post(self, url: str, params: dict[str, str], api_path: str = "") -> Any:
        params["sign"] = sign(self.secret, params, api_path)
        response = await self.http.request("POST", url, data=params)
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            raise SupplierError(f"AliExpress answered {response.status_code} without JSON") from exc

    async def _token(self, path: str, extra: dict[str, str]) -> None:
        body = await self._post(f"{self.base}/rest{path}", {**self._system(), **extra}, path)
        if not body.get("access_token"):
            raise SupplierError(
                f"AliExpress refused the token request: {body.get('code') or body.get('message')}"
            )
        self.access_token = str(body["access_token"])
        self.refresh_token = str(body.get("refresh_token") or self.refresh_token or "")
        self._refreshed.update(accessToken=self.access_token, refreshToken=self.refresh_token)
        if self.code is not None:  # a code is good for one exchange: drop it once used
            self._refreshed["code"] = ""
            self.code = None

    async def call(self, method: str, params: Mapping[str, str]) -> Any:
        """One business method; the `{method}_response` object of the answer."""
        if self.access_token is None:
            if self.code is None:
                raise SupplierError("The AliExpress connection has no accessToken or code")
            await self._token("/auth/token/create", {"code": self.code})
        for attempt in range(2):
            system = {**self._system(), "method": method, "access_token": self.access_token or ""}
            body = await self._post(f"{self.base}/sync", {**system, **params})
            code = str(body.get("code") or body.get("error_response", {}).get("code") or "")
            if code in EXPIRED and attempt == 0 and self.refresh_token:
                await self._token("/auth/token/refresh", {"refresh_token": self.refresh_token})
                continue
            if code and code != "0":
                message = body.get("message") or body.get("error_response", {}).get("msg") or ""
                raise SupplierError(f"AliExpress {method} refused: {code} {message}".strip())
            return body.get(method.replace(".", "_") + "_response", {})
        raise SupplierError(f"AliExpress {method}: the access token was refused after a refresh")

    async def fetch_product(self, supplier_product_id: str) -> SupplierProduct | None:
        answer = await self.call(
            "aliexpress.ds.product.get",
            {
                "product_id": supplier_product_id,
                "ship_to_country": self.ship_to,
                "target_currency": self.currency,
                "target_language": "en",
            },
        )
        result = answer.get("result")
        if not result:
            return None
        product = _product(supplier_product_id, result, self.currency)
        skus = result.get("ae_item_sku_info_dtos", {}).get("ae_item_sku_info_d_t_o", [])
        first_sku = str(skus[0].get("sku_id") or "") if skus else ""
        shipping = await self.freight(supplier_product_id, first_sku)
        if shipping is None:
            return product
        return dataclasses.replace(
            product,
            variants=tuple(dataclasses.replace(v, shipping=shipping) for v in product.variants),
        )

    async def freight(self, supplier_product_id: str, sku_id: str = "") -> Decimal | None:
        """The cheapest delivery of one unit to `ship_to` (cached for the run)."""
        key = (supplier_product_id, self.ship_to)
        if key not in self._freight:
            self._freight[key] = await self._ask_freight(supplier_product_id, sku_id)
        return self._freight[key]

    async def _ask_freight(self, supplier_product_id: str, sku_id: str) -> Decimal | None:
        request = {
            "productId": supplier_product_id,
            "selectedSkuId": sku_id,
            "quantity": 1,
            "shipToCountry": self.ship_to,
            "currency": self.currency,
            "language": "en_US",
            "locale": "en_US",
        }
        try:
            answer = await self.call(
                "aliexpress.ds.freight.query",
                {"queryDeliveryReq": orjson.dumps(request).decode()},
            )
        except SupplierError as exc:
            if exc.retryable:
                raise
            log.warning("freight of %s: %s", supplier_product_id, exc)
            return None
        options = (answer.get("result") or {}).get("delivery_options") or []
        if isinstance(options, dict):  # the gateway's wrapping of a list
            options = options.get("delivery_option_d_t_o") or []
        fees = [
            Decimal(0) if o.get("free_shipping") else _decimal(o.get("shipping_fee_cent"))
            for o in options
        ]
        known = [f / 100 for f in fees if f is not None and f >= 0]
        return min(known) if known else None

    async def fetch_products(self, ids: list[str] | None = None) -> Catalog:
        if ids is None:
            raise SupplierError("AliExpress products are fetched by id: give supplierProductIds")
        catalog = Catalog()
        for product_id in ids:
            try:
                product = await self.fetch_product(product_id)
            except SupplierError as exc:
                if exc.retryable:
                    raise
                catalog.errors.append(ItemError(product_id, str(exc)))
                continue
            if product is not None:
                catalog.products.append(product)
        return catalog

    async def place_order(self, order: SupplierOrderRequest) -> PlacedOrder:
        request = {
            "out_order_id": order.out_order_id,
            "logistics_address": {
                "contact_person": order.name,
                "address": order.address1,
                "address2": order.address2,
                "city": order.city,
                "province": order.province,
                "zip": order.zip,
                "country": order.country_code,
                "mobile_no": order.phone,
            },
            "product_items": [
                {
                    "product_id": line.supplier_product_id,
                    "sku_attr": line.sku,
                    "product_count": line.quantity,
                }
                for line in order.lines
            ],
        }
        answer = await self.call(
            "aliexpress.ds.order.create",
            {"param_place_order_request4_open_api_d_t_o": orjson.dumps(request).decode()},
        )
        result = answer.get("result") or {}
        if not result.get("is_success") or not result.get("order_list"):
            reason = f"{result.get('error_code')} {result.get('error_msg')}"
            raise SupplierError(f"AliExpress refused the order: {reason}")
        return PlacedOrder(str(result["order_list"][0]))

    async def fetch_tracking(self, supplier_order_id: str) -> Tracking:
        answer = await self.call(
            "aliexpress.ds.order.tracking.get",
            {"ae_order_id": supplier_order_id, "language": "en_US"},
        )
        lines = (answer.get("result") or {}).get("data", {}).get("tracking_detail_line_list", [])
        if not lines:
            return Tracking("NONE")
        line = lines[0]
        nodes = line.get("detail_node_list", [])
        delivered = any(str(n.get("tracking_name", "")).upper() == "DELIVERED" for n in nodes)
        return Tracking(
            "DELIVERED" if delivered else "IN_TRANSIT",
            line.get("mail_no"),
            line.get("carrier_name"),
        )

    def refreshed_tokens(self) -> Mapping[str, str]:
        return dict(self._refreshed)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _product(product_id: str, result: Mapping[str, Any], currency: str) -> SupplierProduct:
    base = result.get("ae_item_base_info_dto", {})
    skus = result.get("ae_item_sku_info_dtos", {}).get("ae_item_sku_info_d_t_o", [])
    images = str(result.get("ae_multimedia_info_dto", {}).get("image_urls", "")).split(";")
    variants = []
    for sku in skus:
        properties = sku.get("ae_sku_property_dtos", {}).get("ae_sku_property_d_t_o", [])
        options = tuple(
            (
                str(p.get("sku_property_name")),
                str(p.get("property_value_definition_name") or p.get("sku_property_value")),
            )
            for p in properties
        )
        cost = _decimal(sku.get("offer_sale_price") or sku.get("sku_price"))
        if cost is None:
            continue
        stock = int(sku.get("sku_available_stock") or 0)
        variants.append(
            SupplierVariant(
                sku=str(sku.get("sku_attr") or sku.get("sku_id")),
                title=" / ".join(v for _, v in options) or str(base.get("subject", "")),
                cost=cost,
                currency=str(sku.get("currency_code") or currency),
                stock=stock,
                available=stock > 0,
                options=options,
            )
        )
    return SupplierProduct(
        supplier_product_id=product_id,
        title=str(base.get("subject", "")),
        description=str(base.get("detail", "")),
        variants=tuple(variants),
        images=tuple(i for i in images if i),
    )
