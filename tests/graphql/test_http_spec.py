"""GraphQL over HTTP details this API adds to Strawberry's: 400 without `data` for requests
that never executed (with application/graphql-response+json), and batching off by default."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.settings import Settings

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_request_errors_are_400_without_data_with_the_spec_media_type(
    client: httpx.AsyncClient,
) -> None:
    for query in ("{", "{ nope }"):
        spec = await client.post(
            "/graphql", json={"query": query}, headers={"Accept": GRAPHQL_RESPONSE}
        )
        assert spec.status_code == 400
        assert spec.headers["content-type"] == GRAPHQL_RESPONSE
        assert "data" not in spec.json() and spec.json()["errors"]
        # With plain JSON the legacy answer stays: 200 and `data: null`.
        # (Another text: the executors' comparison keys on it.)
        plain = await client.post("/graphql", json={"query": query + " "})
        assert plain.status_code == 200
        assert plain.json()["data"] is None
    coercion = await client.post(
        "/graphql",
        json={
            "query": "query ($n: Int) { stores(first: $n) { nodes { name } } }",
            "variables": {"n": "many"},
        },
        headers={"Accept": GRAPHQL_RESPONSE},
    )
    assert coercion.status_code == 400


async def test_batches_are_refused_unless_enabled(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=[{"query": "{ __typename }"}])
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "Batching is not enabled", "extensions": {"code": "BAD_REQUEST"}}]
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", "/graphql", b"{not json", 400, "BAD_REQUEST"),
        ("POST", "/graphql", b"null", 400, "BAD_REQUEST"),
        ("POST", "/graphql", b"{}", 400, "BAD_REQUEST"),  # no query
        ("GET", "/graphql?query=mutation%7B__typename%7D", b"", 405, "METHOD_NOT_ALLOWED"),
        ("PUT", "/graphql", b"{}", 405, "METHOD_NOT_ALLOWED"),
        ("POST", "/graphql", b" " * 1_000_001, 413, "PAYLOAD_TOO_LARGE"),
    ],
)
@pytest.mark.parametrize("accept", [None, GRAPHQL_RESPONSE])
async def test_refused_requests_answer_a_graphql_error_with_a_code(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    body: bytes,
    status: int,
    code: str,
    accept: str | None,
) -> None:
    headers = {"Content-Type": "application/json"}
    if accept:
        headers["Accept"] = accept
    response = await client.request(method, path, content=body, headers=headers)
    assert response.status_code == status
    [error] = response.json()["errors"]
    assert "data" not in response.json()
    assert error["extensions"] == {"code": code} and error["message"]
    expected = accept if accept and status != 413 else "application/json"
    assert response.headers["content-type"] == expected
    assert response.headers["x-request-id"]
    if status == 405:
        assert response.headers["allow"] == "GET, POST"


@pytest.fixture(scope="module")
async def batching(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(settings.with_overrides(batch_max_operations=2))
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client


async def test_an_enabled_batch_answers_each_up_to_its_maximum(
    batching: httpx.AsyncClient,
) -> None:
    two = [{"query": "{ __typename }"}, {"query": "{ shop { name } }"}]
    response = await batching.post("/graphql", json=two)
    assert response.status_code == 200
    answers = response.json()
    assert answers[0] == {"data": {"__typename": "Query"}}
    assert answers[1]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    too_many = await batching.post("/graphql", json=[*two, {"query": "{ __typename }"}])
    assert too_many.status_code == 400
    assert "Too many operations" in too_many.text
