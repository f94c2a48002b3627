"""Product mutations: check the caller, turn IDs into uuids, call one service function,
and answer with the changed objects (through the catalog loaders) or userErrors."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

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
from app.catalog.reads.loaders import VariantByIdLoader
from app.catalog.reads.prefetch import ProductByIdLoader
from app.catalog.rules import OptionSpec
from app.catalog.service import products as service
from app.catalog.service import translations as product_translations
from app.catalog.service import variants as variant_service
from app.catalog.service.option_translations import MediaTranslation
from app.catalog.types import Product, ProductVariant
from app.graphql.context import Info
from app.graphql.ids import parse_global_id
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError
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


SCOPE = "catalog:write"
P = TypeVar("P")
Code = ProductErrorCode


def _product_id(call: MutationCall, global_id: str, field: str) -> uuid.UUID:
    return call.id(global_id, "Product", Code.NOT_FOUND, field)


async def _product(call: MutationCall, product_id: uuid.UUID) -> Product | None:
    return await call.context.loader(ProductByIdLoader).load(product_id)  # type: ignore[no-any-return]


async def _variants(call: MutationCall, ids: list[uuid.UUID]) -> list[ProductVariant]:
    found = await call.context.loader(VariantByIdLoader).load_many(ids)
    return [v for v in found if v is not None]


def _create_data(call: MutationCall, input: ProductCreateInput) -> service.ProductCreate:
    seo = input.seo or SEOInput()
    return service.ProductCreate(
        store_id=parse_global_id(input.store_id, "Store"),
        title=input.title,
        handle=input.handle,
        description_html=input.description_html,
        status=input.status.value if input.status else None,
        tags=input.tags,
        vendor=input.vendor,
        category_id=call.optional_id(
            input.category_id, "Category", Code.CATEGORY_NOT_FOUND, "input", "categoryId"
        ),
        options=[OptionSpec(name=o.name, values=o.values) for o in input.options or []],
        variants=[v.to_spec() for v in input.variants or []],
        seo_title=seo.title or None,
        seo_description=seo.description or None,
    )


async def _product_payload(call: MutationCall, product_id: uuid.UUID) -> ProductUpdatePayload:
    return ProductUpdatePayload(product=await _product(call, product_id))


@strawberry.type
class ProductMutation:
    @strawberry.mutation(description="Create a product with its options, variants and stock.")
    async def product_create(self, info: Info, input: ProductCreateInput) -> ProductCreatePayload:
        async def answer(call: MutationCall, product_id: uuid.UUID) -> ProductCreatePayload:
            return ProductCreatePayload(product=await _product(call, product_id))

        return await run_mutation(
            info,
            ProductCreatePayload,
            scope=SCOPE,
            write=lambda call: service.create_product(
                db=call.db, tenant_id=call.tenant_id, data=_create_data(call, input)
            ),
            answer=answer,
        )

    @strawberry.mutation(description="Change the given fields of a product.")
    async def product_update(
        self, info: Info, id: strawberry.ID, input: ProductUpdateInput
    ) -> ProductUpdatePayload:
        return await run_mutation(
            info,
            ProductUpdatePayload,
            scope=SCOPE,
            write=lambda call: service.update_product(
                db=call.db,
                tenant_id=call.tenant_id,
                data=input.to_changes(
                    call.given_id(
                        input.category_id,
                        "Category",
                        Code.CATEGORY_NOT_FOUND,
                        "input",
                        "categoryId",
                    )
                ),
                product_id=_product_id(call, id, "id"),
            ),
            answer=_product_payload,
        )

    @strawberry.mutation(description="Delete a product with its variants, stock and media.")
    async def product_delete(self, info: Info, id: strawberry.ID) -> ProductDeletePayload:
        return await run_mutation(
            info,
            ProductDeletePayload,
            scope=SCOPE,
            write=lambda call: service.delete_product(
                db=call.db, tenant_id=call.tenant_id, product_id=_product_id(call, id, "id")
            ),
            answer=lambda call, _: ProductDeletePayload(deleted_product_id=id),
        )

    @strawberry.mutation(
        description="Add variants to a product; new option values join its options."
    )
    async def product_variants_bulk_create(
        self, info: Info, product_id: strawberry.ID, variants: list[ProductVariantInput]
    ) -> ProductVariantsBulkCreatePayload:
        return await _variants_change(
            info,
            ProductVariantsBulkCreatePayload,
            product_id,
            lambda call, product: variant_service.create_variants(
                db=call.db,
                tenant_id=call.tenant_id,
                product_id=product,
                variants=[v.to_spec() for v in variants],
            ),
        )

    @strawberry.mutation(description="Change several variants of one product, all or nothing.")
    async def product_variants_bulk_update(
        self, info: Info, product_id: strawberry.ID, variants: list[ProductVariantBulkUpdateInput]
    ) -> ProductVariantsBulkUpdatePayload:
        return await _variants_change(
            info,
            ProductVariantsBulkUpdatePayload,
            product_id,
            lambda call, product: variant_service.update_variants(
                db=call.db,
                tenant_id=call.tenant_id,
                product_id=product,
                changes=[v.to_changes(parse_global_id(v.id, "ProductVariant")) for v in variants],
            ),
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
        async def answer(
            call: MutationCall, product: uuid.UUID
        ) -> ProductTranslationsUpdatePayload:
            return ProductTranslationsUpdatePayload(product=await _product(call, product))

        return await run_mutation(
            info,
            ProductTranslationsUpdatePayload,
            scope=SCOPE,
            write=lambda call: product_translations.translate_product(
                db=call.db,
                tenant_id=call.tenant_id,
                product_id=_product_id(call, product_id, "productId"),
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
            ),
            answer=answer,
        )


def _variants_change(
    info: Info,
    payload: Callable[..., P],
    product_id: strawberry.ID,
    change: Callable[[MutationCall, uuid.UUID], Awaitable[list[uuid.UUID]]],
) -> Awaitable[P]:
    """Bulk create and bulk update: the same pipeline; the product and its changed variants
    as the answer."""

    async def answer(call: MutationCall, ids: list[uuid.UUID]) -> P:
        product = await _product(call, _product_id(call, product_id, "productId"))
        return payload(product=product, product_variants=await _variants(call, ids))

    return run_mutation(
        info,
        payload,
        scope=SCOPE,
        write=lambda call: change(call, _product_id(call, product_id, "productId")),
        answer=answer,
    )
