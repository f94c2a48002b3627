"""Planning a run: the product facts and store settings to prompt with, and which
(product, language) pairs still need a call (a restarted run skips those it wrote)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.ai_content.models import ai_content_drafts, store_content_settings
from app.ai_content.prompts import ContentField, ProductFacts, system_blocks, user_message
from app.ai_content.usage import month_usage
from app.catalog.models import product_options, product_variants, products
from app.db.metadata import any_of
from app.db.tenant import tenant_transaction
from app.money import format_amount
from app.tenancy.models import stores

MAX_TOKENS = 2048


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationRequest:
    tenant_id: uuid.UUID
    run_id: uuid.UUID
    product_ids: Sequence[uuid.UUID]
    languages: Sequence[str]
    fields: frozenset[ContentField]


@dataclass(frozen=True, slots=True)
class Store:
    default_language: str
    languages: tuple[str, ...]
    brand_voice: str
    rules: str
    auto_approve: bool


@dataclass(frozen=True, slots=True)
class Task:
    product_id: uuid.UUID
    language: str
    fields: frozenset[ContentField]
    system: list[dict[str, Any]]
    user: str
    auto_approve: bool

    def estimate(self) -> int:
        chars = sum(len(block["text"]) for block in self.system) + len(self.user)
        return chars // 3 + MAX_TOKENS


@dataclass(slots=True)
class Plan:
    tasks: list[Task] = field(default_factory=list)
    skipped: int = 0
    used_tokens: int = 0


async def _facts(conn: Any, tenant_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    p, o, v = products, product_options, product_variants
    rows = (
        await conn.execute(
            select(
                p.c.id,
                p.c.store_id,
                p.c.title,
                p.c.description,
                p.c.vendor,
                p.c.tags,
                stores.c.currency,
            )
            .select_from(
                p.join(
                    stores, (stores.c.tenant_id == p.c.tenant_id) & (stores.c.id == p.c.store_id)
                )
            )
            .where(p.c.tenant_id == tenant_id, p.c.id == any_of(ids))
        )
    ).all()
    options = (
        await conn.execute(
            select(o.c.product_id, o.c.name, o.c["values"])
            .where(o.c.tenant_id == tenant_id, o.c.product_id == any_of(ids))
            .order_by(o.c.product_id, o.c.position)
        )
    ).all()
    variants = (
        await conn.execute(
            select(v.c.product_id, v.c.title, v.c.sku, v.c.price_amount, v.c.weight_grams)
            .where(v.c.tenant_id == tenant_id, v.c.product_id == any_of(ids))
            .order_by(v.c.product_id, v.c.position)
        )
    ).all()
    options_of: dict[uuid.UUID, list[Any]] = defaultdict(list)
    variants_of: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for x in options:
        options_of[x.product_id].append(x)
    for x in variants:
        variants_of[x.product_id].append(x)
    found: dict[uuid.UUID, Any] = {}
    for row in rows:
        facts = ProductFacts(
            title=row.title,
            description=row.description,
            vendor=row.vendor,
            tags=list(row.tags),
            options=[{"name": x.name, "values": list(x.values)} for x in options_of[row.id]],
            variants=[
                {
                    "title": x.title,
                    **({"sku": x.sku} if x.sku else {}),
                    "price": f"{format_amount(x.price_amount, row.currency)} {row.currency}",
                    **({"weight_grams": x.weight_grams} if x.weight_grams else {}),
                }
                for x in variants_of[row.id]
            ],
        )
        found[row.id] = (row.store_id, facts)
    return found


async def _stores(conn: Any, tenant_id: uuid.UUID, ids: set[uuid.UUID]) -> dict[uuid.UUID, Store]:
    s, c = stores, store_content_settings
    rows = await conn.execute(
        select(
            s.c.id,
            s.c.default_language,
            s.c.languages,
            c.c.brand_voice,
            c.c.rules,
            c.c.auto_approve,
        )
        .select_from(s.outerjoin(c, (c.c.tenant_id == s.c.tenant_id) & (c.c.store_id == s.c.id)))
        .where(s.c.tenant_id == tenant_id, s.c.id == any_of(ids))
    )
    return {
        r.id: Store(
            r.default_language,
            tuple(r.languages),
            r.brand_voice or "",
            r.rules or "",
            bool(r.auto_approve),
        )
        for r in rows
    }


async def plan_run(engine: AsyncEngine, request: GenerationRequest) -> Plan:
    plan = Plan()
    async with tenant_transaction(engine, request.tenant_id) as conn:
        facts = await _facts(conn, request.tenant_id, request.product_ids)
        store_of = await _stores(conn, request.tenant_id, {s for s, _ in facts.values()})
        d = ai_content_drafts
        done = {
            (r.product_id, r.language)
            for r in await conn.execute(
                select(d.c.product_id, d.c.language)
                .distinct()
                .where(d.c.tenant_id == request.tenant_id, d.c.run_id == request.run_id)
            )
        }
        plan.used_tokens = (await month_usage(conn, request.tenant_id)).tokens
    for product_id in request.product_ids:
        if product_id not in facts:
            continue  # deleted since the run was asked for
        store_id, product_facts = facts[product_id]
        store = store_of[store_id]
        for language in request.languages:
            if language not in store.languages:
                continue
            fields = request.fields
            if language != store.default_language:
                fields = fields - {ContentField.TAGS}
            if not fields:
                continue
            if (product_id, language) in done:
                plan.skipped += 1
                continue
            plan.tasks.append(
                Task(
                    product_id,
                    language,
                    fields,
                    system_blocks(store.brand_voice, store.rules),
                    user_message(product_facts, language, fields),
                    store.auto_approve,
                )
            )
    return plan
