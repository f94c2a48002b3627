"""Liveness, readiness, metrics and request ids."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.observability import new_request_id
from app.settings import Settings


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_postgres_and_redis(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"postgres": "ok", "redis": "ok"}}


@pytest.fixture
async def unreachable_redis_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    application = create_app(settings.with_overrides(redis_url="redis://127.0.0.1:9/0"))
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


async def test_readyz_is_503_when_redis_is_down(
    unreachable_redis_client: httpx.AsyncClient,
) -> None:
    response = await unreachable_redis_client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["postgres"] == "ok"
    assert body["checks"]["redis"].startswith("error: ")
    assert (await unreachable_redis_client.get("/healthz")).status_code == 200


async def test_metrics_count_requests_by_route(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    await client.post("/graphql", json={"query": "{ __typename }"})
    await client.get(f"/no-such-page-{uuid.uuid4().hex}")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert "edestory_http_requests_total" in text
    assert 'edestory_http_requests_total{method="GET",route="/healthz",status="200"}' in text
    assert 'edestory_http_requests_total{method="POST",route="/graphql",status="200"}' in text
    assert 'route="unmatched",status="404"' in text
    assert "no-such-page" not in text  # a label per URL would grow without bound
    assert "edestory_http_request_duration_seconds_bucket" in text


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics", "/graphql?query={__typename}"])
async def test_every_response_has_a_request_id(client: httpx.AsyncClient, path: str) -> None:
    first = await client.get(path)
    second = await client.get(path)
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_errors_carry_a_request_id_too(client: httpx.AsyncClient) -> None:
    assert (await client.get("/nowhere")).headers["x-request-id"]
    assert (await client.put("/graphql")).headers["x-request-id"]


async def test_incoming_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-Id": "edge-7f3a:42"})
    assert response.headers["x-request-id"] == "edge-7f3a:42"


@pytest.mark.parametrize("unsafe", ["has space", "x" * 65, "naïve", '"quoted"'])
async def test_unsafe_incoming_request_id_is_replaced(
    client: httpx.AsyncClient, unsafe: str
) -> None:
    response = await client.get("/healthz", headers={"X-Request-Id": unsafe.encode("latin-1")})
    assert response.headers["x-request-id"] != unsafe
    assert len(response.headers["x-request-id"]) == 32


async def test_create_app_refuses_missing_urls() -> None:
    with pytest.raises(ValueError, match="DATABASE_URL and REDIS_URL"):
        create_app(Settings())


def test_request_ids_of_a_forked_worker_do_not_repeat_its_parents() -> None:
    """Ids are a per-process random part and a counter: a forked worker draws its own."""
    parent_before = new_request_id()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one id, then out without running the parent's cleanups
        os.write(write, new_request_id().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 64).decode()
    os.close(read)
    os.close(write)
    parent = new_request_id()

    assert re.fullmatch(r"[0-9a-f]{32}", child)
    assert re.fullmatch(r"[0-9a-f]{32}", parent)
    assert child[:16] != parent[:16]
    assert parent[:16] == parent_before[:16] and parent != parent_before
