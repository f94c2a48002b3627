"""The one Strawberry schema, assembled from the domains' queries and mutations."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from app.catalog.mutations_media import MediaMutation
from app.catalog.mutations_products import ProductMutation
from app.catalog.mutations_taxonomy import CategoryMutation, CollectionMutation
from app.catalog.queries import NODE_RESOLVERS as CATALOG_NODES
from app.catalog.queries import CatalogQuery
from app.catalog.types import Category, Collection, Product, ProductVariant
from app.graphql.language import InContextLanguage, in_context
from app.graphql.masking import MaskUnexpectedErrors
from app.graphql.node import node_query
from app.graphql.scalars import SCALAR_MAP
from app.inventory.mutations import InventoryMutation
from app.settings import Settings
from app.tenancy.mutations import TenancyMutation
from app.tenancy.queries import NODE_RESOLVERS as TENANCY_NODES
from app.tenancy.queries import TenancyQuery
from app.tenancy.types import ApiKey, StaffMember, Store, StorefrontToken

NodeQuery = node_query({**TENANCY_NODES, **CATALOG_NODES})


@strawberry.type
class Query(NodeQuery, TenancyQuery, CatalogQuery):  # type: ignore[misc, valid-type]
    pass


@strawberry.type
class Mutation(
    TenancyMutation,
    CategoryMutation,
    CollectionMutation,
    MediaMutation,
    ProductMutation,
    InventoryMutation,
):
    pass


NODE_TYPES = [Store, StaffMember, ApiKey, StorefrontToken, Product, ProductVariant, Collection,
              Category]


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    depth = settings.max_query_depth if settings else 12
    tokens = settings.max_query_tokens if settings else 5000
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=NODE_TYPES,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALAR_MAP),
        directives=[in_context],
        extensions=[
            MaskUnexpectedErrors,
            InContextLanguage,
            lambda: QueryDepthLimiter(max_depth=depth),
            lambda: MaxTokensLimiter(max_token_count=tokens),
            lambda: MaxAliasesLimiter(max_alias_count=50),
            lambda: ParserCache(maxsize=1024),
            lambda: ValidationCache(maxsize=1024),
        ],
    )
