"""A local CJ Dropshipping API 2.0 stand-in: token issue and refresh, products, variant
stock, orders keyed by orderNumber, order detail; CJ's {code, result, message, data}."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tests.suppliers.stubs import Answer, Request, StubServer

API_KEY = "CJ-stub-api-key-0001"


def _json(code: int, data: Any = None, message: str = "Success") -> Answer:
    body = {"code": code, "result": code == 200, "message": message, "data": data}
    return 200, {"content-type": "application/json"}, json.dumps(body).encode()


@dataclass
class CJStub:
    server: StubServer = field(default_factory=StubServer)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)  # orderNumber -> order
    freight: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # vid -> options
    token: str = "cj-token-1"
    base: str = ""

    def start(self) -> str:
        routes = self.server.routes
        routes[("POST", "/authentication/getAccessToken")] = self._get_token
        routes[("POST", "/authentication/refreshAccessToken")] = self._refresh
        routes[("GET", "/product/query")] = self._authorized(self._product)
        routes[("GET", "/product/stock/queryByVid")] = self._authorized(self._stock)
        routes[("POST", "/shopping/order/createOrderV2")] = self._authorized(self._order)
        routes[("GET", "/shopping/order/getOrderDetail")] = self._authorized(self._detail)
        routes[("POST", "/logistic/freightCalculate")] = self._authorized(self._freight)
        self.base = self.server.start()
        return self.base

    def stop(self) -> None:
        self.server.stop()

    def ship(self, order_number: str, track_number: str, *, delivered: bool = False) -> None:
        """The order is shipped with `track_number` (and delivered), as getOrderDetail says."""
        order = self.orders[order_number]
        order["trackNumber"] = track_number
        order["orderStatus"] = "DELIVERED" if delivered else "SHIPPED"

    def _issue(self) -> Answer:
        n = int(self.token.rsplit("-", 1)[1]) + 1
        self.token = f"cj-token-{n}"
        return _json(200, {"accessToken": self.token, "refreshToken": f"cj-refresh-{n}"})

    def _get_token(self, request: Request) -> Answer:
        if json.loads(request.body).get("apiKey") != API_KEY:
            return _json(1600100, None, "apiKey is wrong")
        return self._issue()

    def _refresh(self, request: Request) -> Answer:
        if not json.loads(request.body).get("refreshToken", "").startswith("cj-refresh-"):
            return _json(1600003, None, "Refresh token is invalid")
        return self._issue()

    def _authorized(self, handler: Any) -> Any:
        def check(request: Request) -> Answer:
            if request.headers.get("cj-access-token") != self.token:
                return _json(1600001, None, "Invalid API key or access token")
            result: Answer = handler(request)
            return result

        return check

    def _product(self, request: Request) -> Answer:
        product = self.products.get(request.query.get("pid", ""))
        if product is None:
            return _json(1600200, None, "Product does not exist")
        return _json(200, product)

    def _stock(self, request: Request) -> Answer:
        vid = request.query["vid"]
        return _json(
            200, [{"vid": vid, "areaEn": "China", "totalInventoryNum": self.stock.get(vid, 0)}]
        )

    def _order(self, request: Request) -> Answer:
        body = json.loads(request.body)
        number = body["orderNumber"]
        if number in self.orders:
            return _json(200, {"orderId": self.orders[number]["orderId"]})
        self.orders[number] = {
            "orderId": f"CJ{len(self.orders) + 1:06d}",
            "body": body,
            "orderStatus": "UNSHIPPED",
            "trackNumber": None,
        }
        return _json(200, {"orderId": self.orders[number]["orderId"]})

    def _freight(self, request: Request) -> Answer:
        body = json.loads(request.body)
        return _json(200, self.freight.get(body["products"][0]["vid"], []))

    def _detail(self, request: Request) -> Answer:
        for order in self.orders.values():
            if order["orderId"] == request.query.get("orderId"):
                return _json(
                    200,
                    {
                        "orderId": order["orderId"],
                        "orderStatus": order["orderStatus"],
                        "trackNumber": order["trackNumber"],
                        "logisticName": "CJPacket",
                    },
                )
        return _json(1600200, None, "Order does not exist")
