"""CORS for browsers calling /graphql: each store's own domains, and origins from settings.

A Next.js storefront calling from the browser sends a preflight OPTIONS carrying
`X-Storefront-Token`; it used to get 405. Two kinds of origin are allowed:

- a store's domain (`storeCreate`/`storeUpdate`, looked up like a Host-routed storefront,
  through the authenticator's short cache), with the storefront's headers;
- `EDESTORY_CORS_ORIGINS` (the merchant dashboard, a preview host), which may also send
  `Authorization`: staff and API-key calls from a browser come only from there.

Credentials travel in headers, never cookies, so no origin gets
Access-Control-Allow-Credentials, and `*` is never answered. Every answer to an allowed
origin exposes `X-Request-Id` and `X-Edestory-Lsn` (the WAL position a storefront sends back
for read-your-writes with read replicas). A preflight from another origin gets 400, as
Starlette's CORSMiddleware answers it; a plain request from one is served without CORS
headers, which the browser then withholds from the page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

STOREFRONT_HEADERS = (
    "accept",
    "accept-language",
    "content-type",
    "x-request-id",
    "x-storefront-token",
    "x-edestory-lsn",  # read-your-writes with read replicas (app/graphql/read_routing.py)
)
STAFF_HEADERS = (*STOREFRONT_HEADERS, "authorization", "idempotency-key")
METHODS = "GET, POST"
MAX_AGE = "600"
PATHS = frozenset({"/graphql"})
EXPOSED = b"X-Request-Id, X-Edestory-Lsn"


def _host(origin: str) -> str | None:
    try:
        parts = urlsplit(origin)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower()


class CorsMiddleware:
    def __init__(self, app: ASGIApp, origins: tuple[str, ...] = ()) -> None:
        self.app = app
        self.staff_origins = frozenset(o.rstrip("/").lower() for o in origins)

    async def _allowed_headers(self, scope: Scope, origin: str) -> tuple[str, ...] | None:
        """The headers `origin` may send, or None when it is not allowed."""
        if origin.lower() in self.staff_origins:
            return STAFF_HEADERS
        host = _host(origin)
        if host is None:
            return None
        app = scope.get("app")
        state = getattr(app, "state", None)
        authenticator = getattr(state, "authenticator", None)
        resources = getattr(state, "resources", None)
        if authenticator is None or resources is None:
            return None
        if await authenticator.is_store_domain(host, resources):
            return STOREFRONT_HEADERS
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        if not origin:
            await self.app(scope, receive, send)
            return
        allowed = await self._allowed_headers(scope, origin)
        preflight = scope.get("method") == "OPTIONS" and b"access-control-request-method" in headers
        if preflight:
            await self._preflight(send, origin, allowed)
            return
        if allowed is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"access-control-allow-origin", origin.encode("latin-1")),
                    (b"access-control-expose-headers", EXPOSED),
                    (b"vary", b"Origin"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _preflight(self, send: Send, origin: str, allowed: tuple[str, ...] | None) -> None:
        if allowed is None:
            body = b"Disallowed CORS origin"
            await send(
                {
                    "type": "http.response.start",
                    "status": 400,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"vary", b"Origin"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [
                    (b"access-control-allow-origin", origin.encode("latin-1")),
                    (b"access-control-allow-methods", METHODS.encode()),
                    (b"access-control-allow-headers", ", ".join(allowed).encode()),
                    (b"access-control-expose-headers", EXPOSED),
                    (b"access-control-max-age", MAX_AGE.encode()),
                    (b"vary", b"Origin"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})
