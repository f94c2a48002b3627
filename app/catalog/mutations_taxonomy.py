"""Category and collection mutations: validate, call one service function, map its result."""

from __future__ import annotations

import uuid
from enum import Enum

import strawberry

from app.catalog import category_service, collection_service
from app.catalog.errors import CategoryErrorCode, CollectionErrorCode
from app.catalog.loaders import CategoryByIdLoader, CollectionByIdLoader
from app.catalog.types import Category, Collection
from app.errors import ServiceError
from app.graphql.context import Info, require_admin
from app.graphql.ids import parse_global_id
from app.graphql.user_errors import UserError, user_error

CategoryErrorCodeEnum = strawberry.enum(CategoryErrorCode)
CollectionErrorCodeEnum = strawberry.enum(CollectionErrorCode)


@strawberry.type
class CategoryUserError(UserError[CategoryErrorCode]):
    pass


@strawberry.type
class CollectionUserError(UserError[CollectionErrorCode]):
    pass


@strawberry.input
class CategoryCreateInput:
    store_id: strawberry.ID
    title: str
    handle: str | None = strawberry.field(
        default=None, description="Made from the title when left out; unique in the store."
    )
    description_html: str | None = None
    parent_id: strawberry.ID | None = None
    position: int | None = strawberry.field(
        default=None, description="Order among siblings; after the last sibling when left out."
    )


@strawberry.input
class CategoryUpdateInput:
    title: str | None = None
    handle: str | None = None
    description_html: str | None = None
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Move under this category; null moves to the root, leaving it out keeps it.",
    )
    position: int | None = None


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


@strawberry.input
class CollectionCreateInput:
    store_id: strawberry.ID
    title: str
    handle: str | None = strawberry.field(
        default=None, description="Made from the title when left out; unique in the store."
    )
    description_html: str | None = None
    product_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The collection's first products, in this order."
    )


@strawberry.input
class CollectionUpdateInput:
    title: str | None = None
    handle: str | None = None
    description_html: str | None = None


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


def _tenant(info: Info) -> uuid.UUID:
    principal = require_admin(info, "catalog:write")
    assert principal.tenant_id
    return principal.tenant_id


def _id(global_id: str, type_name: str, code: Enum, field: list[str]) -> uuid.UUID:
    """The uuid of an ID argument; a malformed or foreign-typed ID is simply not found."""
    value = parse_global_id(global_id, type_name)
    if value is None:
        raise ServiceError(code, f"{type_name} not found", field)
    return value


def _product_ids(ids: list[strawberry.ID], field: list[str]) -> list[uuid.UUID]:
    code = CollectionErrorCode.PRODUCT_NOT_FOUND
    return [_id(gid, "Product", code, [*field, str(i)]) for i, gid in enumerate(ids)]


async def _category(info: Info, category_id: uuid.UUID) -> Category | None:
    loader = info.context.loader(CategoryByIdLoader)
    return await loader.clear(category_id).load(category_id)  # type: ignore[no-any-return]


async def _collection(info: Info, collection_id: uuid.UUID) -> Collection | None:
    loader = info.context.loader(CollectionByIdLoader)
    return await loader.clear(collection_id).load(collection_id)  # type: ignore[no-any-return]


@strawberry.type
class CategoryMutation:
    @strawberry.mutation(description="Create a category, at the root or under a parent.")
    async def category_create(
        self, info: Info, input: CategoryCreateInput
    ) -> CategoryCreatePayload:
        tenant_id = _tenant(info)
        codes = CategoryErrorCode
        try:
            store_id = _id(input.store_id, "Store", codes.STORE_NOT_FOUND, ["input", "storeId"])
            parent_id = None
            if input.parent_id is not None:
                parent_id = _id(
                    input.parent_id, "Category", codes.PARENT_NOT_FOUND, ["input", "parentId"]
                )
            row = await category_service.create_category(
                db=info.context.db,
                tenant_id=tenant_id,
                store_id=store_id,
                data=category_service.CategoryInput(
                    title=input.title,
                    handle=input.handle,
                    description_html=input.description_html,
                    parent_id=parent_id,
                    position=input.position,
                ),
            )
        except ServiceError as exc:
            return CategoryCreatePayload(user_errors=[user_error(CategoryUserError, exc)])
        return CategoryCreatePayload(category=await _category(info, row.id))

    @strawberry.mutation(description="Change a category; moving it moves its whole subtree.")
    async def category_update(
        self, info: Info, id: strawberry.ID, input: CategoryUpdateInput
    ) -> CategoryUpdatePayload:
        tenant_id = _tenant(info)
        codes = CategoryErrorCode
        try:
            category_id = _id(id, "Category", codes.NOT_FOUND, ["id"])
            parent_id: uuid.UUID | category_service.Keep | None = category_service.KEEP
            if input.parent_id is None:
                parent_id = None
            elif input.parent_id is not strawberry.UNSET:
                parent_id = _id(
                    input.parent_id, "Category", codes.PARENT_NOT_FOUND, ["input", "parentId"]
                )
            row = await category_service.update_category(
                db=info.context.db,
                tenant_id=tenant_id,
                category_id=category_id,
                data=category_service.CategoryInput(
                    title=input.title,
                    handle=input.handle,
                    description_html=input.description_html,
                    parent_id=parent_id,
                    position=input.position,
                ),
            )
        except ServiceError as exc:
            return CategoryUpdatePayload(user_errors=[user_error(CategoryUserError, exc)])
        return CategoryUpdatePayload(category=await _category(info, row.id))

    @strawberry.mutation(
        description="Delete a category without subcategories; its products become uncategorized."
    )
    async def category_delete(self, info: Info, id: strawberry.ID) -> CategoryDeletePayload:
        tenant_id = _tenant(info)
        try:
            category_id = _id(id, "Category", CategoryErrorCode.NOT_FOUND, ["id"])
            await category_service.delete_category(
                db=info.context.db, tenant_id=tenant_id, category_id=category_id
            )
        except ServiceError as exc:
            return CategoryDeletePayload(user_errors=[user_error(CategoryUserError, exc)])
        return CategoryDeletePayload(deleted_category_id=id)


