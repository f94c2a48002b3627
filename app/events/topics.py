"""The event topics webhooks and subscriptions share (API.md), and the scope each needs."""

from __future__ import annotations

TOPIC_SCOPES: dict[str, str] = {
    "product.created": "catalog:read",
    "product.updated": "catalog:read",
    "product.deleted": "catalog:read",
    "inventory.changed": "catalog:read",
    "order.created": "orders:read",
    "order.paid": "orders:read",
    "order.supplier_ordered": "orders:read",
    # Added by the dropshipping work: a supplier refused a paid order (reason on the timeline).
    "order.supplier_refused": "orders:read",
    "order.fulfilled": "orders:read",
    "order.delivered": "orders:read",
    "order.cancelled": "orders:read",
    "order.refunded": "orders:read",
    "job.progress": "automation:read",
    "job.finished": "automation:read",
    # Announces that a subscription was switched off after a run of failed deliveries.
    "webhook.disabled": "webhooks:manage",
}
TOPICS = frozenset(TOPIC_SCOPES)


def topics_readable(scopes: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t, scope in TOPIC_SCOPES.items() if scope in scopes)
