"""Product mutations: check the caller, turn IDs into uuids, call one service function,
and answer with the changed objects (through the catalog loaders) or userErrors."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry

from app.catalog import product_translations, service
from app.catalog import variants as variant_service
from app.catalog.errors import ProductErrorCode
from app.catalog.inputs import (
    MediaTranslationInput,
    ProductCreateInput,
    ProductOptionTranslationInput,
    ProductTranslationInput,
    ProductUpdateInput,
    ProductVariantBulkUpdateInput,
    ProductVariantInput,
    ProductVariantTranslationInput,
    SEOInput,
)
from app.catalog.loaders import ProductByIdLoader, VariantByIdLoader
from app.catalog.option_translations import MediaTranslation
from app.catalog.rules import OptionSpec
from app.catalog.types import Product, ProductVariant
from app.catalog.writes import UNSET
from app.errors import ServiceError
from app.graphql.context import Info, require_admin
from app.graphql.ids import parse_global_id
from app.graphql.user_errors import UserError, user_error
from app.locale_codes import LanguageCode

ProductErrorCodeEnum = strawberry.enum(ProductErrorCode)


@strawberry.type
class ProductUserError(UserError[ProductErrorCode]):
    pass


Errors = list[ProductUserError]


@strawberry.type
class ProductCreatePayload:
    product: Product | None = None
    user_errors: Errors = strawberry.field(default_factory=list)


@strawberry.type
class ProductUpdatePayload:
    product: Product | None = None
    user_errors: Errors = strawberry.field(default_factory=list)


@strawberry.type
class ProductDeletePayload:
    deleted_product_id: strawberry.ID | None = None
    user_errors: Errors = strawberry.field(default_factory=list)


@strawberry.type
class ProductVariantsBulkCreatePayload:
    product: Product | None = None
    product_variants: list[ProductVariant] | None = None
    user_errors: Errors = strawberry.field(default_factory=list)


@strawberry.type
class ProductVariantsBulkUpdatePayload:
    product: Product | None = None
    product_variants: list[ProductVariant] | None = None
    user_errors: Errors = strawberry.field(default_factory=list)


@strawberry.type
class ProductTranslationsUpdatePayload:
    product: Product | None = None
    user_errors: Errors = strawberry.field(default_factory=list)


def _tenant(info: Info) -> uuid.UUID:
    principal = require_admin(info, "catalog:write")
    assert principal.tenant_id
    return principal.tenant_id


def _id(global_id: str, type_name: str, code: ProductErrorCode, *field: str) -> uuid.UUID:
    """The uuid inside an ID; an ID of another type or a malformed one is simply not found."""
    value = parse_global_id(global_id, type_name)
    if value is None:
        raise ServiceError(code, f"{type_name} not found", list(field))
    return value


def _errors(exc: ServiceError) -> Errors:
    return [user_error(ProductUserError, exc)]


async def _product(info: Info, product_id: uuid.UUID) -> Product | None:
    return await info.context.loader(ProductByIdLoader).load(product_id)  # type: ignore[no-any-return]


async def _variants(info: Info, ids: list[uuid.UUID]) -> list[ProductVariant]:
    found = await info.context.loader(VariantByIdLoader).load_many(ids)
    return [v for v in found if v is not None]


def _create_data(input: ProductCreateInput) -> service.ProductCreate:
    seo = input.seo or SEOInput()
    return service.ProductCreate(
        store_id=parse_global_id(input.store_id, "Store"),
        title=input.title,
        handle=input.handle,
        description_html=input.description_html,
        status=input.status.value if input.status else None,
        tags=input.tags,
        vendor=input.vendor,
        category_id=(
            _id(
                input.category_id,
                "Category",
                ProductErrorCode.CATEGORY_NOT_FOUND,
                "input",
                "categoryId",
            )
            if input.category_id is not None
            else None
        ),
        options=[OptionSpec(name=o.name, values=o.values) for o in input.options or []],
        variants=[v.to_spec() for v in input.variants or []],
        seo_title=seo.title or None,
        seo_description=seo.description or None,
    )


@strawberry.type
class ProductMutation:
    @strawberry.mutation(description="Create a product with its options, variants and stock.")
    async def product_create(self, info: Info, input: ProductCreateInput) -> ProductCreatePayload:
        tenant_id = _tenant(info)
        try:
            product_id = await service.create_product(
                db=info.context.db, tenant_id=tenant_id, data=_create_data(input)
            )
        except ServiceError as exc:
            return ProductCreatePayload(user_errors=_errors(exc))
        return ProductCreatePayload(product=await _product(info, product_id))

    @strawberry.mutation(description="Change the given fields of a product.")
    async def product_update(
        self, info: Info, id: strawberry.ID, input: ProductUpdateInput
    ) -> ProductUpdatePayload:
        tenant_id = _tenant(info)
        try:
            category_id: Any = UNSET
            if input.category_id is None:
                category_id = None
            elif input.category_id is not strawberry.UNSET:
                category_id = _id(
                    input.category_id,
                    "Category",
                    ProductErrorCode.CATEGORY_NOT_FOUND,
                    "input",
                    "categoryId",
                )
            product_id = await service.update_product(
                db=info.context.db,
                tenant_id=tenant_id,
                product_id=_id(id, "Product", ProductErrorCode.NOT_FOUND, "id"),
                data=input.to_changes(category_id),
            )
        except ServiceError as exc:
            return ProductUpdatePayload(user_errors=_errors(exc))
        return ProductUpdatePayload(product=await _product(info, product_id))

    @strawberry.mutation(description="Delete a product with its variants, stock and media.")
    async def product_delete(self, info: Info, id: strawberry.ID) -> ProductDeletePayload:
        tenant_id = _tenant(info)
        try:
            await service.delete_product(
                db=info.context.db,
                tenant_id=tenant_id,
                product_id=_id(id, "Product", ProductErrorCode.NOT_FOUND, "id"),
            )
        except ServiceError as exc:
            return ProductDeletePayload(user_errors=_errors(exc))
        return ProductDeletePayload(deleted_product_id=id)

    @strawberry.mutation(
        description="Add variants to a product; new option values join its options."
    )
    async def product_variants_bulk_create(
        self, info: Info, product_id: strawberry.ID, variants: list[ProductVariantInput]
    ) -> ProductVariantsBulkCreatePayload:
        tenant_id = _tenant(info)
        try:
            product = _id(product_id, "Product", ProductErrorCode.NOT_FOUND, "productId")
            ids = await variant_service.create_variants(
                db=info.context.db,
                tenant_id=tenant_id,
                product_id=product,
                variants=[v.to_spec() for v in variants],
            )
        except ServiceError as exc:
            return ProductVariantsBulkCreatePayload(user_errors=_errors(exc))
        return ProductVariantsBulkCreatePayload(
            product=await _product(info, product), product_variants=await _variants(info, ids)
        )

    @strawberry.mutation(description="Change several variants of one product, all or nothing.")
    async def product_variants_bulk_update(
        self, info: Info, product_id: strawberry.ID, variants: list[ProductVariantBulkUpdateInput]
    ) -> ProductVariantsBulkUpdatePayload:
        tenant_id = _tenant(info)
        try:
            product = _id(product_id, "Product", ProductErrorCode.NOT_FOUND, "productId")
            ids = await variant_service.update_variants(
                db=info.context.db,
                tenant_id=tenant_id,
                product_id=product,
                changes=[v.to_changes(parse_global_id(v.id, "ProductVariant")) for v in variants],
            )
        except ServiceError as exc:
            return ProductVariantsBulkUpdatePayload(user_errors=_errors(exc))
        return ProductVariantsBulkUpdatePayload(
            product=await _product(info, product), product_variants=await _variants(info, ids)
        )

    @strawberry.mutation(
        description="Set or remove a product's texts, its variants' titles, its options' names "
        "and values and its images' alt texts, in one of the store's languages other than the "
        "default."
    )
    async def product_translations_update(
        self,
        info: Info,
        product_id: strawberry.ID,
        language: LanguageCode,
        translations: ProductTranslationInput,
        variant_translations: list[ProductVariantTranslationInput] | None = None,
        option_translations: list[ProductOptionTranslationInput] | None = None,
        media_translations: list[MediaTranslationInput] | None = None,
    ) -> ProductTranslationsUpdatePayload:
        tenant_id = _tenant(info)
        try:
            product = await product_translations.translate_product(
                db=info.context.db,
                tenant_id=tenant_id,
                product_id=_id(product_id, "Product", ProductErrorCode.NOT_FOUND, "productId"),
                language=language.value.lower(),
                data=translations.to_translation(),
                variants=[
                    product_translations.VariantTranslation(
                        variant_id=parse_global_id(t.variant_id, "ProductVariant"), title=t.title
                    )
                    for t in variant_translations or []
                ],
                options=[
                    t.to_translation(parse_global_id(t.option_id, "ProductOption"))
                    for t in option_translations or []
                ],
                media=[
                    MediaTranslation(
                        media_id=parse_global_id(t.media_id, "MediaImage"), alt_text=t.alt_text
                    )
                    for t in media_translations or []
                ],
            )
        except ServiceError as exc:
            return ProductTranslationsUpdatePayload(user_errors=_errors(exc))
        return ProductTranslationsUpdatePayload(product=await _product(info, product))
