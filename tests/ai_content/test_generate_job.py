"""aiContentGenerate over GraphQL: a job run the worker (a real `edestory worker` process)
carries out against the Messages API stand-in, its checks as userErrors, and a repeated
enqueue of the same run that does not call the model again."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from app.ai_content.prompts import ContentField
from app.ai_content.start import enqueue_run, task_args
from app.errors import ServiceError
from app.graphql.ids import to_global_id
from app.settings import Settings
from jobs.ai_content import generate_ai_content
from tests.ai_content.test_generation import two_products
from tests.anthropic_stub import API_KEY, AnthropicStub
from tests.events.support import worker_process
from tests.helpers import TenantFactory, TenantSetup, call, raw

GENERATE = """
mutation ($input: AiContentGenerateInput!) {
  aiContentGenerate(input: $input) {
    job { id kind status } userErrors { field code message }
  }
}"""
JOB = """
query ($id: ID!) {
  job(id: $id) { status progress { done total } result errors }
}"""
DRAFTS = """
query ($jobId: ID!) {
  aiContentDrafts(first: 50, filter: {jobId: $jobId}) {
    nodes { language field status product { id } }
  }
}"""
JOBS = "{ jobs(first: 10) { nodes { id } } }"
FIELDS = ["TITLE", "DESCRIPTION_HTML", "SEO_TITLE", "TAGS"]


@pytest.fixture(scope="module")
def stub() -> Iterator[AnthropicStub]:
    server = AnthropicStub()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def keyed(app: Starlette, stub: AnthropicStub, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The API's settings with a key (aiContentGenerate checks it before queueing)."""
    resources = app.state.resources
    settings: Settings = resources.settings.with_overrides(
        anthropic_api_key=API_KEY, anthropic_base_url=stub.base_url
    )
    monkeypatch.setattr(resources, "settings", settings)
    return settings


def gids(ids: list[uuid.UUID]) -> list[str]:
    return [to_global_id("Product", i) for i in ids]


async def generate(client: httpx.AsyncClient, tenant: TenantSetup, **input_: Any) -> dict[str, Any]:
    body = await call(client, GENERATE, {"input": {"fields": FIELDS, **input_}}, tenant.staff)
    payload: dict[str, Any] = body["data"]["aiContentGenerate"]
    return payload


async def finished(client: httpx.AsyncClient, tenant: TenantSetup, job_id: str) -> dict[str, Any]:
    for _ in range(300):
        body = await call(client, JOB, {"id": job_id}, tenant.staff)
        job: dict[str, Any] = body["data"]["job"]
        if job["status"] in ("SUCCEEDED", "FAILED"):
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"job still {job['status']}")


async def test_generate_runs_in_the_worker_and_a_repeat_does_not_pay_twice(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    settings: Settings,
    keyed: Settings,
    stub: AnthropicStub,
) -> None:
    tenant = await tenants.create("AiJob")
    products = await two_products(client, tenant)
    sent = len(stub.requests)
    with worker_process(settings, ANTHROPIC_API_KEY=API_KEY, ANTHROPIC_BASE_URL=stub.base_url):
        payload = await generate(client, tenant, productIds=gids(products), languages=["ES", "EN"])
        assert payload["userErrors"] == []
        assert payload["job"]["status"] == "QUEUED"
        assert payload["job"]["kind"] == "ai_content.generate"
        job_id = payload["job"]["id"]
        job = await finished(client, tenant, job_id)
    assert job["status"] == "SUCCEEDED", job["errors"]
    # Two products in two languages: four calls, progress reported as their drafts landed.
    assert job["progress"] == {"done": 4, "total": 4}
    assert job["result"]["calls"] == 4
    assert job["result"]["drafts"] == 14  # TAGS only in the default language
    assert len(stub.requests) - sent == 4
    body = await call(client, DRAFTS, {"jobId": job_id}, tenant.staff)
    drafts = body["data"]["aiContentDrafts"]["nodes"]
    assert len(drafts) == 14
    assert {d["status"] for d in drafts} == {"PENDING"}
    assert {(d["language"], d["field"]) for d in drafts if d["field"] == "TAGS"} == {("es", "TAGS")}
    assert {raw(d["product"]["id"]) for d in drafts} == set(products)

    # The same run again: arq refuses its job id, and the task itself refuses a finished run
    # before any call to the model.
    run_id = raw(job_id)
    fields = [ContentField(f) for f in FIELDS]
    args = task_args(tenant.tenant_id, run_id, products, ["es", "en"], fields)
    assert await enqueue_run(app.state.resources.redis, args) is False
    ctx = {"engine": app.state.resources.engine, "settings": keyed}
    with pytest.raises(ServiceError) as refused:
        await generate_ai_content(ctx, *args)
    assert refused.value.problems[0].code.value == "ALREADY_FINISHED"
    assert len(stub.requests) - sent == 4


async def test_without_a_key_the_user_error_names_it(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("AiNoKey")
    products = await two_products(client, tenant)
    payload = await generate(client, tenant, productIds=gids(products), languages=["ES"])
    assert payload["job"] is None
    [error] = payload["userErrors"]
    assert error["code"] == "NOT_CONFIGURED"
    assert "ANTHROPIC_API_KEY" in error["message"]
    body = await call(client, JOBS, None, tenant.staff)
    assert body["data"]["jobs"]["nodes"] == []


async def test_bad_input_gets_user_errors_and_no_job(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    keyed: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant = await tenants.create("AiBadInput")
    products = gids(await two_products(client, tenant))
    other = await tenants.create("AiOther")
    foreign = gids(await two_products(client, other))
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"productIds": [], "languages": ["ES"]}, "INVALID", ["input", "productIds"]),
        ({"productIds": products, "languages": []}, "INVALID", ["input", "languages"]),
        (
            {"productIds": products, "languages": ["ES"], "fields": []},
            "INVALID",
            ["input", "fields"],
        ),
        (
            {
                "productIds": [products[0], to_global_id("Product", uuid.uuid4())],
                "languages": ["ES"],
            },
            "NOT_FOUND",
            ["input", "productIds", "1"],
        ),
        ({"productIds": foreign, "languages": ["ES"]}, "NOT_FOUND", ["input", "productIds", "0"]),
        (
            {"productIds": products, "languages": ["ES", "DE"]},
            "INVALID",
            ["input", "languages", "1"],
        ),
    ]
    for input_, code, field in cases:
        payload = await generate(client, tenant, **input_)
        assert payload["job"] is None, input_
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)], input_
    monkeypatch.setattr(
        app.state.resources, "settings", keyed.with_overrides(ai_monthly_token_budget=0)
    )
    payload = await generate(client, tenant, productIds=products, languages=["ES"])
    assert payload["job"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["BUDGET_EXCEEDED"]
    body = await call(client, JOBS, None, tenant.staff)
    assert body["data"]["jobs"]["nodes"] == []
