-- Distribute the Edestory schema over a Citus cluster: every tenant table by tenant_id, all
-- co-located with `tenants`, and the global lookup tables as reference tables.
--
-- Run once on the coordinator, as the owner role (edestory_owner), after `edestory migrate`
-- has brought the schema to its head revision and `CREATE EXTENSION citus` was run by a
-- superuser with the worker nodes added (citus_add_node). README.md, "Running in production
-- > Citus", gives the whole path; tests/db/test_citus_plan.py checks this file against the
-- migrated schema (every table named once, Citus's rules on keys, foreign keys and policies).
-- Written for Citus 12 on PostgreSQL 16; not run against a real cluster in this repository.
--
-- Order matters: functions the tables use first, then what Citus refuses is taken out of the
-- way (policies with subqueries, foreign keys from global tables to tenant tables), then the
-- reference tables, then `tenants`, then every tenant table after the tables its foreign keys
-- point to (Citus distributes a table only when the tables it references already are).
--
-- Not one transaction: each create_distributed_table copies the table's rows into its shards
-- as it runs. Run it in a maintenance window with `psql -v ON_ERROR_STOP=1 -f distribute.sql`;
-- a failure stops at the statement named, and the rest can be run from there.

-- Tables with triggers (products_search, events_notify) are refused unless this is on; set it
-- for the database too (ALTER DATABASE ... SET), since it also governs the triggers' firing
-- on the shards. Both triggers stay within one tenant: products_search reads the product's
-- store and translations (co-located, the same shard group), events_notify calls pg_notify.
SET citus.enable_unsafe_triggers = on;

-- The app binds each transaction to its tenant with SET LOCAL (app/db/tenant.py:
-- `BEGIN; SET LOCAL app.tenant_id = '<uuid>'`, app.user_id, and the scan flags
-- app.outbox_relay, app.purge, app.events_purge, app.refund_scan, app.reminder_scan). The
-- policies on the shards read those settings on the workers; Citus forwards SET LOCAL to the
-- worker connections of the transaction only with citus.propagate_set_commands = 'local'
-- (the default, 'none', forwards nothing, and every policy would then hide every row). Set
-- for the database, so every new session of the app and the worker has it: restart them (or
-- let their pools recycle) after this script. The owner role owns the database
-- (deploy/postgres/init.sql), so it may; `ALTER ROLE edestory_app SET ...` is the
-- alternative where it does not. Not verified on a real cluster here (no Citus available).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET citus.propagate_set_commands = %L',
                   current_database(), 'local');
END
$$;

-- The functions the tables call (search configuration, search trigger, outbox trigger, the
-- tsvector aggregate) must exist on every worker before shards are created there.
SELECT create_distributed_function('edestory_ts_config(text)');
SELECT create_distributed_function('products_search_refresh()');
SELECT create_distributed_function('edestory_events_notify()');
SELECT create_distributed_function('tsvector_agg(tsvector)');

-- Citus refuses a policy with a subquery on any table it manages. Two global-table policies
-- use one to reach staff_members; each is replaced by the nearest rule without a subquery.
-- tenants: a signed-in user (app.user_id set) may read tenant rows (id, name, status). The
-- sign-in query joins staff_members, whose own_memberships policy still limits it to the
-- user's own tenants, so what the app reads does not change; the RLS backstop on tenants
-- itself becomes "any signed-in user" instead of "a member".
DROP POLICY member_tenants ON tenants;
CREATE POLICY member_tenants ON tenants FOR SELECT
    USING (NULLIF(current_setting('app.user_id', true), '') IS NOT NULL);
-- users: a user updates itself, and a tenant transaction (staffInvite writes the invite
-- token onto the invited user) may update users. Weaker than before: RLS no longer checks
-- that the user is one of the tenant's members; the service's WHERE on the user id does.
-- Restoring it means moving the invite columns to staff_members (not done).
DROP POLICY member_or_self_update ON users;
CREATE POLICY member_or_self_update ON users FOR UPDATE
    USING (id = NULLIF(current_setting('app.user_id', true), '')::uuid
           OR NULLIF(current_setting('app.tenant_id', true), '') IS NOT NULL)
    WITH CHECK (id = NULLIF(current_setting('app.user_id', true), '')::uuid
                OR NULLIF(current_setting('app.tenant_id', true), '') IS NOT NULL);

