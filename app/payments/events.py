"""Stripe webhook events, after their signature was checked (app/webhooks/stripe.py).

An event is recorded by id in the same transaction as its effect, so a repeat delivery
finds the row and changes nothing (a concurrent repeat waits on the first's uncommitted
row, then finds it). Events the app does not act on are answered 200 and not recorded.
A `payment_intent.succeeded` whose checkout is not visible yet is not recorded and is
answered 409, so Stripe delivers it again later; one whose amount or intent does not match
the checkout is recorded with that outcome (kept for the merchant) and makes no order.

`charge.refunded` (the charge carries its PaymentIntent's metadata, so the tenant) records
the charge's refunds on the order (app/orders/refunds.py): refunds made in Stripe's
dashboard once, by Stripe refund id; the app's own by the refund row named in their metadata,
so they are not counted twice. The charge's refunds are read from it when it embeds them
(older API versions), else listed from Stripe before any transaction is opened.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from app.checkout.completion import Outcome, apply_payment, fail_payment
from app.db.tenant import RequestDB
from app.orders.refunds import record_stripe_refunds
from app.payments.gateway import PaymentError, StripeGateway, intent_from
from app.payments.models import stripe_events

HANDLED = ("payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded")


@dataclass(frozen=True, slots=True)
class Handled:
    status: int  # the HTTP status to answer Stripe with
    outcome: str


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


async def handle_event(
    engine: AsyncEngine, event: dict[str, Any], gateway: StripeGateway | None = None
) -> Handled:
    if event.get("type") not in HANDLED:
        return Handled(200, "IGNORED")
    obj = event["data"]["object"]
    metadata = obj.get("metadata") or {}
    tenant_id, checkout_id = _uuid(metadata.get("tenant_id")), _uuid(metadata.get("checkout_id"))
    if tenant_id is None or checkout_id is None:
        return Handled(200, "NOT_OURS")
    if event["type"] == "charge.refunded":
        return await _charge_refunded(engine, gateway, tenant_id, event)
    intent = intent_from(obj)
    db = RequestDB(engine, tenant_id)
    try:
        recorded = (
            await db.execute(
                insert(stripe_events)
                .values(
                    tenant_id=tenant_id,
                    id=event["id"],
                    type=event["type"],
                    payment_intent_id=intent.id,
                    outcome="RECEIVED",
                    payload=event,
                )
                .on_conflict_do_nothing()
                .returning(stripe_events.c.id)
            )
        ).first()
        if recorded is None:
            await db.close(commit=False)
            return Handled(200, "REPEAT")
        if event["type"] == "payment_intent.succeeded":
            result = await apply_payment(
                db, tenant_id=tenant_id, checkout_id=checkout_id, intent=intent
            )
        else:
            result = await fail_payment(
                db, tenant_id=tenant_id, checkout_id=checkout_id, intent=intent
            )
        if result.outcome is Outcome.UNKNOWN_CHECKOUT:
            await db.close(commit=False)
            return Handled(409, result.outcome.value)
        await db.execute(
            update(stripe_events)
            .values(outcome=result.outcome.value)
            .where(stripe_events.c.tenant_id == tenant_id, stripe_events.c.id == event["id"])
        )
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return Handled(200, result.outcome.value)


async def _charge_refunded(
    engine: AsyncEngine, gateway: StripeGateway | None, tenant_id: uuid.UUID, event: dict[str, Any]
) -> Handled:
    charge = event["data"]["object"]
    intent_id = str(charge["payment_intent"])
    embedded = charge.get("refunds")
    if isinstance(embedded, dict) and isinstance(embedded.get("data"), list):
        listed = embedded["data"]  # API versions before 2022-11-15 embed them
    elif gateway is None:
        return Handled(503, "PAYMENTS_NOT_CONFIGURED")  # Stripe delivers it again later
    else:
        try:  # asked before any transaction is open
            listed = await gateway.list_refunds(intent_id)
        except PaymentError:
            return Handled(503, "STRIPE_UNAVAILABLE")
    db = RequestDB(engine, tenant_id)
    try:
        recorded = (
            await db.execute(
                insert(stripe_events)
                .values(
                    tenant_id=tenant_id,
                    id=event["id"],
                    type=event["type"],
                    payment_intent_id=intent_id,
                    outcome="RECEIVED",
                    payload=event,
                )
                .on_conflict_do_nothing()
                .returning(stripe_events.c.id)
            )
        ).first()
        if recorded is None:
            await db.close(commit=False)
            return Handled(200, "REPEAT")
        changed = await record_stripe_refunds(
            db, tenant_id=tenant_id, intent_id=intent_id, stripe_refunds=list(listed)
        )
        outcome = "REFUNDS_RECORDED" if changed else "NOTHING_NEW"
        await db.execute(
            update(stripe_events)
            .values(outcome=outcome)
            .where(stripe_events.c.tenant_id == tenant_id, stripe_events.c.id == event["id"])
        )
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return Handled(200, outcome)
