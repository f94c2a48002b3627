"""The websocket side of /graphql: graphql-transport-ws, text frames, subscriptions only."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, OperationType, get_operation_ast, parse
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ErrorMessage,
    Message,
    SubscribeMessage,
)

from app.graphql.context import Context


class TextFrameWebSocketAdapter(ASGIWebSocketAdapter):
    """graphql-transport-ws messages are text frames; browser clients refuse binary ones,
    which is what Strawberry sends when the view's `encode_json` returns bytes (orjson)."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(self.view.encode_json_string(message))
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


def init_credential(params: Mapping[str, Any] | None, conn: HTTPConnection) -> HTTPConnection:
    """The connection to authenticate: the socket's own, or, when connection_init carries
    `{"Authorization": "Bearer ..."}` (browsers cannot set headers on a websocket), the
    socket with that header instead of its own credential headers."""
    value = next(
        (v for k, v in (params or {}).items() if k.lower() == "authorization"),
        None,
    )
    if not isinstance(value, str):
        return conn
    headers = [
        (k, v)
        for k, v in conn.scope["headers"]
        if k not in (b"authorization", b"x-storefront-token")
    ]
    return HTTPConnection({**conn.scope, "headers": [*headers, (b"authorization", value.encode())]})


def _ensure_code(error: dict[str, Any]) -> None:
    """An error refused before the subscription ran carries a code, as over HTTP: a
    variable that does not fit is BAD_USER_INPUT, anything else failed validation."""
    extensions = error.setdefault("extensions", {})
    if not extensions.get("code"):
        bad_variable = str(error.get("message", "")).startswith("Variable '$")
        extensions["code"] = "BAD_USER_INPUT" if bad_variable else "GRAPHQL_VALIDATION_FAILED"


class SubscriptionsOnlyHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Queries and mutations go over HTTP, where each request is one committed unit of work.

    A websocket connection has one context, and so one database transaction, for its whole
    life; a mutation run on it would answer success and be rolled back at disconnect.

    An idle socket gets a protocol `ping` every `ws_ping_seconds` without a message, so
    proxies that drop silent connections keep it, and a dead peer is noticed.
    """

    _keepalive: asyncio.Task[None] | None = None
    _last_sent: float = 0.0

    def on_request_accepted(self) -> None:
        super().on_request_accepted()
        self._last_sent = time.monotonic()
        self._keepalive = asyncio.create_task(self._ping_while_idle())

    async def shutdown(self) -> None:
        if self._keepalive is not None:
            self._keepalive.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keepalive
        await super().shutdown()

    async def send_message(self, message: Message) -> None:
        self._last_sent = time.monotonic()
        if message["type"] == "error":
            for error in message["payload"]:
                _ensure_code(error)  # type: ignore[arg-type]
        await super().send_message(message)

    async def _ping_while_idle(self) -> None:
        interval = self.context.settings.ws_ping_seconds
        with contextlib.suppress(WebSocketDisconnected, RuntimeError):
            while True:
                idle = time.monotonic() - self._last_sent
                if idle < interval:
                    await asyncio.sleep(interval - idle)
                    continue
                if self.connection_acknowledged:
                    await self.send_message({"type": "ping"})
                else:
                    self._last_sent = time.monotonic()

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload = message.get("payload") or {}
        try:
            document = parse(
                payload.get("query") or "", max_tokens=self.context.settings.max_query_tokens
            )
        except GraphQLSyntaxError as exc:
            if not self.connection_acknowledged:
                await super().handle_subscribe(message)  # closes the socket (4401)
                return
            # Strawberry's ParserCache raises it out of the operation's task: the client
            # would get a bare `complete` and the log a traceback.
            exc.extensions = {**(exc.extensions or {}), "code": "GRAPHQL_PARSE_FAILED"}
            refusal: ErrorMessage = {
                "id": message["id"],
                "type": "error",
                "payload": [exc.formatted],
            }
            await self.send_message(refusal)
            return
        if self.connection_acknowledged:
            operation = get_operation_ast(document, payload.get("operationName"))
            if operation is not None and operation.operation is not OperationType.SUBSCRIPTION:
                error = GraphQLError(
                    "Only subscriptions run over the websocket; send queries and mutations "
                    "over HTTP",
                    extensions={"code": "BAD_REQUEST"},
                )
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
        await super().handle_subscribe(message)
