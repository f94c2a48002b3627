"""The order state machine of API.md, in one place: which status may follow which.

PENDING_PAYMENT -> PAID -> (SUPPLIER_ORDERED) -> PARTIALLY_SHIPPED -> SHIPPED -> DELIVERED,
and CANCELLED, PARTIALLY_REFUNDED, REFUNDED. Shipping some lines again while partially
shipped stays PARTIALLY_SHIPPED. Every service that changes a status asks `check` first;
a refusal is OrderErrorCode.INVALID_TRANSITION and nothing changes.

Refunds and `status`: the status follows the goods; the money is `Order.financialStatus`
(PENDING, PAID, PARTIALLY_REFUNDED, REFUNDED, derived from the paid and refunded amounts).
- A refund of the whole payment makes any refundable order REFUNDED (terminal).
- A partial refund of an order with nothing shipped yet (PAID, SUPPLIER_ORDERED) makes it
  PARTIALLY_REFUNDED. That order goes on like a paid one: fulfilled (PARTIALLY_SHIPPED,
  SHIPPED), cancelled (unshipped stock back, the rest of the payment refunded), refunded.
- A partial refund of a shipped order (PARTIALLY_SHIPPED, SHIPPED, DELIVERED) keeps its
  status: its shipping progress stays readable and it can still be delivered;
  financialStatus shows the refund.
- PARTIALLY_REFUNDED -> DELIVERED only when every line is shipped, and -> CANCELLED only
  when nothing is (the services check the lines): orders partially refunded after shipping
  before this rule existed are PARTIALLY_REFUNDED with shipped lines, and may be delivered,
  never cancelled (a shipped order is not cancelled, as from PARTIALLY_SHIPPED).
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
    "PARTIALLY_SHIPPED": frozenset({*_SHIPPABLE, "REFUNDED"}),
    "SHIPPED": frozenset({"DELIVERED", "REFUNDED"}),
    "DELIVERED": frozenset({"REFUNDED"}),
    # DELIVERED only with every line shipped, CANCELLED only with none (see above).
    "PARTIALLY_REFUNDED": frozenset({*_SHIPPABLE, "DELIVERED", "CANCELLED", *_REFUNDS}),
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
