"""Strawberry's HTTP request handling (0.341), lean: the base class of the app's view.

The same steps in the same order as Strawberry's `AsyncBaseHTTPView.run` and
`parse_http_body` for an HTTP request when neither a stream transport nor incremental
delivery is configured (`plain_http`), without its per-request generic work: Content-Type
parsed once per distinct value (not through `email.message`), no protocol check of every
result through `inspect.getattr_static`, no second pass over a body already read, a
sub-response made without Response's constructor. Copied code: re-check it against
Strawberry on an upgrade (tests/graphql/test_http_spec.py, test_transport.py,
test_request_shape.py and the graphql-http audit in tests/codegen cover it).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult

from app.graphql.context import Context

BODY = "edestory.body"  # the scope key of a POST body read whole by the view's __call__


class LeanHTTPView(GraphQL[Context, None]):
    # Set by the subclass: whether `_run_http` may serve every HTTP request (the module
    # docstring's condition).
    _plain_http: bool

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """Strawberry's: an empty Response without status or headers (it builds one and
        deletes the Content-Length its constructor adds), made without the constructor."""
        sub_response = Response.__new__(Response)
        sub_response.body = b""
        sub_response.status_code = None  # type: ignore[assignment]
        sub_response.background = None
        sub_response.raw_headers = []
        return sub_response

    def _get_stream_transport_from_headers(self, headers: Any) -> Any:
        # Strawberry's finds the first `accept` among all the headers' items (decoding
        # each); Starlette's Headers.get finds the same one.
        if not self._stream_transport_map:
            return None  # none configured (subscriptions go over websockets)
        accept = headers.get("accept", "")
        return next((t for t in self._stream_transport_map.values() if t.accepts(accept)), None)

    async def _parse_http_body(self, request: Any) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Strawberry's parse_http_body (0.341), with the Content-Type's media type parsed
        once per distinct header value instead of through `email.message` per request."""
        content_type = _media_type(request.content_type or "")
        transport = self._get_stream_transport_from_headers(request.headers)
        protocol: Any = transport.protocol if transport else "http"

        if request.method == "GET":
            data = self.parse_query_params(request.query_params)
        elif "application/json" in content_type:
            data = self.parse_json(await request.get_body())
        elif self.multipart_uploads_enabled and content_type == "multipart/form-data":
            data = await self.parse_multipart(request)
        else:
            raise HTTPException(400, "Unsupported content type")

        if isinstance(data, list):
            self._validate_batch_request(data, protocol=protocol)
            return [
                GraphQLRequestData(
                    query=item.get("query"),
                    variables=item.get("variables"),
                    operation_name=item.get("operationName"),
                    extensions=item.get("extensions"),
                    protocol=protocol,
                )
                for item in data
            ]

        query = data.get("query")
        if not isinstance(query, str | None):
            raise HTTPException(
                400, "The GraphQL operation's `query` must be a string or null, if provided."
            )
        variables = data.get("variables")
        if not isinstance(variables, dict | None):
            raise HTTPException(
                400, "The GraphQL operation's `variables` must be an object or null, if provided."
            )
        extensions = data.get("extensions")
        if not isinstance(extensions, dict | None):
            raise HTTPException(
                400,
                "The GraphQL operation's `extensions` must be an object or null, if provided.",
            )
        return GraphQLRequestData(
            query=query,
            variables=variables,
            operation_name=data.get("operationName"),
            extensions=extensions,
            protocol=protocol,
        )

    async def _run_http(self, request: Request) -> Response:
        """Strawberry's `run` (0.341) for an HTTP request when neither a stream transport
        nor incremental delivery is configured (`_plain_http`): the same steps in the same
        order, with a plain result recognised by its class first. Strawberry tests every
        result against the SubscriptionExecutionResult protocol, which walks the object's
        attributes through `inspect.getattr_static` on each request."""
        body = request.scope.get(BODY)
        if body is not None:
            # Read whole in __call__ already: Starlette's Request keeps a read body in
            # `_body`, so reading it again (the adapter, `_top_level_document_id`) costs no
            # pass through its async stream generator.
            request._body = body
        root_value = await self.get_root_value(request)  # type: ignore[func-returns-value]
        request_adapter = self.request_adapter_class(request)
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, response=sub_response)
        if not self.is_request_allowed(request_adapter):
            raise HTTPException(405, "GraphQL only supports GET and POST requests.")
        if self.should_render_graphql_ide(request_adapter):
            if self.graphql_ide:
                return await self.render_graphql_ide(request)
            raise HTTPException(404, "Not Found")
        try:
            request_data = await self.parse_http_body(request_adapter)
        except json.JSONDecodeError as e:
            raise HTTPException(400, "Unable to parse request body as JSON") from e
        except KeyError as e:
            raise HTTPException(400, "File(s) missing in form data") from e
        result = await self.execute_operation(
            request=request,
            request_adapter=request_adapter,
            request_data=request_data,
            context=context,
            root_value=root_value,
            sub_response=sub_response,
        )
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse]
        if isinstance(result, ExecutionResult):
            response_data = await self.process_result(request=request, result=result)
            if result.errors:
                self._handle_errors(result.errors, response_data)
        elif isinstance(result, list):
            response_data = []
            for execution_result in result:
                processed = await self.process_result(request=request, result=execution_result)
                if execution_result.errors:
                    self._handle_errors(execution_result.errors, processed)
                response_data.append(processed)
        else:  # streams and incremental results need what `_plain_http` excludes
            raise TypeError(f"unexpected result {type(result).__name__}")
        return self.create_response(response_data=response_data, sub_response=sub_response)


@functools.lru_cache(maxsize=64)
def _media_type(content_type: str) -> str:
    """The media type of a Content-Type value (Strawberry's parse_content_type)."""
    return parse_content_type(content_type)[0]
