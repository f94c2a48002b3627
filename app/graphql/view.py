"""The Strawberry view on Starlette: context building, commit-before-respond, fast JSON."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from app.db.tenant import RequestDB
from app.graphiql import render_page
from app.graphql.context import Context
from app.graphql.mutations import settle_idempotency
from app.graphql.websocket import (
    SubscriptionsOnlyHandler,
    TextFrameWebSocketAdapter,
    init_credential,
)
from app.observability import current_request_id, note_operation_name
from app.principal import Principal
from app.resources import Resources

log = logging.getLogger("edestory.graphql")

Authenticate = Callable[[HTTPConnection, Resources], Awaitable[Principal]]
GRAPHQL_RESPONSE = "application/graphql-response+json"


class GraphQLView(GraphQL[Context, None]):
    websocket_adapter_class = TextFrameWebSocketAdapter
    graphql_transport_ws_handler_class = SubscriptionsOnlyHandler

    def __init__(self, schema: BaseSchema, *, authenticate: Authenticate, ide: bool) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if ide else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.authenticate = authenticate

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        resources: Resources = request.app.state.resources
        principal = await self.authenticate(request, resources)
        context = Context(
            request=request,
            response=response,
            principal=principal,
            db=RequestDB(resources.engine, principal.tenant_id),
            redis=resources.redis,
            settings=resources.settings,
            request_id=current_request_id(),
            language=_accept_language(request),
        )
        request.state.graphql_context = context
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate a websocket from connection_init's `Authorization`, if it has one;
        a credential that does not authenticate closes the socket (4403)."""
        conn = init_credential(context.connection_params, context.request)
        if conn is context.request:
            return UNSET  # type: ignore[no-any-return]
        resources: Resources = context.request.app.state.resources
        principal = await self.authenticate(conn, resources)
        if principal.rejected or not principal.is_admin:
            raise ConnectionRejectionError(
                {"message": principal.rejected or "Subscriptions need a staff token or API key"}
            )
        await context.db.close(commit=False)
        context.principal = principal
        context.db = RequestDB(resources.engine, principal.tenant_id)
        return UNSET  # type: ignore[no-any-return]

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        # Our own page with its assets served by this API (app/graphiql), not Strawberry's,
        # which loads them from a CDN; `edestory dev` sets what it opens with.
        return render_page(getattr(request.app.state, "graphiql_defaults", None))

    async def parse_http_body(self, request: Any) -> Any:
        data = await super().parse_http_body(request)
        if isinstance(data, GraphQLRequestData):
            note_operation_name(data.operation_name or _first_operation_name(data.query))
        return data

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # orjson's JSONDecodeError subclasses json's, so a bad body is still a 400.
        return orjson.loads(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # Commit before the response leaves, so a client's next request reads its own writes.
        # After-commit callbacks run inside close(); none runs when the commit fails.
        context: Context = request.state.graphql_context
        try:
            await settle_idempotency(context, result.data)
            await context.db.close(commit=True)
        except Exception:
            log.exception("commit failed", extra={"request_id": context.request_id})
            return {
                "data": None,
                "errors": [
                    {
                        "message": "Internal server error",
                        "extensions": {
                            "code": "INTERNAL_SERVER_ERROR",
                            "requestId": context.request_id,
                        },
                    }
                ],
            }
        for error in result.errors or []:
            _ensure_code(error)
        return process_result(result)

    async def run(self, request: Any, context: Any = None, root_value: Any = None) -> Any:
        response = await super().run(request)
        if isinstance(request, Request) and isinstance(response, Response):
            accept = request.headers.get("accept", "")
            if GRAPHQL_RESPONSE in accept and response.media_type == "application/json":
                response.headers["content-type"] = GRAPHQL_RESPONSE
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # A request that failed before process_result must not leak its transaction.
            context = scope.get("state", {}).get("graphql_context")
            if context is not None:
                await context.db.close(commit=False)


def _ensure_code(error: GraphQLError) -> None:
    """Syntax and validation errors and bad variables are the caller's: shown, with a code."""
    if not (error.extensions or {}).get("code"):
        if error.message.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        elif error.message.startswith("Variable '$") and error.original_error is not None:
            code = "BAD_USER_INPUT"  # a variable's value does not fit its declared type
        else:
            code = "GRAPHQL_VALIDATION_FAILED"
        error.extensions = {**(error.extensions or {}), "code": code}


_NAMED_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+(\w+)", re.MULTILINE)
_COMMENT = re.compile(r"#[^\n]*")


def _first_operation_name(query: str | None) -> str | None:
    """The name of the document's first operation, for the access log (not for execution):
    a regex over the text, so logging costs no second parse."""
    if not query:
        return None
    found = _NAMED_OPERATION.search(_COMMENT.sub("", query[:4096]))
    return found.group(1) if found else None


def _accept_language(request: HTTPConnection) -> str | None:
    header = request.headers.get("accept-language")
    if not header:
        return None
    first = header.split(",")[0].split(";")[0].strip()
    return first.split("-")[0].lower() or None
