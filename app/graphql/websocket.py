"""The websocket side of /graphql: graphql-transport-ws, text frames, subscriptions only."""

from __future__ import annotations

from collections.abc import Mapping

from graphql import GraphQLError, GraphQLSyntaxError, OperationType, get_operation_ast, parse
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from app.graphql.context import Context


class TextFrameWebSocketAdapter(ASGIWebSocketAdapter):
    """graphql-transport-ws messages are text frames; browser clients refuse binary ones,
    which is what Strawberry sends when the view's `encode_json` returns bytes (orjson)."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(self.view.encode_json_string(message))
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class SubscriptionsOnlyHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Queries and mutations go over HTTP, where each request is one committed unit of work.

    A websocket connection has one context, and so one database transaction, for its whole
    life; a mutation run on it would answer success and be rolled back at disconnect.
    """

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload = message.get("payload") or {}
        try:
            document = parse(
                payload.get("query") or "", max_tokens=self.context.settings.max_query_tokens
            )
        except GraphQLSyntaxError:
            document = None  # Strawberry reports syntax errors itself
        if document is not None and self.connection_acknowledged:
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
