"""The Strawberry view on Starlette: context building, commit-before-respond, fast JSON."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from app.db.tenant import RequestDB
from app.documents.errors import PersistedError
from app.documents.resolve import DocumentResolver
from app.graphiql import render_page
from app.graphql import http_cache, read_routing
from app.graphql.body_limit import BodyTooLargeError, read_body, refuse, replay
from app.graphql.context import Context
from app.graphql.ids import MalformedIdError
from app.graphql.lean_http import BODY, LeanHTTPView
from app.graphql.mutations import settle_idempotency
from app.graphql.refusals import GRAPHQL_RESPONSE, refusal
from app.graphql.response_cache import CachePolicy, ResponseCache
from app.graphql.websocket import (
    SubscriptionsOnlyHandler,
    TextFrameWebSocketAdapter,
    init_credential,
)
from app.http_headers import header
from app.observability import current_request_id, note_operation_name
from app.principal import Principal, PrincipalKind
from app.resources import Resources

log = logging.getLogger("edestory.graphql")

Authenticate = Callable[[HTTPConnection, Resources], Awaitable[Principal]]


class GraphQLView(LeanHTTPView):
    # (through LeanHTTPView mypy reads the base attribute as a callable, not a class)
    websocket_adapter_class = TextFrameWebSocketAdapter  # type: ignore[assignment]
    graphql_transport_ws_handler_class = SubscriptionsOnlyHandler

    def __init__(
        self,
        schema: BaseSchema,
        *,
        authenticate: Authenticate,
        ide: bool,
        max_body_bytes: int = 1_000_000,
        documents: DocumentResolver | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if ide else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.authenticate = authenticate
        self.max_body_bytes = max_body_bytes
        self.documents = documents or DocumentResolver()
        self.cache = cache or ResponseCache(CachePolicy(enabled=False))
        # No stream transport (subscriptions go over websockets) and no incremental
        # delivery: every HTTP result is an ExecutionResult or a batch of them (_run_http).
        self._plain_http = not self._stream_transport_map and not getattr(
            schema.config, "enable_experimental_incremental_execution", False
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        resources: Resources = request.app.state.resources
        # A GET persisted query was authenticated already, for the response cache.
        principal = _state(request).get("principal") or await self.authenticate(request, resources)
        context = Context(
            request=request,
            response=response,
            principal=principal,
            db=RequestDB(
                resources.engine,
                principal.tenant_id,
                generic_plans=resources.settings.storefront_generic_plans
                and principal.kind is PrincipalKind.STOREFRONT,
            ),
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

    def should_render_graphql_ide(self, request: Any) -> bool:
        if request.method != "GET":
            return False  # as Strawberry's, without building the query parameters
        # A GET persisted query has no `query`; it is a request, not a visit to GraphiQL.
        params = request.query_params
        if "extensions" in params or "documentId" in params:
            return False
        return super().should_render_graphql_ide(request)

    async def parse_http_body(self, request: Any) -> Any:
        data = await self._parse_http_body(request)
        if isinstance(data, GraphQLRequestData):
            if data.operation_name is not None and not isinstance(data.operation_name, str):
                # Strawberry checks `query`, `variables` and `extensions` only; a number
                # here used to reach the access log's name check and answer a bare 500.
                raise HTTPException(
                    400, "The GraphQL operation's `operationName` must be a string or null"
                )
            document_id = await _top_level_document_id(request)
            if document_id is not None:
                # Trusted documents' `documentId` may sit beside `query`; the resolver reads
                # it from the extensions, where it may also be sent.
                data.extensions = {**(data.extensions or {}), "documentId": document_id}
            note_operation_name(data.operation_name or _first_operation_name(data.query))
        return data

    async def execute_single(
        self,
        request: Request,
        request_adapter: Any,
        sub_response: Any,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            request_data.query = await self.documents.resolve(
                principal=context.principal,
                db=context.db,
                redis=context.redis,
                query=request_data.query,
                extensions=request_data.extensions,
            )
        except PersistedError as refused:
            error = GraphQLError(refused.message, extensions={"code": refused.code.value})
            return ExecutionResult(data=None, errors=[error])
        replicas = request.app.state.resources.replicas
        if replicas is not None:
            await read_routing.route(
                replicas,
                context.db,
                context.principal,
                request,
                request_data.query,
                request_data.operation_name,
                _state(request).get("cache_floor"),
            )
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as refused:
            if isinstance(refused.__cause__, InvalidOperationTypeError):
                # GraphQL over HTTP: a mutation sent with GET is 405 Method Not Allowed.
                raise HTTPException(405, refused.reason) from refused
            raise

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # orjson's JSONDecodeError subclasses json's, so a bad body is still a 400.
        decoded = orjson.loads(data)
        # A request (and GET's `variables`) is an object; a list is refused as a batch.
        # Anything else (`null`, `1`, `"x"`) used to reach `.get` and answer a bare 500.
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "The body (and `variables`) must be a JSON object")
        return decoded

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # Commit before the response leaves, so a client's next request reads its own writes.
        # After-commit callbacks run inside close(); none runs when the commit fails.
        context: Context = request.state.graphql_context
        try:
            await settle_idempotency(context, result.data)
            await context.db.close(commit=True)
            if context.db.committed_writes and context.settings.database_replica_urls:
                await self._hand_back_position(context)
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
        processed = process_result(result)
        request.state.clean_result = result.data is not None and not result.errors
        if _failed_before_execution(result) and GRAPHQL_RESPONSE in header(
            request.scope, b"accept"
        ):
            # GraphQL over HTTP: with its media type, a request that never executed (a
            # parse, validation or variable error) is a 400 without a `data` entry.
            processed.pop("data", None)
            request.state.request_error = True
        return processed

    async def _hand_back_position(self, context: Context) -> None:
        """Read-your-writes: the primary's WAL position on the response (read_routing)."""
        if not isinstance(context.response, Response):
            return
        try:
            await read_routing.hand_back_position(
                context.db,
                context.response,
                max_age=context.settings.read_your_writes_seconds,
                secure=context.settings.is_production,
            )
        except Exception:  # committed already: the client's next reads may lag, no more
            log.warning("could not read the primary's WAL position", exc_info=True)

    async def run(self, request: Any, context: Any = None, root_value: Any = None) -> Any:
        found = None
        cacheable = isinstance(request, Request) and http_cache.persisted_get(request)
        if cacheable:
            resources: Resources = request.app.state.resources
            principal = request.state.principal = await self.authenticate(request, resources)
            found = await http_cache.plan(
                request, principal, self.documents, self.cache, resources.redis
            )
            if found is not None and found.generation is not None:
                hit = await self.cache.get(resources.redis, found.key, found.generation)
                if hit is not None:
                    return http_cache.cached_response(request, hit, self.cache, principal)
                request.state.cache_floor = found.floor
        if self._plain_http and isinstance(request, Request):
            response = await self._run_http(request)
        else:
            response = await super().run(request)
        if isinstance(request, Request) and isinstance(response, Response):
            accept = header(request.scope, b"accept")
            if GRAPHQL_RESPONSE in accept and response.media_type == "application/json":
                response.headers["content-type"] = GRAPHQL_RESPONSE
                if _state(request).get("request_error") and response.status_code == 200:
                    response.status_code = 400
            if request.method == "GET":
                if cacheable and found is None:  # the document was resolved just now
                    redis = request.app.state.resources.redis
                    found = await http_cache.plan(
                        request, request.state.principal, self.documents, self.cache, redis
                    )
                    if found is not None and _read_a_replica(request):
                        # It ran before its generation's position was known: not kept.
                        found.generation = None
                response = await http_cache.finish(
                    request, response, found, self.cache, request.app.state.resources.redis
                )
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            try:
                body = await read_body(scope, receive, self.max_body_bytes)
            except BodyTooLargeError:
                await refuse(send, self.max_body_bytes)
                return
            receive = replay(body, receive)
            scope[BODY] = body
        try:
            if scope["type"] == "http":
                # Strawberry's HTTP branch, with refusals answered as GraphQL responses
                # (app/graphql/refusals.py) instead of its plain-text reason.
                request = Request(scope, receive=receive)
                try:
                    response = await self.run(request)
                except HTTPException as refused:
                    response = refusal(
                        refused.status_code, refused.reason, header(scope, b"accept")
                    )
                await response(scope, receive, send)
            else:
                await super().__call__(scope, receive, send)
        finally:
            # A request that failed before process_result must not leak its transaction.
            context = scope.get("state", {}).get("graphql_context")
            if context is not None:
                await context.db.close(commit=False)


