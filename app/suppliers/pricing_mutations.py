"""Pricing rule mutations (admin, automation:write)."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

import strawberry

from app.errors import ServiceError
from app.graphql.context import Info
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.scalars import Decimal as DecimalScalar
from app.suppliers import pricing_rules as service
from app.suppliers.errors import SupplierErrorCode as Code
from app.suppliers.mutations import SCOPE, SupplierUserError
from app.suppliers.queries import pricing_rules_by_ids
from app.suppliers.types import PricingRule


@strawberry.input(description="A pricing rule; pricing.py's docstring has the formula.")
class PricingRuleInput:
    name: str
    multiplier: DecimalScalar = strawberry.field(description="Times (cost + shipping).")
    fixed_amount: DecimalScalar | None = strawberry.field(
        default=None, description="Added after the multiplier, in the store's currency."
    )
    minimum_margin: DecimalScalar | None = strawberry.field(
        default=None, description='The least share of the price above cost ("0.30" = 30%).'
    )
    rounding_ending: str | None = strawberry.field(
        default=None, description='Prices end in this (".99", ".95", ".00"), rounded up.'
    )
    compare_at_multiplier: DecimalScalar | None = strawberry.field(
        default=None, description="Compare-at price = price x this (above 1)."
    )


@strawberry.type
class PricingRulePayload:
    pricing_rule: PricingRule | None = None
    user_errors: list[SupplierUserError] = strawberry.field(default_factory=list)


def _decimal(value: str | None, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ServiceError(Code.INVALID, f"{field} is not a decimal", ["input", field]) from exc
    if not parsed.is_finite():
        raise ServiceError(Code.INVALID, f"{field} is not a decimal", ["input", field])
    return parsed


def _data(input: PricingRuleInput) -> service.PricingRuleData:
    return service.PricingRuleData(
        name=input.name,
        multiplier=_decimal(input.multiplier, "multiplier") or Decimal(0),
        fixed_amount=_decimal(input.fixed_amount, "fixedAmount") or Decimal(0),
        minimum_margin=_decimal(input.minimum_margin, "minimumMargin"),
        rounding_ending=input.rounding_ending,
        compare_at_multiplier=_decimal(input.compare_at_multiplier, "compareAtMultiplier"),
    )


async def _payload(call: MutationCall, rule_id: uuid.UUID) -> PricingRulePayload:
    found = await pricing_rules_by_ids(call.db, call.tenant_id, [rule_id])
    return PricingRulePayload(pricing_rule=found[0] if found else None)


@strawberry.type
class PricingRuleMutation:
    @strawberry.mutation(description="A pricing rule for imported supplier products.")
    async def pricing_rule_create(self, info: Info, input: PricingRuleInput) -> PricingRulePayload:
        return await run_mutation(
            info,
            PricingRulePayload,
            scope=SCOPE,
            write=lambda call: service.create_rule(
                db=call.db, tenant_id=call.tenant_id, data=_data(input)
            ),
            answer=_payload,
        )

    @strawberry.mutation(
        description="Replace a pricing rule; prices follow at the products' next sync."
    )
    async def pricing_rule_update(
        self, info: Info, id: strawberry.ID, input: PricingRuleInput
    ) -> PricingRulePayload:
        return await run_mutation(
            info,
            PricingRulePayload,
            scope=SCOPE,
            write=lambda call: service.update_rule(
                db=call.db,
                tenant_id=call.tenant_id,
                rule_id=call.id(id, "PricingRule", Code.NOT_FOUND, "id"),
                data=_data(input),
            ),
            answer=_payload,
        )
