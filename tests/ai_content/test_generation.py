"""Drafts written through the anthropic SDK against a local Messages API stand-in: retries
of 429/529, prompt caching, costs, the Batches lifecycle, the budget, restarts that do not
pay twice, and review (approval into two languages, rejection)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import anthropic
import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.ai_content.client import create_client
from app.ai_content.generation import BudgetExceededError, generate
from app.ai_content.models import ai_content_drafts
from app.ai_content.planning import GenerationRequest
from app.ai_content.prompts import ContentField
from app.ai_content.review import approve_drafts, reject_drafts
from app.catalog.models import products, translations
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.settings import Settings
from tests.anthropic_stub import API_KEY, INPUT_TOKENS, OUTPUT_TOKENS, SYSTEM_TOKENS, AnthropicStub
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory, TenantSetup, fetch, raw

FIELDS = frozenset(
    {ContentField.TITLE, ContentField.DESCRIPTION_HTML, ContentField.SEO_TITLE, ContentField.TAGS}
)


@pytest.fixture(scope="module")
def stub() -> Iterator[AnthropicStub]:
    server = AnthropicStub()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ai(settings: Settings, stub: AnthropicStub) -> Settings:
    stub.failures.clear()
    return settings.with_overrides(
        anthropic_api_key=API_KEY,
        anthropic_base_url=stub.base_url,
        ai_batch_poll_seconds=0.01,
        ai_max_retries=2,
    )


def engine(app: Starlette) -> AsyncEngine:
    return app.state.resources.engine  # type: ignore[no-any-return]


async def drafts_of(owner_engine: AsyncEngine, tenant: TenantSetup, run_id: uuid.UUID) -> list[Any]:
    d = ai_content_drafts
    return await fetch(
        owner_engine,
        tenant,
        select(d).where(d.c.run_id == run_id).order_by(d.c.language, d.c.field),
    )


async def two_products(client: httpx.AsyncClient, tenant: TenantSetup) -> list[uuid.UUID]:
    found = []
    for title in ("Lámpara de latón", "Taza esmaltada"):
        product = await create_product(
            client,
            tenant,
            title=title,
            vendor="Lumo",
            options=[{"name": "Color", "values": ["Oro"]}],
            variants=[{"price": "39.00", "optionValues": ["Oro"], "sku": None}],
        )
        found.append(raw(product["id"]))
    return found


async def test_drafts_after_429_and_529_with_cached_system_prompt(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    ai: Settings,
    stub: AnthropicStub,
) -> None:
    tenant = await tenants.create("AiGenerate")
    lamp, _ = await two_products(client, tenant)
    stub.failures[:] = [429, 529]
    attempts, sent = stub.attempts, len(stub.requests)
    run = uuid.uuid4()
    result = await generate(
        engine=engine(app),
        client=create_client(ai),
        settings=ai,
        request=GenerationRequest(
            tenant_id=tenant.tenant_id,
            run_id=run,
            product_ids=[lamp],
            languages=["es", "en"],
            fields=FIELDS,
        ),
    )
    # Both failures were retried by the SDK: 4 attempts, 2 answered calls.
    assert stub.attempts - attempts == 4
    assert (result.calls, result.drafts) == (2, 7)  # TAGS only in the default language
    calls = stub.requests[sent:]
    assert calls[0]["model"] == "claude-sonnet-4-6"
    assert calls[0]["system"][-1]["cache_control"] == {"type": "ephemeral"}
    assert "Do not invent specifications" in calls[0]["system"][0]["text"]
    assert '"brand":"Lumo"' in calls[0]["messages"][0]["content"]
    assert set(calls[0]["output_config"]["format"]["schema"]["properties"]) == {
        "title",
        "description_html",
        "seo_title",
        "tags",
    }
    rows = await drafts_of(owner_engine, tenant, run)
    assert [(r.language, r.field, r.status) for r in rows] == [
        ("en", "DESCRIPTION_HTML", "PENDING"),
        ("en", "SEO_TITLE", "PENDING"),
        ("en", "TITLE", "PENDING"),
        ("es", "DESCRIPTION_HTML", "PENDING"),
        ("es", "SEO_TITLE", "PENDING"),
        ("es", "TAGS", "PENDING"),
        ("es", "TITLE", "PENDING"),
    ]
    by = {(r.language, r.field): r for r in rows}
    assert by[("es", "TITLE")].value == "title es: Lámpara de latón"
    assert by[("es", "TAGS")].value == "es-tag, gift"
    # Token counts of each call are shared by its drafts and add up to what was billed.
    es = [r for r in rows if r.language == "es"]
    en = [r for r in rows if r.language == "en"]
    assert sum(r.input_tokens for r in es) == INPUT_TOKENS
    assert sum(r.output_tokens for r in es) == OUTPUT_TOKENS
    # The first call of this system prompt writes the cache, the second reads it.
    assert sum(r.cache_creation_tokens for r in es) + sum(r.cache_read_tokens for r in es) == (
        SYSTEM_TOKENS
    )
    assert sum(r.cache_read_tokens for r in en) == SYSTEM_TOKENS
    # 120 in x $3 + 80 out x $15 (+ cache) per call, in USD millionths.
    assert sum(r.cost_micros for r in rows) == result.cost_micros
    assert 2 * (120 * 3 + 80 * 15) < result.cost_micros < 2 * (120 * 3 + 80 * 15 + 300 * 3.75)
    # Drafts change nothing until approved.
    stored = await fetch(
        owner_engine, tenant, select(products.c.title).where(products.c.id == lamp)
    )
    assert stored[0].title == "Lámpara de latón"


async def test_approval_into_two_languages_and_rejection(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    ai: Settings,
) -> None:
    tenant = await tenants.create("AiReview")
    lamp, cup = await two_products(client, tenant)
    run = uuid.uuid4()
    await generate(
        engine=engine(app),
        client=create_client(ai),
        settings=ai,
        request=GenerationRequest(
            tenant_id=tenant.tenant_id,
            run_id=run,
            product_ids=[lamp, cup],
            languages=["es", "en"],
            fields=FIELDS,
        ),
    )
    rows = await drafts_of(owner_engine, tenant, run)
    lamp_ids = [r.id for r in rows if r.product_id == lamp]
    cup_ids = [r.id for r in rows if r.product_id == cup]

    db = RequestDB(engine(app), tenant.tenant_id)
    await approve_drafts(db=db, tenant_id=tenant.tenant_id, draft_ids=lamp_ids)
    await reject_drafts(db=db, tenant_id=tenant.tenant_id, draft_ids=cup_ids)
    await db.close(commit=True)

    p = products
    stored = await fetch(
        owner_engine,
        tenant,
        select(p.c.id, p.c.title, p.c.description_html, p.c.seo_title, p.c.tags).where(
            p.c.id.in_([lamp, cup])
        ),
    )
    by_id = {r.id: r for r in stored}
    assert by_id[lamp].title == "title es: Lámpara de latón"
    assert by_id[lamp].seo_title == "seo_title es: Lámpara de latón"
    assert by_id[lamp].tags == ["es-tag", "gift"]
    # Generated HTML is sanitised on the way in, like staff-entered HTML.
    assert by_id[lamp].description_html == "<p>es: Lámpara de latón</p>"
    assert by_id[cup].title == "Taza esmaltada"  # rejected: unchanged
    english = await fetch(
        owner_engine,
        tenant,
        select(translations.c.field, translations.c.value)
        .where(translations.c.resource_id == lamp, translations.c.language == "en")
        .order_by(translations.c.field),
    )
    assert dict(english) == {
        "description": "en: Lámpara de latón",
        "description_html": "<p>en: Lámpara de latón</p>",
        "seo_title": "seo_title en: Lámpara de latón",
        "title": "title en: Lámpara de latón",
    }
    statuses = {r.id: r.status for r in await drafts_of(owner_engine, tenant, run)}
    assert {statuses[i] for i in lamp_ids} == {"APPROVED"}
    assert {statuses[i] for i in cup_ids} == {"REJECTED"}

    # A decided draft cannot be decided again; nothing changes.
    db = RequestDB(engine(app), tenant.tenant_id)
    with pytest.raises(ServiceError) as refused:
        await approve_drafts(db=db, tenant_id=tenant.tenant_id, draft_ids=cup_ids[:1])
    await db.close(commit=False)
    assert refused.value.problems[0].code.value == "ALREADY_DECIDED"


async def test_budget_exhaustion_stops_before_paying(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    ai: Settings,
    stub: AnthropicStub,
) -> None:
    tenant = await tenants.create("AiBudget")
    lamp, cup = await two_products(client, tenant)
    request = GenerationRequest(
        tenant_id=tenant.tenant_id,
        run_id=uuid.uuid4(),
        product_ids=[lamp, cup],
        languages=["es"],
        fields=FIELDS,
    )
    first = await generate(
        engine=engine(app),
        client=create_client(ai),
        settings=ai,
        request=GenerationRequest(
            tenant_id=tenant.tenant_id,
            run_id=uuid.uuid4(),
            product_ids=[lamp],
            languages=["es"],
            fields=frozenset({ContentField.TITLE}),
        ),
    )
    spent = first.input_tokens + first.output_tokens
    attempts = stub.attempts
    tight = ai.with_overrides(ai_monthly_token_budget=spent + 100)
    with pytest.raises(BudgetExceededError, match="monthly AI token budget"):
        await generate(
            engine=engine(app), client=create_client(tight), settings=tight, request=request
        )
    assert stub.attempts == attempts  # nothing was sent
    assert await drafts_of(owner_engine, tenant, request.run_id) == []


async def test_restart_does_not_pay_twice(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    ai: Settings,
    stub: AnthropicStub,
) -> None:
    tenant = await tenants.create("AiRestart")
    lamp, cup = await two_products(client, tenant)
    request = GenerationRequest(
        tenant_id=tenant.tenant_id,
        run_id=uuid.uuid4(),
        product_ids=[lamp, cup],
        languages=["es"],
        fields=FIELDS,
    )
    # The first product's call succeeds, then the API keeps failing: the run dies.
    stub.failures[:] = [0, 500, 500, 500]
    with pytest.raises(anthropic.InternalServerError):
        await generate(engine=engine(app), client=create_client(ai), settings=ai, request=request)
    assert {r.product_id for r in await drafts_of(owner_engine, tenant, request.run_id)} == {lamp}
    stub.failures.clear()
    sent = len(stub.requests)
    restarted = await generate(
        engine=engine(app), client=create_client(ai), settings=ai, request=request
    )
    assert (restarted.skipped, restarted.calls) == (1, 1)
    assert [cup.hex in json_of(r) for r in stub.requests[sent:]] == [False]
    rows = await drafts_of(owner_engine, tenant, request.run_id)
    assert len(rows) == 8 and {r.product_id for r in rows} == {lamp, cup}


def json_of(body: dict[str, Any]) -> str:
    return str(body["messages"][0]["content"])


async def test_batch_lifecycle_above_the_threshold(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    ai: Settings,
    stub: AnthropicStub,
) -> None:
    tenant = await tenants.create("AiBatch")
    lamp, cup = await two_products(client, tenant)
    batched = ai.with_overrides(ai_batch_threshold=1)
    batches, sent = len(stub.batches), len(stub.requests)
    run = uuid.uuid4()
    result = await generate(
        engine=engine(app),
        client=create_client(batched),
        settings=batched,
        request=GenerationRequest(
            tenant_id=tenant.tenant_id,
            run_id=run,
            product_ids=[lamp, cup],
            languages=["es", "en"],
            fields=frozenset({ContentField.TITLE}),
        ),
    )
    assert len(stub.batches) == batches + 1 and len(stub.requests) == sent  # no single calls
    batch = list(stub.batches.values())[-1]
    assert batch["polls"] >= stub.batch_polls  # polled until it ended
    assert len(batch["requests"]) == 4
    rows = await drafts_of(owner_engine, tenant, run)
    assert sorted((r.language, r.value) for r in rows) == [
        ("en", "title en: Lámpara de latón"),
        ("en", "title en: Taza esmaltada"),
        ("es", "title es: Lámpara de latón"),
        ("es", "title es: Taza esmaltada"),
    ]
    # Batches cost half: 120 x 3 + 80 x 15 = 1560 per answer, halved, plus cache tokens.
    assert result.cost_micros == sum(r.cost_micros for r in rows)
    assert 4 * 780 <= result.cost_micros < 4 * 1560
