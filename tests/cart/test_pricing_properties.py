"""Property tests of the cart's money (app/cart/pricing.py): whatever the lines, discount,
shipping, destination and tax mode, the parts add up to the total in minor units."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.cart.pricing import DiscountKind, PricingDiscount, PricingLine, allocate, price
from app.tax.rates import STANDARD

lines = st.lists(
    st.builds(
        PricingLine,
        unit_price=st.integers(0, 10**7),
        quantity=st.integers(1, 100),
        tax_class=st.sampled_from(["STANDARD", "REDUCED"]),
        discountable=st.booleans(),
    ),
    min_size=0,
    max_size=30,
)
discounts = (
    st.none()
    | st.builds(
        PricingDiscount,
        kind=st.just(DiscountKind.PERCENTAGE),
        value=st.integers(1, 100),
    )
    | st.builds(
        PricingDiscount, kind=st.just(DiscountKind.FIXED_AMOUNT), value=st.integers(1, 10**8)
    )
)
countries = st.none() | st.sampled_from([*sorted(STANDARD), "US", "CH"])


@settings(max_examples=400, deadline=None)
@given(
    lines=lines,
    discount=discounts,
    shipping=st.integers(0, 10**6),
    country=countries,
    include=st.booleans(),
)
def test_parts_add_up_to_the_total(
    lines: list[PricingLine],
    discount: PricingDiscount | None,
    shipping: int,
    country: str | None,
    include: bool,
) -> None:
    cost = price(
        lines, discount=discount, shipping=shipping, country=country, prices_include_tax=include
    )
    assert cost.subtotal == sum(c.subtotal for c in cost.lines)
    assert cost.discount == sum(c.discount for c in cost.lines)
    assert cost.tax == sum(c.tax for c in cost.lines) + cost.shipping_tax
    assert 0 <= cost.discount <= cost.subtotal
    assert all(0 <= c.discount <= c.subtotal for c in cost.lines)
    added_tax = 0 if include else cost.tax
    assert cost.total == cost.subtotal - cost.discount + cost.shipping + added_tax
    assert cost.total == sum(c.total for c in cost.lines) + shipping + (
        0 if include else cost.shipping_tax
    )
    if include:
        # Tax is a part of what is paid, never more than it.
        assert 0 <= cost.tax <= cost.total
    if country is None or country not in STANDARD:
        assert cost.tax == 0


@settings(max_examples=300, deadline=None)
@given(total=st.integers(0, 10**9), weights=st.lists(st.integers(0, 10**7), max_size=40))
def test_allocation_is_exact_and_proportional(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    if sum(weights) == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == total
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        # Each part is its exact share rounded down or up by less than one unit.
        assert abs(part * whole - total * weight) < whole


def test_rounding_is_half_up() -> None:
    # 10% of 0.05 = 0.005 -> 0.01; 21% VAT included in 1.00 = 0.1735... -> 0.17.
    one = [PricingLine(unit_price=5, quantity=1)]
    ten = PricingDiscount(DiscountKind.PERCENTAGE, 10)
    assert price(one, discount=ten, shipping=0, country=None, prices_include_tax=True).discount == 1
    cost = price([PricingLine(unit_price=100, quantity=1)], discount=None, shipping=0,
                 country="ES", prices_include_tax=True)  # fmt: skip
    assert cost.tax == 17
