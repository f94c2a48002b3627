"""Query cost in `extensions.cost`, MAX_COST_EXCEEDED before any SQL, and the leaky bucket:
429 with Retry-After, shared by two API processes through one Redis, refilled at its rate."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from graphql import parse
from starlette.applications import Starlette

from app.graphql.cost import requested_cost
from app.main import create_app
from app.settings import Settings
from tests.helpers import SqlCounter, TenantFactory, error_codes
from tests.live_server import serving

PAGE = """query Page($n: Int) { products(first: $n) {
  edges { node { id title variants(first: 4) { nodes { id price { amount } } } } }
  pageInfo { hasNextPage }
} }"""
SHOP = "{ shop { name } }"
CAPACITY = 40
RATE = 10.0


def test_the_formula() -> None:
    # products: 2 + n * edges(1 + node(1 + variants(2 + 4 * nodes(1 + price 1)))) + pageInfo 1
    assert requested_cost(parse(PAGE), None, {"n": 20}) == 2 + 20 * (1 + 1 + 2 + 4 * 2) + 1
    assert requested_cost(parse(PAGE), None, {}) == 2 + 50 * 12 + 1  # the default page
    assert requested_cost(parse(PAGE), None, {"n": 10_000}) == 2 + 250 * 12 + 1  # the cap
    assert requested_cost(parse(SHOP), None, None) == 1
    assert requested_cost(parse("mutation { tokenRevoke { revoked } }"), None, None) == 10


def test_one_document_is_costed_for_each_requests_page_sizes() -> None:
    # The cost is remembered per parsed document: the same document object with other
    # variables is costed again, and non-integer values count as the default page.
    document = parse(PAGE)
    for n, expected in [(20, 2 + 20 * 12 + 1), (5, 2 + 5 * 12 + 1), (20, 2 + 20 * 12 + 1)]:
        assert requested_cost(document, None, {"n": n, "other": [1]}) == expected
    assert requested_cost(document, None, {"n": None}) == 2 + 50 * 12 + 1
    assert requested_cost(document, None, {"n": True}) == 2 + 50 * 12 + 1
    assert requested_cost(document, "Page", {"n": 1}) == 2 + 12 + 1
    assert requested_cost(document, "Other", {"n": 1}) == 0


def test_fragments_are_costed_once_each_so_the_work_is_linear() -> None:
    # Each fragment spreads the next twice: expanding would visit 2^40 fields.
    fragments = "\n".join(
        f"fragment F{i} on Shop {{ name ...F{i + 1} ...F{i + 1} }}" for i in range(40)
    )
    document = parse(f"{{ shop {{ ...F0 }} }}\n{fragments}\nfragment F40 on Shop {{ name }}")
    started = time.perf_counter()
    assert requested_cost(document, None, None) == 1
    assert time.perf_counter() - started < 0.05


@pytest.fixture(scope="module")
async def metered(settings: Settings) -> AsyncIterator[Starlette]:
    """The app with cost reporting and a small bucket (the shared app has both off)."""
    application = create_app(
        settings.with_overrides(
            cost_in_extensions=True,
            rate_limit=True,
            max_query_cost=CAPACITY,
            rate_limit_capacity=CAPACITY,
            rate_limit_restore_rate=RATE,
        )
    )
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def metered_client(metered: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=metered, client=(f"10.0.{os.getpid() % 250}.1", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_every_answer_carries_its_cost(
    metered_client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Costly")
    key = await tenants.api_key(tenant, ["catalog:read"])
    response = await metered_client.post(
        "/graphql",
        json={"query": PAGE, "variables": {"n": 2}},
        headers={"Authorization": f"Bearer {key}"},
    )
    body = response.json()
    assert body["data"]["products"]["edges"] == []
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 2 + 2 * 12 + 1
    assert cost["actualQueryCost"] == cost["requestedQueryCost"]  # charged before execution
    assert cost["throttleStatus"] == {
        "maximumAvailable": CAPACITY,
        "currentlyAvailable": CAPACITY - 27,
        "restoreRate": RATE,
    }


async def test_over_the_maximum_is_refused_before_any_sql(
    metered_client: httpx.AsyncClient,
    tenants: TenantFactory,
    sql_counter: SqlCounter,
    metered: Starlette,
) -> None:
    tenant = await tenants.create("TooCostly")
    # Authenticating the storefront token reads it once; that is not the query's SQL.
    await metered_client.post("/graphql", json={"query": SHOP}, headers=tenant.storefront)
    counter = SqlCounter(metered.state.resources.engine)
    try:
        with counter.measure() as statements:
            response = await metered_client.post(
                "/graphql", json={"query": PAGE, "variables": {"n": 20}}, headers=tenant.storefront
            )
    finally:
        counter.detach()
    body = response.json()
    assert error_codes(body) == ["MAX_COST_EXCEEDED"]
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["cost"] == 2 + 20 * 12 + 1
    assert statements == []


async def test_a_burst_is_throttled_with_retry_after_then_refills(
    metered_client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Bursty")
    key = await tenants.api_key(tenant, ["catalog:read"])
    auth = {"Authorization": f"Bearer {key}"}
    query = {"query": PAGE, "variables": {"n": 2}}  # 27 points of a 40-point bucket
    first = await metered_client.post("/graphql", json=query, headers=auth)
    assert first.status_code == 200
    second = await metered_client.post("/graphql", json=query, headers=auth)
    assert second.status_code == 429
    assert error_codes(second.json()) == ["THROTTLED"]
    # 13 left, 27 needed, 10 per second: 2 seconds (rounded up).
    assert second.headers["retry-after"] == "2"
    assert second.json()["data"] is None
    # Another key has its own bucket.
    other = await tenants.api_key(tenant, ["catalog:read"])
    third = await metered_client.post(
        "/graphql", json=query, headers={"Authorization": f"Bearer {other}"}
    )
    assert third.status_code == 200
    await asyncio.sleep(1.6)  # 13 + 16 = 29 >= 27
    again = await metered_client.post("/graphql", json=query, headers=auth)
    assert again.status_code == 200, again.text
    available = again.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"]
    assert 2 <= available <= 4  # 29 - 27, plus what dripped in while answering


async def test_redis_down_serves_unmetered_and_counts_it(
    settings: Settings, tenants: TenantFactory
) -> None:
    application = create_app(
        settings.with_overrides(
            redis_url="redis://127.0.0.1:1/0", cost_in_extensions=True, rate_limit=True
        )
    )
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post("/graphql", json={"query": "{ __typename }"})
            assert response.status_code == 200
            assert response.json()["data"] == {"__typename": "Query"}
            metrics = (await client.get("/metrics")).text
    assert "edestory_rate_limit_unavailable_total 1.0" in metrics


@pytest.fixture
def two_processes(settings: Settings) -> Iterator[list[int]]:
    """Two `edestory serve` processes on one PostgreSQL and one Redis."""
    limits = {
        "EDESTORY_MAX_QUERY_COST": "10",
        "EDESTORY_RATE_LIMIT_CAPACITY": "10",
        "EDESTORY_RATE_LIMIT_RESTORE_RATE": "0.5",
    }
    with serving(settings, 2, limits) as ports:
        yield ports


async def test_two_processes_share_one_bucket(
    two_processes: list[int], tenants: TenantFactory
) -> None:
    tenant = await tenants.create("TwoProcesses")
    key = await tenants.api_key(tenant, ["settings:read"])
    auth = {"Authorization": f"Bearer {key}"}
    query = {"query": "{ stores(first: 1) { nodes { name } } }"}  # 2 + 1 * 1 = 3 points
    answers: list[Any] = []
    async with httpx.AsyncClient() as client:
        for i in range(4):  # 3 + 3 + 3 of 10, then 1 left: the fourth is throttled
            port = two_processes[i % 2]
            answers.append(
                await client.post(f"http://127.0.0.1:{port}/graphql", json=query, headers=auth)
            )
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].headers["retry-after"] == "4"  # (3 - 1) / 0.5 points per second
    assert [
        a.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] for a in answers[:3]
    ] == [7, 4, 1]