-- A reference table may not have a foreign key to a distributed table. The two routing tables
-- have one to the tenant row they route to; under Citus the services keep them in step
-- without it: a route is written in the same transaction as its store or connection. What is
-- lost is the cascade on delete. Nothing deletes stores (they are CLOSED); a deleted supplier
-- connection leaves its route behind, which leads nowhere: the webhook then finds no
-- connection in the tenant and refuses the push (app/suppliers/webhook.py), and the sync
-- schedule reads due connections from the tenant's own rows.
ALTER TABLE store_domains DROP CONSTRAINT store_domains_tenant_id_store_id_fkey;
ALTER TABLE supplier_connection_routes
    DROP CONSTRAINT supplier_connection_routes_tenant_id_connection_id_fkey;

-- Reference tables: global, read before any tenant is known, small, rarely written; a copy on
-- every node, so joins to them and lookups in them stay on one node.
-- users: a person's login identity across tenants; email unique across all of them.
SELECT create_reference_table('users');
-- store_domains: Host -> tenant and store; a domain is unique across all tenants (its primary
-- key; migration 0016 dropped the equivalent global index on stores).
SELECT create_reference_table('store_domains');
-- supplier_connection_routes: an inbound supplier webhook names only a connection id.
SELECT create_reference_table('supplier_connection_routes');

-- The anchor of the co-location group: a tenant's row lives on the same shard as its data,
-- so every `tenant_id -> tenants (id)` foreign key is within one shard. colocate_with 'none'
-- starts a new group with citus.shard_count shards (default 32: leave room to rebalance when
-- nodes are added; split out a very large merchant with isolate_tenant_to_new_shard).
SELECT create_distributed_table('tenants', 'id', colocate_with => 'none');

-- Every tenant table: distributed by tenant_id, co-located with tenants. Primary keys, unique
-- keys and foreign keys all carry tenant_id (tests/db/test_citus_plan.py holds them to it),
-- so a tenant's statements are single-shard router queries.
SELECT create_distributed_table('stores', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('staff_members', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('api_keys', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('storefront_tokens', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('refresh_tokens', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('persisted_documents', 'tenant_id', colocate_with => 'tenants');

-- Catalog.
SELECT create_distributed_table('categories', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('products', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('product_options', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('media', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('product_variants', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('inventory_levels', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('collections', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('collection_products', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('translations', 'tenant_id', colocate_with => 'tenants');
-- The hourly purge deletes expired keys of every tenant: a multi-shard DELETE, each shard
-- using its own idempotency_keys_created_at index.
SELECT create_distributed_table('idempotency_keys', 'tenant_id', colocate_with => 'tenants');

-- Cart, checkout, orders, payments.
SELECT create_distributed_table('store_checkout_settings', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('carts', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('cart_lines', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('shipping_zones', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('shipping_rates', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('discounts', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('discount_collections', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('checkouts', 'tenant_id', colocate_with => 'tenants');
-- Order numbers are not a PostgreSQL sequence: one counter row per store, advanced by an
-- upsert (app/orders/service.py). It is a single-shard statement, so numbering per store
-- stays gap-free and ordered under Citus exactly as it is on one PostgreSQL.
SELECT create_distributed_table('order_counters', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('orders', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('order_lines', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('discount_usages', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('stripe_events', 'tenant_id', colocate_with => 'tenants');
-- The expiry sweep reads which tenants are due across all of them: a multi-shard SELECT of a
-- few rows. Distributed rather than reference: it is written on every cart and checkout
-- change, and a reference table would write every node in a two-phase commit each time (its
-- foreign key to tenants also needs it distributed).
SELECT create_distributed_table('tenant_expiry_due', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('order_events', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('fulfillments', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('refunds', 'tenant_id', colocate_with => 'tenants');

-- Suppliers and automation.
SELECT create_distributed_table('supplier_connections', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('pricing_rules', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('supplier_variants', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('supplier_orders', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('job_runs', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('supplier_placements', 'tenant_id', colocate_with => 'tenants');  -- after job_runs: it references it
SELECT create_distributed_table('store_content_settings', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('ai_content_drafts', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('cart_email_sends', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('email_unsubscribes', 'tenant_id', colocate_with => 'tenants');

-- Events. `seq` is a bigint identity column (Citus accepts bigint identities on distributed
-- tables; values come from the node that runs the INSERT, so the app keeps writing through
-- the coordinator). The relay's scan for pending tenants is a multi-shard SELECT.
SELECT create_distributed_table('events', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('webhook_subscriptions', 'tenant_id', colocate_with => 'tenants');
SELECT create_distributed_table('webhook_deliveries', 'tenant_id', colocate_with => 'tenants');
