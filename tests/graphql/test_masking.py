"""Unexpected errors reach the caller as a code and a request id; the log keeps the trace.

The app's schema has no resolver that fails on purpose, so a tiny schema with one is served
through the app's own view, middleware and lifespan resources.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import NewType

import httpx
import pytest
import strawberry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from strawberry.schema.config import StrawberryConfig

from app.graphql.errors import Forbidden
from app.graphql.masking import MaskUnexpectedErrors
from app.graphql.view import GraphQLView
from app.observability import Metrics, RequestContextMiddleware
from app.tenancy.principals import Authenticator
from tests.helpers import error_codes, gql

SECRET = "postgresql://edestory_owner:hunter2@db.internal/edestory"

BROKEN = "{ ok broken }"
NULL_IN_NON_NULL = "{ ok nothing }"
REFUSED = "{ refused }"
BAD_VARIABLE = "query ($n: Int) { stores(first: $n) { nodes { id } } }"
AMOUNT_LITERAL = '{ echo(amount: "lots") }'
AMOUNT_VARIABLE = "query ($a: Amount!) { echo(amount: $a) }"

# A scalar that refuses input the way the app's Decimal does: by raising ValueError.
Amount = NewType("Amount", str)


def parse_amount(value: object) -> str:
    if not isinstance(value, str) or not value.replace(".", "", 1).isdigit():
        raise ValueError(f'Amount must be a string such as "19.90", got {value!r}')
    return value


@strawberry.type
class BrokenQuery:
    @strawberry.field
    def ok(self) -> str:
        return "fine"

    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError(f"could not connect to {SECRET}")

    @strawberry.field
    def nothing(self) -> str:
        return None  # type: ignore[return-value]

    @strawberry.field
    def refused(self) -> str:
        raise Forbidden("Missing scope catalog:write", requiredScope="catalog:write")

    @strawberry.field
    def echo(self, amount: Amount) -> str:
        return amount


@pytest.fixture(scope="module")
def broken_app(app: Starlette) -> Starlette:
    schema = strawberry.Schema(
        query=BrokenQuery,
        extensions=[MaskUnexpectedErrors],
        config=StrawberryConfig(
            scalar_map={
                Amount: strawberry.scalar(name="Amount", serialize=str, parse_value=parse_amount)
            }
        ),
    )
    view = GraphQLView(schema, authenticate=Authenticator(), ide=False)
    broken = Starlette(
        routes=[Route("/graphql", view, methods=["GET", "POST"])],
        middleware=[Middleware(RequestContextMiddleware, metrics=Metrics())],
    )
    broken.state.resources = app.state.resources  # the running app's engine, Redis, settings
    return broken


@pytest.fixture
async def broken_client(broken_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=broken_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_unexpected_error_is_masked_with_the_request_id(
    broken_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="edestory.graphql"):
        response = await broken_client.post("/graphql", json={"query": BROKEN})

    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    body = response.json()
    assert body["data"] is None  # `broken` is non-null, so the null reaches the root
    assert body["errors"] == [
        {
            "message": "Internal server error",
            "locations": [{"line": 1, "column": 6}],
            "path": ["broken"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        }
    ]
    assert "hunter2" not in response.text
    logged = [r for r in caplog.records if r.name == "edestory.graphql"]
    assert len(logged) == 1
    assert logged[0].request_id == request_id  # type: ignore[attr-defined]
    assert logged[0].exc_info is not None
    assert SECRET in str(logged[0].exc_info[1])


async def test_masked_error_echoes_the_callers_request_id(
    broken_client: httpx.AsyncClient,
) -> None:
    response = await broken_client.post(
        "/graphql", json={"query": BROKEN}, headers={"X-Request-Id": "trace-abc.123"}
    )
    assert response.headers["x-request-id"] == "trace-abc.123"
    assert response.json()["errors"][0]["extensions"]["requestId"] == "trace-abc.123"


async def test_null_in_a_non_null_field_is_masked(broken_client: httpx.AsyncClient) -> None:
    response = await broken_client.post("/graphql", json={"query": NULL_IN_NON_NULL})
    [error] = response.json()["errors"]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": response.headers["x-request-id"],
    }


async def test_public_errors_are_shown_with_their_code(broken_client: httpx.AsyncClient) -> None:
    body = await gql(broken_client, REFUSED)
    assert body["errors"][0]["message"] == "Missing scope catalog:write"
    assert body["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "requiredScope": "catalog:write",
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2**40, "Int cannot represent non 32-bit signed integer value"),
        ("ten", "Int cannot represent non-integer value"),
    ],
)
async def test_a_bad_variable_is_the_callers_error_not_ours(
    client: httpx.AsyncClient, value: object, message: str
) -> None:
    body = await gql(client, BAD_VARIABLE, {"n": value})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["message"].startswith("Variable '$n' has invalid value")


async def test_a_scalar_refusing_a_literal_is_a_validation_error(
    broken_client: httpx.AsyncClient,
) -> None:
    body = await gql(broken_client, AMOUNT_LITERAL)
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Amount must be a string" in body["errors"][0]["message"]


async def test_a_scalar_refusing_a_variable_is_bad_user_input(
    broken_client: httpx.AsyncClient,
) -> None:
    body = await gql(broken_client, AMOUNT_VARIABLE, {"a": "lots"})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "Amount must be a string" in body["errors"][0]["message"]
    assert (await gql(broken_client, AMOUNT_VARIABLE, {"a": "19.90"})) == {
        "data": {"echo": "19.90"}
    }
