"""aiContentDrafts, aiContentApprove, aiContentReject, aiContentUsage and
aiContentSettingsUpdate over GraphQL, on drafts written through the Messages API stand-in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette

from app.ai_content.client import create_client
from app.ai_content.generation import generate
from app.ai_content.planning import GenerationRequest
from app.ai_content.prompts import ContentField
from app.graphql.ids import to_global_id
from app.settings import Settings
from tests.ai_content.test_generation import two_products
from tests.anthropic_stub import API_KEY, AnthropicStub
from tests.helpers import TenantFactory, TenantSetup, call

DRAFTS = """
query ($filter: AiContentDraftFilter) {
  aiContentDrafts(first: 50, filter: $filter) {
    nodes { id language field value status inputTokens outputTokens costUsd product { id title } }
  }
}"""
APPROVE = """
mutation ($ids: [ID!]!) {
  aiContentApprove(draftIds: $ids) { drafts { id status } userErrors { field code message } }
}"""
REJECT = """
mutation ($ids: [ID!]!) {
  aiContentReject(draftIds: $ids) { drafts { id status } userErrors { field code } }
}"""
USAGE = "{ aiContentUsage { month tokens budget remaining costUsd } }"
SETTINGS = """
mutation ($storeId: ID!, $input: AiContentSettingsInput!) {
  aiContentSettingsUpdate(storeId: $storeId, input: $input) {
    settings { brandVoice rules autoApprove } userErrors { field code }
  }
}"""
PRODUCT = "query ($id: ID!) { product(id: $id) { title seo { title } } }"


@pytest.fixture(scope="module")
def stub() -> Iterator[AnthropicStub]:
    server = AnthropicStub()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ai(settings: Settings, stub: AnthropicStub) -> Settings:
    return settings.with_overrides(anthropic_api_key=API_KEY, anthropic_base_url=stub.base_url)


async def run(app: Starlette, ai: Settings, tenant: TenantSetup, ids: list[uuid.UUID]) -> None:
    await generate(
        engine=app.state.resources.engine,
        client=create_client(ai),
        settings=ai,
        request=GenerationRequest(
            tenant_id=tenant.tenant_id,
            run_id=uuid.uuid4(),
            product_ids=ids,
            languages=["es", "en"],
            fields=frozenset({ContentField.TITLE, ContentField.SEO_TITLE}),
        ),
    )


async def test_review_over_graphql(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, ai: Settings
) -> None:
    tenant = await tenants.create("AiGraphql")
    lamp, _cup = await two_products(client, tenant)
    await run(app, ai, tenant, [lamp])
    body = await call(client, DRAFTS, {"filter": {"status": "PENDING"}}, tenant.staff)
    drafts = body["data"]["aiContentDrafts"]["nodes"]
    assert sorted((d["language"], d["field"]) for d in drafts) == [
        ("en", "SEO_TITLE"),
        ("en", "TITLE"),
        ("es", "SEO_TITLE"),
        ("es", "TITLE"),
    ]
    assert all(d["product"]["title"] == "Lámpara de latón" for d in drafts)
    assert all(float(d["costUsd"]) > 0 and d["inputTokens"] > 0 for d in drafts)
    spanish = [d["id"] for d in drafts if d["language"] == "es"]
    english = [d["id"] for d in drafts if d["language"] == "en"]

    body = await call(client, APPROVE, {"ids": spanish}, tenant.staff)
    payload = body["data"]["aiContentApprove"]
    assert payload["userErrors"] == []
    assert {d["status"] for d in payload["drafts"]} == {"APPROVED"}
    product_id = drafts[0]["product"]["id"]
    shown = await call(client, PRODUCT, {"id": product_id}, tenant.staff)
    assert shown["data"]["product"] == {
        "title": "title es: Lámpara de latón",
        "seo": {"title": "seo_title es: Lámpara de latón"},  # the approved SEO draft
    }

    # Rejecting an approved draft with a pending one: refused, neither changes.
    body = await call(client, REJECT, {"ids": [english[0], spanish[0]]}, tenant.staff)
    assert body["data"]["aiContentReject"]["userErrors"] == [
        {"field": ["draftIds", "1"], "code": "ALREADY_DECIDED"}
    ]
    pending = await call(client, DRAFTS, {"filter": {"status": "PENDING"}}, tenant.staff)
    assert sorted(d["id"] for d in pending["data"]["aiContentDrafts"]["nodes"]) == sorted(english)
    body = await call(client, REJECT, {"ids": english}, tenant.staff)
    assert {d["status"] for d in body["data"]["aiContentReject"]["drafts"]} == {"REJECTED"}
    unknown = to_global_id("AiContentDraft", uuid.uuid4())
    body = await call(client, APPROVE, {"ids": [unknown]}, tenant.staff)
    assert body["data"]["aiContentApprove"]["userErrors"][0]["code"] == "NOT_FOUND"

    usage = (await call(client, USAGE, None, tenant.staff))["data"]["aiContentUsage"]
    assert usage["tokens"] > 0 and usage["remaining"] == usage["budget"] - usage["tokens"]
    assert float(usage["costUsd"]) > 0


async def test_brand_voice_and_auto_approve(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    ai: Settings,
    stub: AnthropicStub,
) -> None:
    tenant = await tenants.create("AiSettings")
    lamp, _cup = await two_products(client, tenant)
    body = await call(
        client,
        SETTINGS,
        {
            "storeId": tenant.store_gid,
            "input": {"brandVoice": "Warm, short sentences.", "autoApprove": True},
        },
        tenant.staff,
    )
    assert body["data"]["aiContentSettingsUpdate"] == {
        "settings": {"brandVoice": "Warm, short sentences.", "rules": "", "autoApprove": True},
        "userErrors": [],
    }
    sent = len(stub.requests)
    await run(app, ai, tenant, [lamp])
    assert "Warm, short sentences." in stub.requests[sent]["system"][-1]["text"]
    drafts = (await call(client, DRAFTS, None, tenant.staff))["data"]["aiContentDrafts"]["nodes"]
    assert {d["status"] for d in drafts} == {"APPROVED"}
    shown = await call(client, PRODUCT, {"id": drafts[0]["product"]["id"]}, tenant.staff)
    assert shown["data"]["product"]["title"] == "title es: Lámpara de latón"
