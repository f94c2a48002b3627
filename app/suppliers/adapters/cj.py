"""CJ: CJ Dropshipping API 2.0 (JSON over HTTPS, `CJ-Access-Token` header).

Tokens: `POST /authentication/getAccessToken` with the API key gives an access token (valid
~15 days) and a refresh token; an answer that the token is invalid or expired (codes
1600001/1600003) refreshes it once (`/authentication/refreshAccessToken`) and repeats the
call. CJ allows about one request per second per account on its base tier: the registry
gives CJ connections a bucket of that rate, shared by every worker.

Products: `GET /product/query?pid=` (variants with `vid`, `variantSku`, `variantSellPrice`
in USD), stock per variant `GET /product/stock/queryByVid?vid=`; orders
`POST /shopping/order/createOrderV2` with our order id as `orderNumber` (CJ refuses a
second order with the same number); tracking from `GET /shopping/order/getOrderDetail`.

Freight: `POST /logistic/freightCalculate` for one unit of the product's first variant from
CN to `ship_to`; the cheapest `logisticPrice` (USD) becomes the variants' shipping estimate,
asked once per product and run. No option, or a refused query, leaves the estimate at 0.
"""

from __future__ import annotations

import dataclasses
import logging
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

log = logging.getLogger("edestory.suppliers.cj")
EXPIRED = frozenset({1600001, 1600003})


