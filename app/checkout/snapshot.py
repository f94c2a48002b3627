"""The priced cart a checkout keeps, as JSON: what the order copies, whatever changes later."""

from __future__ import annotations

from typing import Any

from app.cart.view import CartView


def snapshot(view: CartView) -> dict[str, Any]:
    assert view.selected is not None
    cost = view.cost
    lines = []
    for line in view.lines:
        item, line_cost = line.item, view.line_costs.get(line.id)
        assert item is not None and line_cost is not None
        lines.append(
            {
                "variant_id": str(line.variant_id),
                "product_title": item.product_title,
                "variant_title": item.variant_title,
                "sku": item.sku,
                "quantity": line.quantity,
                "unit_price": line_cost.unit_price,
                "subtotal": line_cost.subtotal,
                "discount": line_cost.discount,
                "tax": line_cost.tax,
                "tax_rate_bp": line_cost.tax_rate_bp,
                "total": line_cost.total,
            }
        )
    applied = view.applied_discount
    return {
        "lines": lines,
        "cost": {
            "subtotal": cost.subtotal,
            "discount": cost.discount,
            "shipping": cost.shipping,
            "shipping_tax": cost.shipping_tax,
            "tax": cost.tax,
            "total": cost.total,
        },
        "prices_include_tax": view.prices_include_tax,
        "shipping_address": view.shipping_address,
        "delivery": {
            "handle": view.selected.handle,
            "title": view.selected.title,
            "cost": view.selected.cost,
        },
        "discount_code": applied.code if applied else None,
    }


def quantities(snap: dict[str, Any]) -> dict[Any, int]:
    """Reserved quantity by variant id (uuid)."""
    import uuid

    totals: dict[uuid.UUID, int] = {}
    for line in snap["lines"]:
        variant_id = uuid.UUID(line["variant_id"])
        totals[variant_id] = totals.get(variant_id, 0) + line["quantity"]
    return totals
