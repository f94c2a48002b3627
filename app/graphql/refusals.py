"""HTTP-level refusals: a request the API will not run as GraphQL at all.

A body that is not JSON, not a JSON object or has no query, a batch while batching is off,
several operations without `operationName`, a mutation sent with GET, another HTTP method,
a body over the size limit. Each keeps its HTTP status (400, 405, 413, ...) and answers a
GraphQL response without `data`, its one error carrying the reason and an
`extensions.code`, so a client reads every answer of the API the same way (GraphQL over
HTTP: a request error has no `data` entry).
"""

from __future__ import annotations

import orjson
from starlette.responses import Response

GRAPHQL_RESPONSE = "application/graphql-response+json"

CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def refusal_body(status: int, reason: str) -> bytes:
    code = CODES.get(status, "BAD_REQUEST")
    return orjson.dumps({"errors": [{"message": reason, "extensions": {"code": code}}]})


def refusal(status: int, reason: str, accept: str) -> Response:
    """The answer to a refused request; `application/graphql-response+json` when the client
    accepts it, else `application/json`. A 405 names the methods there are."""
    media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else "application/json"
    response = Response(refusal_body(status, reason), status_code=status, media_type=media_type)
    if status == 405:
        response.headers["allow"] = "GET, POST"
    return response