class CJAdapter:
    def __init__(
        self,
        http: SupplierHttp,
        *,
        base: str,
        credentials: Mapping[str, str],
        ship_to: str = "ES",
    ) -> None:
        self.http = http
        self.ship_to = ship_to
        self._freight: dict[tuple[str, str], Decimal | None] = {}
        self.base = base.rstrip("/")
        self.api_key = credentials["apiKey"]
        self.access_token = credentials.get("accessToken")
        self.refresh_token = credentials.get("refreshToken")
        self._refreshed: dict[str, str] = {}

    async def _send(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"CJ-Access-Token": self.access_token} if self.access_token else {}
        response = await self.http.request(method, f"{self.base}{path}", headers=headers, **kwargs)
        try:
            body: dict[str, Any] = orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            raise SupplierError(f"CJ answered {response.status_code} without JSON") from exc
        return body

    async def _authenticate(self) -> None:
        if self.refresh_token:
            body = await self._send(
                "POST",
                "/authentication/refreshAccessToken",
                json={"refreshToken": self.refresh_token},
            )
            if body.get("code") == 200:
                self._keep(body)
                return
        body = await self._send(
            "POST", "/authentication/getAccessToken", json={"apiKey": self.api_key}
        )
        if body.get("code") != 200:
            raise SupplierError(f"CJ refused the API key: {body.get('message')}")
        self._keep(body)

    def _keep(self, body: Mapping[str, Any]) -> None:
        data = body.get("data") or {}
        self.access_token = str(data["accessToken"])
        self.refresh_token = str(data.get("refreshToken") or self.refresh_token or "")
        self._refreshed.update(accessToken=self.access_token, refreshToken=self.refresh_token)

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        if self.access_token is None:
            await self._authenticate()
        for attempt in range(2):
            body = await self._send(method, path, **kwargs)
            if body.get("code") in EXPIRED and attempt == 0:
                self.access_token = None
                await self._authenticate()
                continue
            if body.get("code") != 200:
                raise SupplierError(f"CJ {path} refused: {body.get('code')} {body.get('message')}")
            return body.get("data")
        raise SupplierError(f"CJ {path}: the access token was refused after a refresh")

    async def fetch_product(self, supplier_product_id: str) -> SupplierProduct | None:
        try:
            data = await self.call("GET", "/product/query", params={"pid": supplier_product_id})
        except SupplierError as exc:
            if "not exist" in str(exc).lower() or "not found" in str(exc).lower():
                return None
            raise
        if not data:
            return None
        variants = []
        for variant in data.get("variants") or []:
            stock = await self._stock(str(variant["vid"]))
            try:
                cost = Decimal(str(variant.get("variantSellPrice")))
            except InvalidOperation:
                continue
            key = str(variant.get("variantKey") or "")
            variants.append(
                SupplierVariant(
                    sku=str(variant["vid"]),
                    title=key or str(variant.get("variantNameEn") or data.get("productNameEn")),
                    cost=cost,
                    currency="USD",
                    stock=stock,
                    available=stock > 0,
                    options=(("Variant", key),) if key else (),
                    image_url=variant.get("variantImage"),
                )
            )
        image = data.get("productImage")
        shipping = await self.freight(supplier_product_id, variants[0].sku) if variants else None
        if shipping is not None:
            variants = [dataclasses.replace(v, shipping=shipping) for v in variants]
        return SupplierProduct(
            supplier_product_id=supplier_product_id,
            title=str(data.get("productNameEn") or ""),
            description=str(data.get("description") or ""),
            variants=tuple(variants),
            images=(str(image),) if image else (),
        )

    async def freight(self, supplier_product_id: str, vid: str) -> Decimal | None:
        """The cheapest delivery of one unit to `ship_to` (cached for the run)."""
        key = (supplier_product_id, self.ship_to)
        if key not in self._freight:
            self._freight[key] = await self._ask_freight(vid)
        return self._freight[key]

    async def _ask_freight(self, vid: str) -> Decimal | None:
        body = {
            "startCountryCode": "CN",
            "endCountryCode": self.ship_to,
            "products": [{"quantity": 1, "vid": vid}],
        }
        try:
            options = await self.call("POST", "/logistic/freightCalculate", json=body) or []
        except SupplierError as exc:
            if exc.retryable:
                raise
            log.warning("freight of %s: %s", vid, exc)
            return None
        fees = []
        for option in options:
            try:
                fees.append(Decimal(str(option.get("logisticPrice"))))
            except InvalidOperation:
                continue
        known = [f for f in fees if f.is_finite() and f >= 0]
        return min(known) if known else None

    async def _stock(self, vid: str) -> int:
        rows = await self.call("GET", "/product/stock/queryByVid", params={"vid": vid}) or []
        return sum(int(r.get("totalInventoryNum") or r.get("storageNum") or 0) for r in rows)

    async def fetch_products(self, ids: list[str] | None = None) -> Catalog:
        if ids is None:
            raise SupplierError("CJ products are fetched by id: give supplierProductIds")
        catalog = Catalog()
        for pid in ids:
            try:
                product = await self.fetch_product(pid)
            except SupplierError as exc:
                if exc.retryable:
                    raise
                catalog.errors.append(ItemError(pid, str(exc)))
                continue
            if product is not None:
                catalog.products.append(product)
        return catalog

    async def place_order(self, order: SupplierOrderRequest) -> PlacedOrder:
        data = await self.call(
            "POST",
            "/shopping/order/createOrderV2",
            json={
                "orderNumber": order.out_order_id,
                "shippingCountryCode": order.country_code,
                "shippingCustomerName": order.name,
                "shippingAddress": order.address1,
                "shippingAddress2": order.address2,
                "shippingCity": order.city,
                "shippingProvince": order.province,
                "shippingZip": order.zip,
                "shippingPhone": order.phone,
                "fromCountryCode": "CN",
                "logisticName": "CJPacket",
                "products": [{"vid": line.sku, "quantity": line.quantity} for line in order.lines],
            },
        )
        return PlacedOrder(str((data or {})["orderId"]))

    async def fetch_tracking(self, supplier_order_id: str) -> Tracking:
        data = (
            await self.call(
                "GET", "/shopping/order/getOrderDetail", params={"orderId": supplier_order_id}
            )
            or {}
        )
        number = data.get("trackNumber") or None
        if data.get("orderStatus") == "DELIVERED":
            return Tracking("DELIVERED", number, data.get("logisticName"))
        if number:
            return Tracking("IN_TRANSIT", number, data.get("logisticName"))
        return Tracking("NONE")

    def refreshed_tokens(self) -> Mapping[str, str]:
        return dict(self._refreshed)
