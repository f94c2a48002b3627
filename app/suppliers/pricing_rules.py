"""Pricing rules: create, replace, load (the formula itself is pricing.py)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import Problem, ServiceError
from app.suppliers.errors import SupplierErrorCode as Code
from app.suppliers.models import pricing_rules
from app.suppliers.pricing import PricingRule

pr = pricing_rules
ENDING = re.compile(r"^\.[0-9]{2}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class PricingRuleData:
    name: str
    multiplier: Decimal
    fixed_amount: Decimal = Decimal(0)
    minimum_margin: Decimal | None = None
    rounding_ending: str | None = None
    compare_at_multiplier: Decimal | None = None


def check(data: PricingRuleData) -> list[Problem]:
    """Ranges the formula makes sense in (and the table's CHECKs enforce)."""
    problems = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(Code.INVALID, message, ["input", field]))

    if not 1 <= len(data.name.strip()) <= 100:
        bad("name", "Name must be 1 to 100 characters")
    if not Decimal(0) < data.multiplier <= Decimal(100):
        bad("multiplier", "multiplier must be above 0 and at most 100")
    if not Decimal(-1_000_000) < data.fixed_amount < Decimal(1_000_000):
        bad("fixedAmount", "fixedAmount is out of range")
    if data.minimum_margin is not None and not Decimal(0) <= data.minimum_margin < Decimal(1):
        bad("minimumMargin", 'minimumMargin is a fraction of the price, 0 to below 1 ("0.30")')
    if data.rounding_ending is not None and not ENDING.match(data.rounding_ending):
        bad("roundingEnding", 'roundingEnding is a cents ending such as ".99", ".95" or ".00"')
    if data.compare_at_multiplier is not None and not (
        Decimal(1) < data.compare_at_multiplier <= Decimal(100)
    ):
        bad("compareAtMultiplier", "compareAtMultiplier must be above 1 and at most 100")
    for field, value in (
        ("multiplier", data.multiplier),
        ("fixedAmount", data.fixed_amount),
        ("minimumMargin", data.minimum_margin),
        ("compareAtMultiplier", data.compare_at_multiplier),
    ):
        if value is not None and value.as_tuple().exponent < -4:  # type: ignore[operator]
            bad(field, f"{field} has more than 4 decimal places")
    return problems


def _values(data: PricingRuleData) -> dict[str, Any]:
    problems = check(data)
    if problems:
        raise ServiceError.of(problems)
    return {
        "name": data.name.strip(),
        "multiplier": data.multiplier,
        "fixed_amount": data.fixed_amount,
        "minimum_margin": data.minimum_margin,
        "rounding_ending": data.rounding_ending,
        "compare_at_multiplier": data.compare_at_multiplier,
    }


def _taken(exc: IntegrityError) -> ServiceError:
    return ServiceError(Code.TAKEN, "A pricing rule with this name exists", ["input", "name"])


async def create_rule(*, db: RequestDB, tenant_id: uuid.UUID, data: PricingRuleData) -> uuid.UUID:
    values = _values(data)
    rule_id = uuid7()
    try:
        async with db.unit_of_work():
            await db.execute(
                insert(pr).values(tenant_id=tenant_id, id=rule_id, updated_at=func.now(), **values)
            )
    except IntegrityError as exc:
        raise _taken(exc) from exc
    return rule_id


async def update_rule(
    *, db: RequestDB, tenant_id: uuid.UUID, rule_id: uuid.UUID, data: PricingRuleData
) -> uuid.UUID:
    """Replace the rule (the input is the whole rule: a field left out takes its default).
    Prices follow at the next sync of the products that use it."""
    values = _values(data)
    try:
        async with db.unit_of_work():
            changed = await db.execute(
                update(pr)
                .values(updated_at=func.now(), **values)
                .where(pr.c.tenant_id == tenant_id, pr.c.id == rule_id)
                .returning(pr.c.id)
            )
            if changed.first() is None:
                raise ServiceError(Code.NOT_FOUND, "Pricing rule not found", ["id"])
    except IntegrityError as exc:
        raise _taken(exc) from exc
    return rule_id


def as_rule(row: Any) -> PricingRule:
    return PricingRule(
        multiplier=row.multiplier,
        fixed_amount=row.fixed_amount,
        minimum_margin=row.minimum_margin,
        rounding_ending=row.rounding_ending,
        compare_at_multiplier=row.compare_at_multiplier,
    )


async def rules_by_ids(db: RequestDB, *, tenant_id: uuid.UUID, ids: list[uuid.UUID]) -> list[Any]:
    rows = await db.execute(select(pr).where(pr.c.tenant_id == tenant_id, pr.c.id.in_(ids)))
    return list(rows)
