"""Category and collection mutations: validate, call one service function, map its result."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from app.catalog.errors import CategoryErrorCode, CollectionErrorCode
from app.catalog.inputs import (
    CategoryCreateInput,
    CategoryUpdateInput,
    CollectionCreateInput,
    CollectionUpdateInput,
)
from app.catalog.reads.loaders import CategoryByIdLoader, CollectionByIdLoader
from app.catalog.service import categories as category_service
from app.catalog.service import collections as collection_service
from app.catalog.types import Category, Collection
from app.graphql.context import Info
from app.graphql.mutations import MutationCall, loaded, run_mutation
from app.graphql.user_errors import UserError

CategoryErrorCodeEnum = strawberry.enum(CategoryErrorCode)
CollectionErrorCodeEnum = strawberry.enum(CollectionErrorCode)


@strawberry.type
class CategoryUserError(UserError[CategoryErrorCode]):
    pass


@strawberry.type
class CollectionUserError(UserError[CollectionErrorCode]):
    pass


@strawberry.type
class CategoryCreatePayload:
    category: Category | None = None
    user_errors: list[CategoryUserError] = strawberry.field(default_factory=list)


@strawberry.type
class CategoryUpdatePayload:
    category: Category | None = None
    user_errors: list[CategoryUserError] = strawberry.field(default_factory=list)


@strawberry.type
class CategoryDeletePayload:
    deleted_category_id: strawberry.ID | None = None
    user_errors: list[CategoryUserError] = strawberry.field(default_factory=list)


@strawberry.type
class CollectionPayload:
    collection: Collection | None = None
    user_errors: list[CollectionUserError] = strawberry.field(default_factory=list)


@strawberry.type
class CollectionCreatePayload(CollectionPayload):
    pass


@strawberry.type
class CollectionUpdatePayload(CollectionPayload):
    pass


@strawberry.type
class CollectionAddProductsPayload(CollectionPayload):
    pass


@strawberry.type
class CollectionRemoveProductsPayload(CollectionPayload):
    pass


@strawberry.type
class CollectionDeletePayload:
    deleted_collection_id: strawberry.ID | None = None
    user_errors: list[CollectionUserError] = strawberry.field(default_factory=list)


SCOPE = "catalog:write"
P = TypeVar("P")


def _row_id(row: Any) -> uuid.UUID:
    return row.id  # type: ignore[no-any-return]


CategoryCode = CategoryErrorCode
CollectionCode = CollectionErrorCode


def _product_ids(call: MutationCall, ids: list[strawberry.ID], *field: str) -> list[uuid.UUID]:
    return call.ids(ids, "Product", CollectionCode.PRODUCT_NOT_FOUND, *field)


async def _category(call: MutationCall, category_id: uuid.UUID) -> Category | None:
    return await call.context.loader(CategoryByIdLoader).load(category_id)  # type: ignore[no-any-return]


async def _collection(call: MutationCall, collection_id: uuid.UUID) -> Collection | None:
    return await call.context.loader(CollectionByIdLoader).load(collection_id)  # type: ignore[no-any-return]


def _category_data(
    call: MutationCall, input: CategoryCreateInput | CategoryUpdateInput
) -> category_service.CategoryInput:
    return category_service.CategoryInput(
        title=input.title,
        handle=input.handle,
        description_html=input.description_html,
        parent_id=call.given_id(
            input.parent_id, "Category", CategoryCode.PARENT_NOT_FOUND, "input", "parentId"
        ),
        position=input.position,
    )


def _collection_data(
    input: CollectionCreateInput | CollectionUpdateInput,
) -> collection_service.CollectionInput:
    return collection_service.CollectionInput(
        title=input.title, handle=input.handle, description_html=input.description_html
    )


@strawberry.type
class CategoryMutation:
    @strawberry.mutation(description="Create a category, at the root or under a parent.")
    async def category_create(
        self, info: Info, input: CategoryCreateInput
    ) -> CategoryCreatePayload:
        async def write(call: MutationCall) -> Any:
            store_id = call.id(
                input.store_id, "Store", CategoryCode.STORE_NOT_FOUND, "input", "storeId"
            )
            return await category_service.create_category(
                db=call.db,
                tenant_id=call.tenant_id,
                store_id=store_id,
                data=_category_data(call, input),
            )

        return await run_mutation(
            info,
            CategoryCreatePayload,
            scope=SCOPE,
            write=write,
            answer=loaded(CategoryCreatePayload, "category", CategoryByIdLoader, key=_row_id),
        )

    @strawberry.mutation(description="Change a category; moving it moves its whole subtree.")
    async def category_update(
        self, info: Info, id: strawberry.ID, input: CategoryUpdateInput
    ) -> CategoryUpdatePayload:
        async def write(call: MutationCall) -> Any:
            category_id = call.id(id, "Category", CategoryCode.NOT_FOUND, "id")
            return await category_service.update_category(
                db=call.db,
                tenant_id=call.tenant_id,
                category_id=category_id,
                data=_category_data(call, input),
            )

        return await run_mutation(
            info,
            CategoryUpdatePayload,
            scope=SCOPE,
            write=write,
            answer=loaded(CategoryUpdatePayload, "category", CategoryByIdLoader, key=_row_id),
        )

    @strawberry.mutation(
        description="Delete a category without subcategories; its products become uncategorized."
    )
    async def category_delete(self, info: Info, id: strawberry.ID) -> CategoryDeletePayload:
        return await run_mutation(
            info,
            CategoryDeletePayload,
            scope=SCOPE,
            write=lambda call: category_service.delete_category(
                db=call.db,
                tenant_id=call.tenant_id,
                category_id=call.id(id, "Category", CategoryCode.NOT_FOUND, "id"),
            ),
            answer=lambda call, _: CategoryDeletePayload(deleted_category_id=id),
        )


def _collection_id(call: MutationCall, global_id: str) -> uuid.UUID:
    return call.id(global_id, "Collection", CollectionCode.NOT_FOUND, "id")


@strawberry.type
class CollectionMutation:
    @strawberry.mutation
    async def collection_create(
        self, info: Info, input: CollectionCreateInput
    ) -> CollectionCreatePayload:
        async def write(call: MutationCall) -> Any:
            store_id = call.id(
                input.store_id, "Store", CollectionCode.STORE_NOT_FOUND, "input", "storeId"
            )
            return await collection_service.create_collection(
                db=call.db,
                tenant_id=call.tenant_id,
                store_id=store_id,
                data=_collection_data(input),
                product_ids=_product_ids(call, input.product_ids or [], "input", "productIds"),
            )

        return await run_mutation(
            info,
            CollectionCreatePayload,
            scope=SCOPE,
            write=write,
            answer=loaded(CollectionCreatePayload, "collection", CollectionByIdLoader, key=_row_id),
        )

    @strawberry.mutation
    async def collection_update(
        self, info: Info, id: strawberry.ID, input: CollectionUpdateInput
    ) -> CollectionUpdatePayload:
        return await run_mutation(
            info,
            CollectionUpdatePayload,
            scope=SCOPE,
            write=lambda call: collection_service.update_collection(
                db=call.db,
                tenant_id=call.tenant_id,
                collection_id=_collection_id(call, id),
                data=_collection_data(input),
            ),
            answer=loaded(CollectionUpdatePayload, "collection", CollectionByIdLoader, key=_row_id),
        )

    @strawberry.mutation
    async def collection_delete(self, info: Info, id: strawberry.ID) -> CollectionDeletePayload:
        return await run_mutation(
            info,
            CollectionDeletePayload,
            scope=SCOPE,
            write=lambda call: collection_service.delete_collection(
                db=call.db, tenant_id=call.tenant_id, collection_id=_collection_id(call, id)
            ),
            answer=lambda call, _: CollectionDeletePayload(deleted_collection_id=id),
        )

    @strawberry.mutation(
        description="Append products at the end, in the given order; members stay where they are."
    )
    async def collection_add_products(
        self, info: Info, id: strawberry.ID, product_ids: list[strawberry.ID]
    ) -> CollectionAddProductsPayload:
        return await _membership_change(
            info,
            CollectionAddProductsPayload,
            id,
            product_ids,
            collection_service.add_collection_products,
        )

    @strawberry.mutation(description="Remove products; ones not in the collection are ignored.")
    async def collection_remove_products(
        self, info: Info, id: strawberry.ID, product_ids: list[strawberry.ID]
    ) -> CollectionRemoveProductsPayload:
        return await _membership_change(
            info,
            CollectionRemoveProductsPayload,
            id,
            product_ids,
            collection_service.remove_collection_products,
        )


def _membership_change(
    info: Info,
    payload: Callable[..., P],
    id: strawberry.ID,
    product_ids: list[strawberry.ID],
    change: Callable[..., Awaitable[Any]],
) -> Awaitable[P]:
    """Adding and removing products: the same pipeline, the collection as the answer."""
    return run_mutation(
        info,
        payload,
        scope=SCOPE,
        write=lambda call: change(
            db=call.db,
            tenant_id=call.tenant_id,
            collection_id=_collection_id(call, id),
            product_ids=_product_ids(call, product_ids, "productIds"),
        ),
        answer=loaded(payload, "collection", CollectionByIdLoader, key=_row_id),
    )
