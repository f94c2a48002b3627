"""What an import and a sync share: their result, and what they read before calling out."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.db.tenant import RequestDB
from app.settings import Settings
from app.suppliers.connections import connection_row, store_tokens
from app.suppliers.models import pricing_rules
from app.suppliers.pricing import DEFAULT_RULE, PricingRule
from app.suppliers.pricing_rules import as_rule
from app.suppliers.rates import RateError, parse_rates

Progress = Callable[[int, int], Awaitable[None]]
ERRORS_KEPT = 200  # a run with more failures keeps the first ones and the count


class RunFailedError(Exception):
    """The whole run failed (no connection, a malformed feed): its message is the job's."""


@dataclass(slots=True)
class RunResult:
    checked: int = 0
    created: int = 0
    changed: int = 0
    unavailable: int = 0
    failed: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def fail(self, ref: str, message: str) -> None:
        self.failed += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append({"ref": ref, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "created": self.created,
            "changed": self.changed,
            "unavailable": self.unavailable,
            "failed": self.failed,
            "errors": self.errors,
        }


async def connection_and_rates(
    db: RequestDB, *, tenant_id: uuid.UUID, settings: Settings, connection_id: uuid.UUID
) -> tuple[Any, dict[str, Decimal]]:
    row = await connection_row(db, tenant_id=tenant_id, connection_id=connection_id)
    if row is None:
        raise RunFailedError("Supplier connection not found")
    try:
        rates = parse_rates(settings.exchange_rates)
    except RateError as exc:
        raise RunFailedError(str(exc)) from exc
    return row, rates


async def rule_of(db: RequestDB, *, tenant_id: uuid.UUID, rule_id: uuid.UUID | None) -> PricingRule:
    if rule_id is None:
        return DEFAULT_RULE
    pr = pricing_rules
    row = (
        await db.execute(select(pr).where(pr.c.tenant_id == tenant_id, pr.c.id == rule_id))
    ).first()
    if row is None:
        raise RunFailedError("Pricing rule not found")
    return as_rule(row)


async def keep_tokens(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    settings: Settings,
    connection_id: uuid.UUID,
    tokens: dict[str, str],
) -> None:
    """Store tokens an adapter obtained during the run (encrypted, in its own commit)."""
    if tokens:
        await store_tokens(
            db, tenant_id=tenant_id, settings=settings, connection_id=connection_id, tokens=tokens
        )
        await db.commit()
