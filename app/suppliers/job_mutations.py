"""`supplierProductsImport` and `supplierSyncStart`: start a job run (automation:write);
`orderSupplierRetry`: place a refused supplier order again."""

from __future__ import annotations

import strawberry

from app.automation.job_types import Job
from app.graphql.context import Info
from app.graphql.mutations import MutationCall, run_mutation
from app.suppliers import job_start
from app.suppliers.errors import SupplierErrorCode
from app.suppliers.mutations import SCOPE, SupplierUserError


@strawberry.type
class SupplierJobPayload:
    job: Job | None = None
    user_errors: list[SupplierUserError] = strawberry.field(default_factory=list)


@strawberry.type
class OrderSupplierRetryPayload:
    order_id: strawberry.ID | None = None
    job: Job | None = strawberry.field(
        default=None, description="The new `supplier.order` run placing the order."
    )
    user_errors: list[SupplierUserError] = strawberry.field(default_factory=list)


def _answer(call: MutationCall, row: object) -> SupplierJobPayload:
    return SupplierJobPayload(job=Job.from_row(row))


async def _import(
    call: MutationCall,
    connection_id: str,
    supplier_product_ids: list[str],
    store_id: str,
    pricing_rule_id: str | None,
) -> object:
    code = SupplierErrorCode.NOT_FOUND
    return await job_start.start_import(
        db=call.db,
        redis=call.context.redis,
        tenant_id=call.tenant_id,
        connection_id=call.id(connection_id, "SupplierConnection", code, "connectionId"),
        supplier_product_ids=supplier_product_ids,
        store_id=call.id(store_id, "Store", code, "storeId"),
        pricing_rule_id=call.optional_id(pricing_rule_id, "PricingRule", code, "pricingRuleId"),
    )


@strawberry.type
class SupplierJobMutation:
    @strawberry.mutation(
        description="Import supplier products into a store as DRAFT products, priced by the "
        "rule (the default rule if left out), as a job: follow it with job(id) or jobProgress."
    )
    async def supplier_products_import(
        self,
        info: Info,
        connection_id: strawberry.ID,
        supplier_product_ids: list[str],
        store_id: strawberry.ID,
        pricing_rule_id: strawberry.ID | None = None,
    ) -> SupplierJobPayload:
        return await run_mutation(
            info,
            SupplierJobPayload,
            scope=SCOPE,
            write=lambda call: _import(
                call, connection_id, supplier_product_ids, store_id, pricing_rule_id
            ),
            answer=_answer,
        )

    @strawberry.mutation(
        description="Sync a connection's products now (cost, price, stock), as a job."
    )
    async def supplier_sync_start(
        self, info: Info, connection_id: strawberry.ID
    ) -> SupplierJobPayload:
        return await run_mutation(
            info,
            SupplierJobPayload,
            scope=SCOPE,
            write=lambda call: job_start.start_sync(
                db=call.db,
                redis=call.context.redis,
                tenant_id=call.tenant_id,
                connection_id=call.id(
                    connection_id, "SupplierConnection", SupplierErrorCode.NOT_FOUND, "connectionId"
                ),
            ),
            answer=_answer,
        )

    @strawberry.mutation(
        description="Place a paid order's refused supplier order again (the refusal is on "
        "the order's timeline; or its failed placement job): a new `supplier.order` job, in "
        "which the worker places it and moves the order to SUPPLIER_ORDERED."
    )
    async def order_supplier_retry(
        self, info: Info, order_id: strawberry.ID
    ) -> OrderSupplierRetryPayload:
        return await run_mutation(
            info,
            OrderSupplierRetryPayload,
            scope=SCOPE,
            write=lambda call: job_start.retry_supplier_order(
                db=call.db,
                redis=call.context.redis,
                tenant_id=call.tenant_id,
                order_id=call.id(order_id, "Order", SupplierErrorCode.NOT_FOUND, "orderId"),
            ),
            answer=lambda call, row: OrderSupplierRetryPayload(
                order_id=order_id, job=Job.from_row(row)
            ),
        )
