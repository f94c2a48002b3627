"""Events: the outbox, webhook subscriptions and their delivery log, and job runs.

- `events` is written in the transaction of the change it announces. `seq` orders a
  tenant's events; `xid` is the writing transaction, so the relay publishes an event only
  once every transaction that might have written an earlier one has ended (see
  app/events/relay.py). A trigger NOTIFYs the relay at commit.
- The relay finds the tenants with unpublished events through one extra SELECT policy that
  holds only in a transaction which set `app.outbox_relay` (the relay's scan); everything
  else it does runs inside the tenant, like any request.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from app.db.rls import tenant_rls
from app.db.sqlscript import split_statements

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = """
CREATE TABLE events (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    store_id uuid,
    topic text NOT NULL CHECK (topic ~ '^[a-z_]+\\.[a-z_]+$'),
    payload jsonb NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX events_unpublished_idx ON events (tenant_id, seq) WHERE published_at IS NULL;
CREATE INDEX events_tenant_seq_idx ON events (tenant_id, seq);

CREATE FUNCTION edestory_events_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Delivered at commit, and once per transaction however many events it wrote.
    PERFORM pg_notify('edestory_events', NEW.tenant_id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION edestory_events_notify();

CREATE TABLE webhook_subscriptions (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    topic text NOT NULL,
    url text NOT NULL CHECK (length(url) <= 2048),
    secret text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    consecutive_failures integer NOT NULL DEFAULT 0,
    disabled_at timestamptz,
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_subscriptions_topic_idx ON webhook_subscriptions (tenant_id, topic)
    WHERE active;

CREATE TABLE webhook_deliveries (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    event_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_response_code integer,
    last_latency_ms integer,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    -- One delivery per event and subscription, however often the relay sees the event.
    UNIQUE (tenant_id, subscription_id, event_id),
    FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions (tenant_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (tenant_id, next_attempt_at)
    WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (tenant_id, created_at DESC, id DESC);

CREATE TABLE job_runs (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    store_id uuid,
    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    status text NOT NULL DEFAULT 'QUEUED'
        CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    progress_done integer NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
    progress_total integer CHECK (progress_total >= 0),
    messages jsonb NOT NULL DEFAULT '[]',
    result jsonb,
    errors jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX job_runs_list_idx ON job_runs (tenant_id, created_at DESC, id DESC);
"""

TENANT_OWNED = ["events", "webhook_subscriptions", "webhook_deliveries", "job_runs"]

# Sweeps that span tenants (the outbox relay, due webhook deliveries) find *which* tenants
# have work through these read-only policies, then do the work inside each tenant.
CROSS_TENANT_SCANS = {
    "events": "published_at IS NULL",
    "webhook_deliveries": "status = 'PENDING'",
}


def upgrade() -> None:
    for statement in split_statements(TABLES):
        op.execute(statement)
    for table in TENANT_OWNED:
        for statement in tenant_rls(table):
            op.execute(statement)
    for table, condition in CROSS_TENANT_SCANS.items():
        op.execute(
            f"CREATE POLICY relay_scan ON {table} FOR SELECT USING ("
            f"current_setting('app.outbox_relay', true) = 'on' AND {condition})"
        )


def downgrade() -> None:
    for table in reversed(TENANT_OWNED):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute("DROP FUNCTION IF EXISTS edestory_events_notify()")
