"""The order state machine of API.md, in one place: which status may follow which.

PENDING_PAYMENT -> PAID -> (SUPPLIER_ORDERED) -> PARTIALLY_SHIPPED -> SHIPPED -> DELIVERED,
and CANCELLED, PARTIALLY_REFUNDED, REFUNDED. Shipping some lines again while partially
shipped stays PARTIALLY_SHIPPED. Every service that changes a status asks `check` first;
a refusal is OrderErrorCode.INVALID_TRANSITION and nothing changes.
"""

from __future__ import annotations

from app.errors import ServiceError
from app.orders.errors import OrderErrorCode

_SHIPPABLE = {"PARTIALLY_SHIPPED", "SHIPPED"}
_REFUNDS = {"PARTIALLY_REFUNDED", "REFUNDED"}
TRANSITIONS: dict[str, frozenset[str]] = {
    "PENDING_PAYMENT": frozenset({"PAID", "CANCELLED"}),
    "PAID": frozenset({"SUPPLIER_ORDERED", "CANCELLED", *_SHIPPABLE, *_REFUNDS}),
    "SUPPLIER_ORDERED": frozenset({"CANCELLED", *_SHIPPABLE, *_REFUNDS}),
    "PARTIALLY_SHIPPED": frozenset({*_SHIPPABLE, *_REFUNDS}),
    "SHIPPED": frozenset({"DELIVERED", *_REFUNDS}),
    "DELIVERED": frozenset(_REFUNDS),
    "PARTIALLY_REFUNDED": frozenset(_REFUNDS),
    "CANCELLED": frozenset(),
    "REFUNDED": frozenset(),
}


def can(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    """Raise INVALID_TRANSITION unless an order in `current` may become `target`."""
    if not can(current, target):
        raise ServiceError(
            OrderErrorCode.INVALID_TRANSITION,
            f"An order that is {current} can't become {target}",
            ["orderId"],
        )
