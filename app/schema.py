"""The one Strawberry schema, assembled from the domains' queries and mutations."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.directives import DirectivesExtension, DirectivesExtensionSync
from strawberry.schema.config import StrawberryConfig

from app.ai_content.mutations import AiContentMutation
from app.ai_content.queries import AiContentQuery
from app.cart.mutations import CartMutation
from app.cart.queries import CartQuery
from app.catalog.mutations_media import MediaMutation
from app.catalog.mutations_products import ProductMutation
from app.catalog.mutations_taxonomy import CategoryMutation, CollectionMutation
from app.catalog.queries import NODE_RESOLVERS as CATALOG_NODES
from app.catalog.queries import CatalogQuery
from app.catalog.types import Category, Collection, Product, ProductVariant
from app.checkout.mutations import CheckoutMutation
from app.discounts.mutations import DiscountMutation
from app.discounts.queries import DiscountQuery
from app.graphql import direct_resolvers
from app.graphql.fast_execution import FastExecutionContext
from app.graphql.language import InContextLanguage, in_context
from app.graphql.masking import MaskUnexpectedErrors
from app.graphql.node import node_query
from app.graphql.scalars import SCALAR_MAP
from app.graphql.validation_cache import IdentityValidationCache
from app.inventory.mutations import InventoryMutation
from app.orders.queries import OrderQuery
from app.settings import Settings
from app.shipping.mutations import ShippingMutation
from app.shipping.queries import ShippingQuery
from app.tax.mutations import TaxMutation, TaxQuery
from app.tenancy.mutations import TenancyMutation
from app.tenancy.queries import NODE_RESOLVERS as TENANCY_NODES
from app.tenancy.queries import TenancyQuery
from app.tenancy.types import ApiKey, StaffMember, Store, StorefrontToken

NodeQuery = node_query({**TENANCY_NODES, **CATALOG_NODES})


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
    AiContentMutation,
):
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
]


class Schema(strawberry.Schema):
    def get_extensions(self, sync: bool = False) -> list[SchemaExtension]:
        """Without Strawberry's field-directive extension: our one custom directive,
        @inContext, sits on the operation (InContextLanguage reads it), and that extension
        wraps every field in an async resolver, which made the category page 3x slower."""
        return [
            e
            for e in super().get_extensions(sync)
            if not isinstance(e, DirectivesExtension | DirectivesExtensionSync)
        ]


def build_schema(settings: Settings | None = None, *, fast: bool | None = None) -> Schema:
    """The schema. `fast=False` gives the reference the fast execution path is tested
    against: graphql-core's executor and Strawberry's resolver wrapper on every field.
    Left out, it follows `settings.fast_execution` (EDESTORY_FAST_EXECUTION)."""
    if fast is None:
        fast = settings.fast_execution if settings else True
    depth = settings.max_query_depth if settings else 12
    tokens = settings.max_query_tokens if settings else 5000
    # The limiters' validation rules are classes made per limiter instance; built once here,
    # they are the same on every request, so the validation cache (keyed on the rules) hits.
    rules = [
        *QueryDepthLimiter(max_depth=depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=50).validation_rules,
    ]
    schema = Schema(
        query=Query,
        mutation=Mutation,
        types=NODE_TYPES,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALAR_MAP),
        directives=[in_context],
        execution_context_class=FastExecutionContext if fast else None,
        extensions=[
            MaskUnexpectedErrors,
            InContextLanguage,
            lambda: AddValidationRules(rules),
            lambda: MaxTokensLimiter(max_token_count=tokens),
            lambda: ParserCache(maxsize=1024),
            IdentityValidationCache,
        ],
    )
    if fast:
        direct_resolvers.install(schema)
    return schema
