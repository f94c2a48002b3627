"""GraphQL inputs of the catalog mutations, and their translation into service values."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry

from app.catalog import rules
from app.catalog.service.option_translations import OptionTranslation
from app.catalog.service.products import ProductChanges
from app.catalog.service.translations import ProductTranslation
from app.catalog.service.variants import VariantChanges
from app.catalog.types import ProductStatus
from app.graphql.mutations import given
from app.graphql.scalars import Decimal
from app.unset import UNSET


@strawberry.input
class ProductOptionInput:
    name: str
    values: list[str]


@strawberry.input(description="Search engine texts; null clears one.")
class SEOInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class ProductVariantInput:
    price: Decimal
    sku: str | None = None
    compare_at_price: Decimal | None = strawberry.field(
        default=None, description="May be lower than price; a sale shows only when higher."
    )
    option_values: list[str] | None = strawberry.field(
        default=None, description="One value per product option, in the options' order."
    )
    inventory_quantity: int | None = strawberry.field(
        default=None, description="Initial stock on hand; 0 when left out."
    )
    barcode: str | None = None
    weight_grams: int | None = None

    def to_spec(self) -> rules.VariantSpec:
        return rules.VariantSpec(
            price=self.price,
            sku=self.sku,
            compare_at_price=self.compare_at_price,
            option_values=self.option_values,
            inventory_quantity=self.inventory_quantity,
            barcode=self.barcode,
            weight_grams=self.weight_grams,
        )


@strawberry.input(
    description="Without variants the product gets one: the first value of each option, "
    "price 0, no stock."
)
class ProductCreateInput:
    store_id: strawberry.ID
    title: str
    handle: str | None = strawberry.field(
        default=None, description="Made from the title when left out, unique in the store."
    )
    description_html: str | None = None
    status: ProductStatus | None = strawberry.field(default=None, description="DRAFT by default.")
    tags: list[str] | None = None
    vendor: str | None = None
    category_id: strawberry.ID | None = None
    options: list[ProductOptionInput] | None = strawberry.field(
        default=None, description="At most 3."
    )
    variants: list[ProductVariantInput] | None = strawberry.field(
        default=None, description="At most 100."
    )
    seo: SEOInput | None = None


@strawberry.input(
    description="Fields left out stay as they are; null clears vendor, category and SEO texts "
    "and leaves the other fields unchanged."
)
class ProductUpdateInput:
    title: str | None = strawberry.UNSET
    handle: str | None = strawberry.UNSET
    description_html: str | None = strawberry.UNSET
    status: ProductStatus | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    vendor: str | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    seo: SEOInput | None = strawberry.UNSET

    def to_changes(self, category_id: Any) -> ProductChanges:
        """The changes, with `category_id` already resolved (UNSET, None or a uuid)."""
        seo_title: Any = UNSET
        seo_description: Any = UNSET
        if self.seo is None:  # seo: null clears both texts
            seo_title, seo_description = None, None
        elif isinstance(self.seo, SEOInput):
            seo_title, seo_description = given(self.seo.title), given(self.seo.description)
        return ProductChanges(
            title=given(self.title),
            handle=given(self.handle),
            description_html=given(self.description_html),
            status=self.status.value if isinstance(self.status, ProductStatus) else UNSET,
            tags=given(self.tags),
            vendor=given(self.vendor),
            category_id=category_id,
            seo_title=seo_title,
            seo_description=seo_description,
        )


@strawberry.input(description="Fields left out stay as they are; null clears the optional ones.")
class ProductVariantBulkUpdateInput:
    id: strawberry.ID
    price: Decimal | None = strawberry.UNSET
    compare_at_price: Decimal | None = strawberry.UNSET
    sku: str | None = strawberry.UNSET
    option_values: list[str] | None = strawberry.UNSET
    barcode: str | None = strawberry.UNSET
    weight_grams: int | None = strawberry.UNSET

    def to_changes(self, variant_id: Any) -> VariantChanges:
        return VariantChanges(
            id=variant_id,
            price=given(self.price),
            compare_at_price=given(self.compare_at_price),
            sku=given(self.sku),
            option_values=given(self.option_values),
            barcode=given(self.barcode),
            weight_grams=given(self.weight_grams),
        )


@strawberry.input(description="Text in the given language; null or blank removes it.")
class ProductTranslationInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    description_html: str | None = strawberry.UNSET
    seo_title: str | None = strawberry.UNSET
    seo_description: str | None = strawberry.UNSET

    def to_translation(self) -> ProductTranslation:
        return ProductTranslation(
            title=given(self.title),
            description=given(self.description),
            description_html=given(self.description_html),
            seo_title=given(self.seo_title),
            seo_description=given(self.seo_description),
        )


@strawberry.input
class ProductVariantTranslationInput:
    variant_id: strawberry.ID
    title: str | None


@strawberry.input(description="An option's name and values in one language.")
class ProductOptionTranslationInput:
    option_id: strawberry.ID
    name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Null or blank removes the translation."
    )
    values: list[str] | None = strawberry.field(
        default=strawberry.UNSET,
        description="The option's values in this language, as many and in the same order "
        "as `ProductOption.values` in the default language; a blank one stays untranslated, "
        "null or [] removes them.",
    )

    def to_translation(self, option_id: uuid.UUID | None) -> OptionTranslation:
        return OptionTranslation(
            option_id=option_id, name=given(self.name), values=given(self.values)
        )


@strawberry.input(description="An image's alt text in one language; null removes it.")
class MediaTranslationInput:
    media_id: strawberry.ID
    alt_text: str | None


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


@strawberry.input
class MediaUploadCreateInput:
    store_id: strawberry.ID
    filename: str
    content_type: str = strawberry.field(
        description="image/jpeg, image/png, image/webp or image/gif."
    )
    file_size: int = strawberry.field(description="In bytes, at most 20 MB.")


@strawberry.input(description="An uploaded file (mediaId) or an external https image (url).")
class ProductMediaInput:
    media_id: strawberry.ID | None = None
    url: str | None = None
    alt_text: str | None = None
    width: int | None = None
    height: int | None = None
