"""Sync: cost, price (through each variant's pricing rule) and stock follow the supplier.

Steps, each committing: one statement reads every linked variant of the connection (or of
the named supplier products) with what the store shows now; the supplier is asked with no
transaction open (a feed once, an API per product through the shared rate bucket); then
only the variants whose price, compare-at, cost, stock or availability differ are written,
in batches of BATCH with catalog_writes' four statements each and one more for the batch's
events (`product.updated` per changed product, `inventory.changed` per variant whose stock
changed; sync_events.py), whatever the batch holds.

A product gone at the supplier (or a SKU gone from it) is made unavailable: stock 0 and the
link marked unavailable; nothing is deleted, and it comes back when the supplier lists it
again. The result counts checked (variants compared), changed (variants written),
unavailable (variants that became so) and failed (items the supplier sent that could not be
used, or prices that could not be computed).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import text, update

from app.db.tenant import RequestDB
from app.settings import Settings
from app.suppliers.adapters.base import SupplierError, SupplierVariant
from app.suppliers.adapters.registry import adapter_for
from app.suppliers.catalog_writes import VariantChange, write_batch
from app.suppliers.models import supplier_connections
from app.suppliers.pricing import DEFAULT_RULE, PricingRule
from app.suppliers.quote import quote
from app.suppliers.rates import RateError
from app.suppliers.rules import SupplierKind
from app.suppliers.runs import (
    Progress,
    RunFailedError,
    RunResult,
    connection_and_rates,
    keep_tokens,
)
from app.suppliers.sync_events import emit_sync_events

BATCH = 500

LINKED = text("""
SELECT s.supplier_product_id, s.supplier_sku, s.product_id, s.variant_id, s.pricing_rule_id,
       s.cost, s.cost_currency, s.available, v.price_amount, v.compare_at_amount,
       v.cost_amount, l.on_hand, st.currency, r.multiplier, r.fixed_amount, r.minimum_margin,
       r.rounding_ending, r.compare_at_multiplier
  FROM supplier_variants s
  JOIN product_variants v ON v.tenant_id = s.tenant_id AND v.id = s.variant_id
  JOIN stores st ON st.tenant_id = v.tenant_id AND st.id = v.store_id
  LEFT JOIN inventory_levels l ON l.tenant_id = s.tenant_id AND l.variant_id = s.variant_id
  LEFT JOIN pricing_rules r ON r.tenant_id = s.tenant_id AND r.id = s.pricing_rule_id
 WHERE s.tenant_id = :t AND s.connection_id = :c
   AND (CAST(:only AS text[]) IS NULL OR s.supplier_product_id = ANY(CAST(:only AS text[])))
 ORDER BY s.supplier_product_id, s.supplier_sku
""")


def _rule(row: Any) -> PricingRule:
    if row.multiplier is None:
        return DEFAULT_RULE
    return PricingRule(
        multiplier=row.multiplier,
        fixed_amount=row.fixed_amount,
        minimum_margin=row.minimum_margin,
        rounding_ending=row.rounding_ending,
        compare_at_multiplier=row.compare_at_multiplier,
    )


def _gone(connection_id: uuid.UUID, row: Any) -> VariantChange:
    return VariantChange(
        connection_id=connection_id,
        supplier_product_id=row.supplier_product_id,
        supplier_sku=row.supplier_sku,
        product_id=row.product_id,
        variant_id=row.variant_id,
        price=row.price_amount,
        compare_at=row.compare_at_amount,
        cost_minor=row.cost_amount or 0,
        on_hand=0,
        supplier_cost=row.cost,
        supplier_currency=row.cost_currency,
        available=False,
    )


def _compare(
    connection_id: uuid.UUID, row: Any, variant: SupplierVariant, rates: Any
) -> VariantChange | None:
    """The change to write for `row`, or None when the store already shows the supplier's."""
    q = quote(variant, rule=_rule(row), currency=row.currency, rates=rates)
    same = (
        q.price == row.price_amount
        and q.compare_at == row.compare_at_amount
        and q.cost_minor == row.cost_amount
        and q.on_hand == row.on_hand
        and q.available == row.available
        and variant.cost == row.cost
    )
    if same:
        return None
    return VariantChange(
        connection_id=connection_id,
        supplier_product_id=row.supplier_product_id,
        supplier_sku=row.supplier_sku,
        product_id=row.product_id,
        variant_id=row.variant_id,
        price=q.price,
        compare_at=q.compare_at,
        cost_minor=q.cost_minor,
        on_hand=q.on_hand,
        supplier_cost=variant.cost,
        supplier_currency=variant.currency,
        available=q.available,
    )


async def sync_connection(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    redis: Redis | None,
    client: httpx.AsyncClient,
    connection_id: uuid.UUID,
    supplier_product_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> RunResult:
    row, rates = await connection_and_rates(
        db, tenant_id=tenant_id, settings=settings, connection_id=connection_id
    )
    only = list(supplier_product_ids) if supplier_product_ids is not None else None
    linked = list(await db.execute(LINKED, {"t": tenant_id, "c": connection_id, "only": only}))
    await db.commit()  # nothing held while the supplier is asked

    adapter = adapter_for(row, settings=settings, redis=redis, client=client)
    wanted = (
        None
        if SupplierKind(row.kind) is SupplierKind.FEED
        else (only or list(dict.fromkeys(r.supplier_product_id for r in linked)))
    )
    try:
        offered = await adapter.fetch_products(wanted)
    except SupplierError as exc:
        raise RunFailedError(str(exc)) from exc
    await keep_tokens(
        db,
        tenant_id=tenant_id,
        settings=settings,
        connection_id=connection_id,
        tokens=dict(adapter.refreshed_tokens()),
    )
    result = RunResult()
    for error in offered.errors:
        result.fail(error.ref, error.message)
    variants = {(p.supplier_product_id, v.sku): v for p in offered.products for v in p.variants}
    changes: list[VariantChange] = []
    stock_before: dict[uuid.UUID, int | None] = {}
    for link in linked:
        stock_before[link.variant_id] = link.on_hand
        result.checked += 1
        variant = variants.get((link.supplier_product_id, link.supplier_sku))
        if variant is None:
            if link.available or link.on_hand:
                changes.append(_gone(connection_id, link))
                result.unavailable += 1
            continue
        try:
            change = _compare(connection_id, link, variant, rates)
        except RateError as exc:
            result.fail(f"{link.supplier_product_id}/{link.supplier_sku}", str(exc))
            continue
        if change is not None:
            changes.append(change)
            if link.available and not change.available:
                result.unavailable += 1
    result.changed = len(changes)
    total = len(changes)
    for start in range(0, total, BATCH):
        batch = changes[start : start + BATCH]
        await write_batch(db, tenant_id=tenant_id, changes=batch)
        await emit_sync_events(
            db,
            tenant_id=tenant_id,
            products=[c.product_id for c in batch],
            stock=[
                (c.variant_id, c.product_id)
                for c in batch
                if stock_before.get(c.variant_id) != c.on_hand
            ],
        )
        await db.commit()
        if progress is not None:
            await progress(min(start + BATCH, total), total)
    sc = supplier_connections
    await db.execute(
        update(sc)
        .values(last_sync_at=text("now()"))
        .where(sc.c.tenant_id == tenant_id, sc.c.id == connection_id)
    )
    await db.commit()
    return result