def _state(request: Any) -> dict[str, Any]:
    """The request's state as the dict Starlette's `request.state` wraps: reading a name
    not set costs no AttributeError (built, formatted and caught on `getattr(state, ...)`)."""
    return request.scope.setdefault("state", {})  # type: ignore[no-any-return]


def _read_a_replica(request: Request) -> bool:
    context = _state(request).get("graphql_context")
    return context is not None and context.db.engine is not context.db.primary


def _ensure_code(error: GraphQLError) -> None:
    """Syntax and validation errors and bad variables are the caller's: shown, with a code."""
    if not (error.extensions or {}).get("code"):
        if isinstance(error.original_error, MalformedIdError):
            code = "BAD_USER_INPUT"  # an ID argument, literal or variable, is not one of ours
        elif error.message.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        elif error.message.startswith("Variable '$") and error.original_error is not None:
            code = "BAD_USER_INPUT"  # a variable's value does not fit its declared type
        else:
            code = "GRAPHQL_VALIDATION_FAILED"
        error.extensions = {**(error.extensions or {}), "code": code}


# Errors of a request that was refused before execution began.
_REQUEST_ERRORS = frozenset(
    {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "MAX_COST_EXCEEDED"}
)


def _failed_before_execution(result: ExecutionResult) -> bool:
    errors = result.errors or []
    return (
        result.data is None
        and bool(errors)
        and all(
            e.path is None and (e.extensions or {}).get("code") in _REQUEST_ERRORS for e in errors
        )
    )


_NAMED_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+(\w+)", re.MULTILINE)
_COMMENT = re.compile(r"#[^\n]*")


def _first_operation_name(query: str | None) -> str | None:
    """The name of the document's first operation, for the access log (not for execution):
    a regex over the text, so logging costs no second parse."""
    if not query:
        return None
    return _operation_name_of(query[:4096])  # the text itself when it is shorter


@functools.lru_cache(maxsize=256)
def _operation_name_of(head: str) -> str | None:
    """Per distinct beginning of a text (storefronts send the same few documents): the
    comment strip and the search cost a pass over it each; at most 256 x 4 KB kept."""
    found = _NAMED_OPERATION.search(_COMMENT.sub("", head))
    return found.group(1) if found else None


async def _top_level_document_id(request: Any) -> object:
    if request.method == "GET":
        return request.query_params.get("documentId")
    body = await request.get_body()  # read once already: Starlette keeps it
    if b"documentId" not in body:
        return None
    decoded = orjson.loads(body)
    return decoded.get("documentId") if isinstance(decoded, dict) else None


def _accept_language(request: HTTPConnection) -> str | None:
    value = header(request.scope, b"accept-language")
    if not value:
        return None
    first = value.split(",")[0].split(";")[0].strip()
    return first.split("-")[0].lower() or None
