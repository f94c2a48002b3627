"""The pricing formula (pure) and pricingRuleCreate/Update."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.graphql.ids import to_global_id
from app.suppliers.pricing import PricingRule, price, round_up
from app.suppliers.rates import RateError, parse_rates
from tests.helpers import TenantFactory, call

RULE_FIELDS = """id name multiplier fixedAmount minimumMargin roundingEnding
  compareAtMultiplier"""
CREATE = f"""mutation ($input: PricingRuleInput!) {{
  pricingRuleCreate(input: $input) {{
    pricingRule {{ {RULE_FIELDS} }} userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation ($id: ID!, $input: PricingRuleInput!) {{
  pricingRuleUpdate(id: $id, input: $input) {{
    pricingRule {{ {RULE_FIELDS} }} userErrors {{ field code message }} }} }}"""
LIST = "{ pricingRules(first: 10) { nodes { name multiplier } } }"
RATES = parse_rates("")


def quote(cost: str, shipping: str = "0", source: str = "EUR", **rule: Any) -> tuple[int, Any]:
    result = price(
        cost=Decimal(cost),
        shipping=Decimal(shipping),
        cost_currency=source,
        currency="EUR",
        rule=PricingRule(
            **{k: Decimal(v) if k != "rounding_ending" else v for k, v in rule.items()}
        ),
        rates=RATES,
    )
    return result.amount, result.compare_at


def test_the_documented_worked_example() -> None:
    assert quote(
        "4.20",
        "1.80",
        "USD",
        multiplier="2.5",
        fixed_amount="1.00",
        minimum_margin="0.30",
        rounding_ending=".99",
        compare_at_multiplier="1.4",
    ) == (1499, 2099)


def test_the_minimum_margin_lifts_a_thin_price() -> None:
    # 10 x 1.1 = 11.00 is a 9% margin; 40% needs 10 / 0.6 = 16.67, rounded up.
    assert quote("10", multiplier="1.1", minimum_margin="0.40") == (1667, None)
    assert quote("10", multiplier="1.1") == (1100, None)


@pytest.mark.parametrize(
    ("value", "ending", "expected"),
    [
        ("14.80", ".99", 1499),
        ("14.99", ".99", 1499),
        ("15.00", ".99", 1599),
        ("15.001", ".00", 1600),
        ("15.00", ".00", 1500),
        ("3.96", ".95", 495),
        ("3.001", None, 301),
    ],
)
def test_rounding_goes_up_to_the_ending(value: str, ending: str | None, expected: int) -> None:
    assert round_up(Decimal(value), "EUR", ending) == expected


@given(
    cost=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2),
    multiplier=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(5), places=2),
    margin=st.decimals(min_value=Decimal(0), max_value=Decimal("0.9"), places=2),
    ending=st.sampled_from([None, ".99", ".95", ".00"]),
)
def test_the_margin_holds_after_rounding(
    cost: Decimal, multiplier: Decimal, margin: Decimal, ending: str | None
) -> None:
    amount, _ = quote(
        str(cost), multiplier=str(multiplier), minimum_margin=str(margin), rounding_ending=ending
    )
    selling = Decimal(amount) / 100
    assert selling >= cost * multiplier
    assert selling - cost >= selling * margin


def test_rates_come_from_the_setting_and_an_unknown_currency_is_named() -> None:
    rates = parse_rates("USD=1.00, JPY=0.0062")
    assert (
        price(
            cost=Decimal(10),
            shipping=Decimal(0),
            cost_currency="USD",
            currency="EUR",
            rule=PricingRule(multiplier=Decimal(1)),
            rates=rates,
        ).amount
        == 1000
    )
    with pytest.raises(RateError, match="XYZ"):
        price(
            cost=Decimal(1),
            shipping=Decimal(0),
            cost_currency="XYZ",
            currency="EUR",
            rule=PricingRule(multiplier=Decimal(1)),
            rates=rates,
        )
    with pytest.raises(RateError, match="EDESTORY_EXCHANGE_RATES"):
        parse_rates("USD=abc")


async def test_create_update_and_refuse_bad_rules(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Pricing rules")
    body = await call(
        client,
        CREATE,
        {
            "input": {
                "name": "Standard",
                "multiplier": "2.5",
                "fixedAmount": "1.00",
                "minimumMargin": "0.30",
                "roundingEnding": ".99",
                "compareAtMultiplier": "1.4",
            }
        },
        tenant.staff,
    )
    made = body["data"]["pricingRuleCreate"]
    assert made["userErrors"] == []
    rule = made["pricingRule"]
    assert (rule["multiplier"], rule["fixedAmount"], rule["minimumMargin"]) == ("2.5", "1", "0.3")
    assert (rule["roundingEnding"], rule["compareAtMultiplier"]) == (".99", "1.4")

    body = await call(
        client,
        UPDATE,
        {"id": rule["id"], "input": {"name": "Standard", "multiplier": "3"}},
        tenant.staff,
    )
    updated = body["data"]["pricingRuleUpdate"]["pricingRule"]
    assert (updated["multiplier"], updated["roundingEnding"], updated["minimumMargin"]) == (
        "3",
        None,
        None,
    )

    bad = [
        ({"name": "A", "multiplier": "0"}, "multiplier"),
        ({"name": "A", "multiplier": "2", "minimumMargin": "1.5"}, "minimumMargin"),
        ({"name": "A", "multiplier": "2", "roundingEnding": "99"}, "roundingEnding"),
        ({"name": "A", "multiplier": "2", "compareAtMultiplier": "0.9"}, "compareAtMultiplier"),
        ({"name": "A", "multiplier": "2.123456"}, "multiplier"),
        ({"name": "Standard", "multiplier": "2"}, "name"),
    ]
    for input, field in bad:
        body = await call(client, CREATE, {"input": input}, tenant.staff)
        errors = body["data"]["pricingRuleCreate"]["userErrors"]
        assert [e["field"] for e in errors] == [["input", field]], (input, errors)
    unknown = to_global_id("PricingRule", uuid.uuid4())
    missing = await call(
        client, UPDATE, {"id": unknown, "input": {"name": "B", "multiplier": "2"}}, tenant.staff
    )
    assert missing["data"]["pricingRuleUpdate"]["userErrors"][0]["code"] == "NOT_FOUND"
    listed = await call(client, LIST, {}, tenant.staff)
    assert listed["data"]["pricingRules"]["nodes"] == [{"name": "Standard", "multiplier": "3"}]
