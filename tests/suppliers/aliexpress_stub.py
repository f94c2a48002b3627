"""A local AliExpress Open Platform stand-in: checks every request's HMAC-SHA256 signature
as the platform does (sorted name+value pairs, token endpoints prefixed with their path,
upper-case hex keyed by the app secret) and answers in the platform's envelopes."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from tests.suppliers.stubs import Answer, Request, StubServer

APP_KEY, APP_SECRET = "501234", "stub-app-secret-0123456789"


def _json(body: dict[str, Any]) -> Answer:
    return 200, {"content-type": "application/json"}, json.dumps(body).encode()


@dataclass
class AliExpressStub:
    server: StubServer = field(default_factory=StubServer)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    orders: dict[str, str] = field(default_factory=dict)  # out_order_id -> order id
    tracking: dict[str, dict[str, Any]] = field(default_factory=dict)
    # product id -> delivery options of aliexpress.ds.freight.query (none: no option)
    freight: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    access_token: str = "access-1"
    refresh_token: str = "refresh-1"
    bad_signatures: int = 0
    first_order_id: int = 8000000000
    base: str = ""

    def start(self) -> str:
        self.server.routes[("POST", "/sync")] = self._sync
        self.server.routes[("POST", "/rest/auth/token/create")] = self._token
        self.server.routes[("POST", "/rest/auth/token/refresh")] = self._token
        self.base = self.server.start()
        return self.base

    def stop(self) -> None:
        self.server.stop()

    def ship(self, out_order_id: str, mail_no: str, *, delivered: bool = False) -> None:
        """The order's parcel is on its way with `mail_no` (and arrived when `delivered`), as
        aliexpress.ds.order.tracking.get then answers."""
        nodes = [{"tracking_name": "Shipped", "tracking_detail_desc": "Left the warehouse"}]
        if delivered:
            nodes.append({"tracking_name": "Delivered", "tracking_detail_desc": "Delivered"})
        self.tracking[self.orders[out_order_id]] = {
            "tracking_detail_line_list": [
                {"mail_no": mail_no, "carrier_name": "Cainiao", "detail_node_list": nodes}
            ]
        }

    def _verified(self, request: Request, api_path: str = "") -> dict[str, str] | None:
        params = dict(parse_qsl(request.body.decode()))
        given = params.pop("sign", "")
        message = api_path + "".join(f"{k}{params[k]}" for k in sorted(params))
        expected = hmac.new(APP_SECRET.encode(), message.encode(), hashlib.sha256)
        fresh = abs(int(params.get("timestamp", "0")) / 1000 - time.time()) < 900
        if (
            params.get("app_key") != APP_KEY
            or params.get("sign_method") != "sha256"
            or not fresh
            or not hmac.compare_digest(given, expected.hexdigest().upper())
        ):
            self.bad_signatures += 1
            return None
        return params

    def _token(self, request: Request) -> Answer:
        params = self._verified(request, request.path.removeprefix("/rest"))
        if params is None:
            return _json(
                {
                    "code": "IncompleteSignature",
                    "message": "The request signature does not conform to platform standards",
                }
            )
        if params.get("refresh_token") not in (None, self.refresh_token) or (
            "code" in params and params["code"] != "auth-code"
        ):
            return _json({"code": "InvalidCode", "message": "invalid"})
        n = int(self.access_token.split("-")[1]) + 1
        self.access_token, self.refresh_token = f"access-{n}", f"refresh-{n}"
        return _json(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_in": 86400,
                "code": "0",
            }
        )

    def _sync(self, request: Request) -> Answer:
        params = self._verified(request)
        if params is None:
            return _json(
                {
                    "code": "IncompleteSignature",
                    "message": "The request signature does not conform to platform standards",
                }
            )
        if params.get("access_token") != self.access_token:
            return _json(
                {
                    "code": "IllegalAccessToken",
                    "message": "The specified access token is invalid or expired",
                }
            )
        method = params["method"]
        key = method.replace(".", "_") + "_response"
        if method == "aliexpress.ds.product.get":
            product = self.products.get(params["product_id"])
            return _json({key: {"result": product, "rsp_code": 200 if product else 404}})
        if method == "aliexpress.ds.order.create":
            order = json.loads(params["param_place_order_request4_open_api_d_t_o"])
            out = order["out_order_id"]
            if any(p["product_id"] not in self.products for p in order["product_items"]):
                return _json(
                    {
                        key: {
                            "result": {
                                "is_success": False,
                                "error_code": "B_DROPSHIPPER_DELIVERY_ADDRESS_VALIDATE_FAIL",
                                "error_msg": "unknown product",
                            }
                        }
                    }
                )
            order_id = self.orders.setdefault(out, str(self.first_order_id + len(self.orders)))
            return _json({key: {"result": {"is_success": True, "order_list": [int(order_id)]}}})
        if method == "aliexpress.ds.freight.query":
            asked = json.loads(params["queryDeliveryReq"])
            options = self.freight.get(asked["productId"], [])
            return _json(
                {
                    key: {
                        "result": {
                            "success": True,
                            "delivery_options": {"delivery_option_d_t_o": options},
                        }
                    }
                }
            )
        if method == "aliexpress.ds.order.tracking.get":
            data = self.tracking.get(params["ae_order_id"], {"tracking_detail_line_list": []})
            return _json({key: {"result": {"data": data, "ret": True}}})
        return _json({"code": "InvalidApiPath", "message": method})


def fresh_aliexpress() -> AliExpressStub:
    """A stand-in whose tokens and order ids no other test's connection holds. A worker
    serves every tenant, so it also asks about other tests' orders against this stand-in:
    with the same numbers, one of them could refresh the token this test's connection was
    given, or ask about an order id this test counts."""
    n = random.randrange(1, 10**9)
    return AliExpressStub(
        access_token=f"access-{n * 1000}",
        refresh_token=f"refresh-{n * 1000}",
        first_order_id=n * 10**6,
    )


def product(
    product_id: str, *skus: tuple[str, str, str, int], images: str = "https://ae01.example"
) -> dict[str, Any]:
    """A product as aliexpress.ds.product.get answers it; skus: (sku_attr, color, price, stock);
    its image at `{images}/{product_id}.jpg`."""
    return {
        "ae_item_base_info_dto": {
            "product_id": int(product_id),
            "subject": f"Product {product_id}",
            "detail": "<p>Nice</p>",
        },
        "ae_multimedia_info_dto": {"image_urls": f"{images}/{product_id}.jpg"},
        "ae_item_sku_info_dtos": {
            "ae_item_sku_info_d_t_o": [
                {
                    "sku_id": f"{product_id}{index}",
                    "sku_attr": attr,
                    "offer_sale_price": price,
                    "sku_available_stock": stock,
                    "currency_code": "USD",
                    "ae_sku_property_dtos": {
                        "ae_sku_property_d_t_o": [
                            {"sku_property_name": "Color", "sku_property_value": color}
                        ]
                    },
                }
                for index, (attr, color, price, stock) in enumerate(skus)
            ]
        },
    }
