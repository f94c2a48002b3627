"""Events: the outbox (`emit`), the relay that publishes it to Redis and schedules webhook
deliveries, the per-process event hub behind GraphQL subscriptions, and outbound webhooks.

Other domains call `app.events.outbox.emit` inside their own transaction; nothing else here
is theirs to call. This domain reads no other domain's tables.
"""
