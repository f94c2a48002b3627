"""The one Strawberry schema, assembled from the domains' queries and mutations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import strawberry
from graphql.validation.rules import overlapping_fields_can_be_merged
from strawberry.extensions import SchemaExtension
from strawberry.extensions.directives import DirectivesExtension, DirectivesExtensionSync
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from app.ai_content.mutations import AiContentMutation
from app.ai_content.queries import AiContentQuery
from app.automation.job_queries import NODE_RESOLVERS as JOB_NODES
from app.automation.job_queries import JobQuery
from app.automation.job_subscriptions import JobSubscription
from app.automation.job_types import Job
from app.cart.mutations import CartMutation
from app.cart.queries import CartQuery
from app.catalog.mutations.media import MediaMutation
from app.catalog.mutations.products import ProductMutation
from app.catalog.mutations.taxonomy import CategoryMutation, CollectionMutation
from app.catalog.queries import NODE_RESOLVERS as CATALOG_NODES
from app.catalog.queries import CatalogQuery
from app.catalog.types import Category, Collection, Product, ProductVariant
from app.checkout.mutations import CheckoutMutation
from app.discounts.mutations import DiscountMutation
from app.discounts.queries import DiscountQuery
from app.documents.mutations import DocumentMutation
from app.events.subscriptions import EventSubscription
from app.events.webhook_mutations import WebhookMutation
from app.events.webhook_queries import NODE_RESOLVERS as WEBHOOK_NODES
from app.events.webhook_queries import WebhookQuery
from app.events.webhook_types import WebhookSubscription
from app.graphql import direct_resolvers, extension_hooks
from app.graphql.fast_execution import FastExecutionContext
from app.graphql.ids import refuse_malformed_ids
from app.graphql.input_text import StorableStringsRule
from app.graphql.language import in_context
from app.graphql.limits import OVERLAP_COMPLEXITY_BUDGET, DocumentLimits, time_budget_rule
from app.graphql.node import node_query
from app.graphql.operation import OperationSteps, execute_operation
from app.graphql.query_cost import CostSettings
from app.graphql.scalars import SCALAR_MAP
from app.graphql.throttle import BucketSettings
from app.inventory.mutations import InventoryMutation
from app.orders.mutations import OrderMutation
from app.orders.queries import NODE_RESOLVERS as ORDER_NODES
from app.orders.queries import OrderQuery
from app.orders.refund_mutations import OrderRefundMutation
from app.orders.subscriptions import OrderSubscription
from app.orders.types import Order
from app.settings import Settings
from app.shipping.mutations import ShippingMutation
from app.shipping.queries import ShippingQuery
from app.suppliers.job_mutations import SupplierJobMutation
from app.suppliers.mutations import SupplierMutation
from app.suppliers.offer_queries import SupplierOfferQuery
from app.suppliers.pricing_mutations import PricingRuleMutation
from app.suppliers.queries import SupplierQuery
from app.tax.mutations import TaxMutation, TaxQuery
from app.tenancy.mutations import TenancyMutation
from app.tenancy.queries import NODE_RESOLVERS as TENANCY_NODES
from app.tenancy.queries import TenancyQuery
from app.tenancy.types import ApiKey, StaffMember, Store, StorefrontToken

NodeQuery = node_query(
    {**TENANCY_NODES, **CATALOG_NODES, **ORDER_NODES, **JOB_NODES, **WEBHOOK_NODES}
)


@strawberry.type
class Query(
    NodeQuery,  # type: ignore[misc, valid-type]
    TenancyQuery,
    CatalogQuery,
    CartQuery,
    ShippingQuery,
    OrderQuery,
    DiscountQuery,
    TaxQuery,
    SupplierQuery,
    SupplierOfferQuery,
    WebhookQuery,
    JobQuery,
    AiContentQuery,
):
    pass


@strawberry.type
class Mutation(
    TenancyMutation,
    CategoryMutation,
    CollectionMutation,
    MediaMutation,
    ProductMutation,
    InventoryMutation,
    CartMutation,
    ShippingMutation,
    CheckoutMutation,
    DiscountMutation,
    TaxMutation,
    DocumentMutation,
    SupplierMutation,
    SupplierJobMutation,
    PricingRuleMutation,
    WebhookMutation,
    OrderMutation,
    OrderRefundMutation,
    AiContentMutation,
):
    pass


@strawberry.type
class Subscription(EventSubscription, JobSubscription, OrderSubscription):
    pass


NODE_TYPES = [
    Store,
    StaffMember,
    ApiKey,
    StorefrontToken,
    Product,
    ProductVariant,
    Collection,
    Category,
    Order,
    Job,
    WebhookSubscription,
]


class Schema(strawberry.Schema):
    # The app's extensions as steps the operation calls in place (app/graphql/operation.py);
    # None: Strawberry's execute with whatever extensions the schema was given.
    steps: OperationSteps | None = None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        arguments = (
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
            operation_extensions,
        )
        if self.steps is None:
            return await super().execute(*arguments)
        return await execute_operation(self, self.steps, *arguments)

    def get_extensions(self, sync: bool = False) -> list[SchemaExtension]:
        """Without Strawberry's field-directive extension: our one custom directive,
        @inContext, sits on the operation (InContextLanguage reads it), and that extension
        wraps every field in an async resolver, which made the category page 3x slower."""
        return [
            e
            for e in super().get_extensions(sync)
            if not isinstance(e, DirectivesExtension | DirectivesExtensionSync)
        ]


def build_schema(
    settings: Settings | None = None,
    *,
    fast: bool | None = None,
    observe_validation: Callable[[float], None] | None = None,
    on_rate_limit_unavailable: Callable[[], None] | None = None,
) -> Schema:
    """The schema. `fast=False` gives the reference the fast execution path is tested
    against: graphql-core's executor and Strawberry's resolver wrapper on every field.
    Left out, it follows `settings.fast_execution` (EDESTORY_FAST_EXECUTION).
    `observe_validation` is told how long each validation took (the metrics' histogram);
    `on_rate_limit_unavailable` counts requests served unmetered (Redis down)."""
    settings = settings or Settings()
    if fast is None:
        fast = settings.fast_execution
    limits = DocumentLimits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_query_aliases,
        budget_seconds=settings.validation_budget_seconds,
    )
    # graphql-core documents this module attribute as the knob of its one metered rule.
    overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = OVERLAP_COMPLEXITY_BUDGET
    # Built once here, the rule is the same class on every request, so the validation
    # cache (keyed on the rules) hits.
    steps = OperationSteps(
        rules=[time_budget_rule(limits.budget_seconds), StorableStringsRule],
        max_tokens=settings.max_query_tokens,
        parser_cache_size=1024,
        limits=limits,
        introspection=settings.introspection_mode,
        observe_validation=observe_validation,
        cost=_cost_settings(settings),
        on_rate_limit_unavailable=on_rate_limit_unavailable,
    )
    schema = Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        config=StrawberryConfig(
            auto_camel_case=True,
            scalar_map=SCALAR_MAP,
            # Off unless configured: Strawberry then answers a JSON array with a 400,
            # "Batching is not enabled" (or "Too many operations" past the maximum).
            batching_config=(
                {"max_operations": settings.batch_max_operations}
                if settings.batch_max_operations > 0
                else None
            ),
        ),
        directives=[in_context],
        execution_context_class=FastExecutionContext if fast else None,
        extensions=steps.extensions(),
    )
    schema.steps = steps
    refuse_malformed_ids(schema._schema)
    extension_hooks.install()
    if fast:
        direct_resolvers.install(schema)
    return schema


def _cost_settings(settings: Settings) -> CostSettings:
    bucket = BucketSettings(
        capacity=settings.rate_limit_capacity, restore_rate=settings.rate_limit_restore_rate
    )
    return CostSettings(
        max_cost=settings.max_query_cost,
        report=settings.cost_in_extensions,
        bucket=bucket if settings.rate_limit else None,
    )