@strawberry.type
class CollectionMutation:
    @strawberry.mutation
    async def collection_create(
        self, info: Info, input: CollectionCreateInput
    ) -> CollectionCreatePayload:
        tenant_id = _tenant(info)
        try:
            store_id = _id(
                input.store_id, "Store", CollectionErrorCode.STORE_NOT_FOUND, ["input", "storeId"]
            )
            row = await collection_service.create_collection(
                db=info.context.db,
                tenant_id=tenant_id,
                store_id=store_id,
                data=collection_service.CollectionInput(
                    title=input.title,
                    handle=input.handle,
                    description_html=input.description_html,
                ),
                product_ids=_product_ids(input.product_ids or [], ["input", "productIds"]),
            )
        except ServiceError as exc:
            return CollectionCreatePayload(user_errors=[user_error(CollectionUserError, exc)])
        return CollectionCreatePayload(collection=await _collection(info, row.id))

    @strawberry.mutation
    async def collection_update(
        self, info: Info, id: strawberry.ID, input: CollectionUpdateInput
    ) -> CollectionUpdatePayload:
        tenant_id = _tenant(info)
        try:
            row = await collection_service.update_collection(
                db=info.context.db,
                tenant_id=tenant_id,
                collection_id=_id(id, "Collection", CollectionErrorCode.NOT_FOUND, ["id"]),
                data=collection_service.CollectionInput(
                    title=input.title,
                    handle=input.handle,
                    description_html=input.description_html,
                ),
            )
        except ServiceError as exc:
            return CollectionUpdatePayload(user_errors=[user_error(CollectionUserError, exc)])
        return CollectionUpdatePayload(collection=await _collection(info, row.id))

    @strawberry.mutation
    async def collection_delete(self, info: Info, id: strawberry.ID) -> CollectionDeletePayload:
        tenant_id = _tenant(info)
        try:
            await collection_service.delete_collection(
                db=info.context.db,
                tenant_id=tenant_id,
                collection_id=_id(id, "Collection", CollectionErrorCode.NOT_FOUND, ["id"]),
            )
        except ServiceError as exc:
            return CollectionDeletePayload(user_errors=[user_error(CollectionUserError, exc)])
        return CollectionDeletePayload(deleted_collection_id=id)

    @strawberry.mutation(
        description="Append products at the end, in the given order; members stay where they are."
    )
    async def collection_add_products(
        self, info: Info, id: strawberry.ID, product_ids: list[strawberry.ID]
    ) -> CollectionAddProductsPayload:
        tenant_id = _tenant(info)
        try:
            row = await collection_service.add_collection_products(
                db=info.context.db,
                tenant_id=tenant_id,
                collection_id=_id(id, "Collection", CollectionErrorCode.NOT_FOUND, ["id"]),
                product_ids=_product_ids(product_ids, ["productIds"]),
            )
        except ServiceError as exc:
            return CollectionAddProductsPayload(user_errors=[user_error(CollectionUserError, exc)])
        return CollectionAddProductsPayload(collection=await _collection(info, row.id))

    @strawberry.mutation(description="Remove products; ones not in the collection are ignored.")
    async def collection_remove_products(
        self, info: Info, id: strawberry.ID, product_ids: list[strawberry.ID]
    ) -> CollectionRemoveProductsPayload:
        tenant_id = _tenant(info)
        try:
            row = await collection_service.remove_collection_products(
                db=info.context.db,
                tenant_id=tenant_id,
                collection_id=_id(id, "Collection", CollectionErrorCode.NOT_FOUND, ["id"]),
                product_ids=_product_ids(product_ids, ["productIds"]),
            )
        except ServiceError as exc:
            return CollectionRemoveProductsPayload(
                user_errors=[user_error(CollectionUserError, exc)]
            )
        return CollectionRemoveProductsPayload(collection=await _collection(info, row.id))
