"""FEED: a product feed URL in Google Merchant Center format (parsing in feed_parse.py).

The feed is fetched whole for each run (one GET, streamed, refused past
`feed_max_bytes`, 50 MB by default), after the SSRF check of its host; optional basic-auth
credentials. Orders and tracking are not something a feed can do: those raise a
SupplierError saying so (a feed's products are fulfilled by staff).
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from app.suppliers.adapters.base import (
    Catalog,
    PlacedOrder,
    SupplierError,
    SupplierOrderRequest,
    SupplierProduct,
    Tracking,
)
from app.suppliers.adapters.feed_parse import parse_feed
from app.suppliers.adapters.http import SupplierHttp
from app.suppliers.adapters.ssrf import UnsafeDestinationError, check_url, pinned_client


class FeedAdapter:
    def __init__(
        self,
        http: SupplierHttp,
        *,
        url: str,
        credentials: Mapping[str, str],
        max_bytes: int,
        allow_private: bool,
    ) -> None:
        self.http = http
        self.url = url
        self.credentials = credentials
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self._catalog: Catalog | None = None

    async def download(self) -> bytes:
        await check_url(self.url, allow_private=self.allow_private)
        auth = None
        if "username" in self.credentials:
            auth = httpx.BasicAuth(
                self.credentials["username"], self.credentials.get("password", "")
            )
        limit_mb = self.max_bytes / (1024 * 1024)
        too_big = f"The feed is larger than {limit_mb:g} MB (EDESTORY_FEED_MAX_BYTES)"
        # Streamed, so a huge feed is cut off at the limit instead of being read into memory;
        # a failure is retryable by the run (a job retry), not here: a feed is one request.
        await self.http.take_token()
        # Its own client: the request connects only to the address that was checked.
        pinned = pinned_client(allow_private=self.allow_private, timeout=self.http.client.timeout)
        async with pinned, pinned.stream("GET", self.url, auth=auth, follow_redirects=False) as r:
            if r.status_code != 200:
                raise SupplierError(
                    f"The feed URL answered {r.status_code}", retryable=r.status_code >= 500
                )
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise SupplierError(too_big)
            chunks, size = [], 0
            async for chunk in r.aiter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise SupplierError(too_big)
                chunks.append(chunk)
        return b"".join(chunks)

    async def catalog(self) -> Catalog:
        if self._catalog is None:
            try:
                content = await self.download()
            except UnsafeDestinationError as exc:  # the address checked as it was connected to
                raise SupplierError(str(exc).replace("The host", "The feed host", 1)) from exc
            except httpx.TimeoutException as exc:
                raise SupplierError("The feed URL timed out", retryable=True) from exc
            except httpx.TransportError as exc:
                raise SupplierError(
                    f"The feed URL could not be reached ({type(exc).__name__})", retryable=True
                ) from exc
            self._catalog = parse_feed(content)
        return self._catalog

    async def fetch_products(self, ids: list[str] | None = None) -> Catalog:
        catalog = await self.catalog()
        if ids is None:
            return catalog
        wanted = set(ids)
        return Catalog(
            [p for p in catalog.products if p.supplier_product_id in wanted], catalog.errors
        )

    async def fetch_product(self, supplier_product_id: str) -> SupplierProduct | None:
        found = (await self.fetch_products([supplier_product_id])).products
        return found[0] if found else None

    async def place_order(self, order: SupplierOrderRequest) -> PlacedOrder:
        raise SupplierError("A product feed cannot take orders; fulfil this one by hand")

    async def fetch_tracking(self, supplier_order_id: str) -> Tracking:
        raise SupplierError("A product feed has no tracking")

    def refreshed_tokens(self) -> Mapping[str, str]:
        return {}
