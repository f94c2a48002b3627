"""Media mutations: presign an upload, attach uploads or external images to a product."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from app.catalog.errors import MediaErrorCode
from app.catalog.inputs import MediaUploadCreateInput, ProductMediaInput
from app.catalog.reads import build
from app.catalog.reads.prefetch import ProductByIdLoader
from app.catalog.service import media as media_service
from app.catalog.service.storage import MediaStorage, StorageError
from app.catalog.types import Image, Product
from app.graphql.context import Info
from app.graphql.errors import PublicError
from app.graphql.ids import to_global_id
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError

MediaErrorCodeEnum = strawberry.enum(MediaErrorCode)
MEDIA_TYPE = "MediaImage"  # the type name in Image ids (app/catalog/reads/build.py)


class StorageUnavailable(PublicError):
    code = "STORAGE_UNAVAILABLE"


@strawberry.type
class MediaUserError(UserError[MediaErrorCode]):
    pass


@strawberry.type
class MediaUploadHeader:
    name: str
    value: str


@strawberry.type(
    description="Where to PUT the file: send these headers and a body of exactly fileSize bytes."
)
class MediaUpload:
    url: str
    method: str
    headers: list[MediaUploadHeader]
    key: str
    expires_at: dt.datetime


@strawberry.type
class MediaUploadCreatePayload:
    upload: MediaUpload | None = None
    media_id: strawberry.ID | None = strawberry.field(
        default=None, description="Give it to productMediaAttach once the upload is done."
    )
    user_errors: list[MediaUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProductMediaAttachPayload:
    product: Product | None = None
    media: list[Image] = strawberry.field(
        default_factory=list, description="The attached images, in order."
    )
    user_errors: list[MediaUserError] = strawberry.field(default_factory=list)


SCOPE = "catalog:write"


def _storage(call: MutationCall) -> MediaStorage:
    storage: MediaStorage = call.context.request.app.state.media_storage
    return storage


def _item(call: MutationCall, index: int, data: ProductMediaInput) -> media_service.MediaItem:
    return media_service.MediaItem(
        media_id=call.optional_id(
            data.media_id, MEDIA_TYPE, MediaErrorCode.NOT_FOUND, "media", str(index), "mediaId"
        ),
        url=data.url,
        alt_text=data.alt_text,
        width=data.width,
        height=data.height,
    )


@strawberry.type
class MediaMutation:
    @strawberry.mutation(description="Start an upload: a presigned PUT URL and the new media's id.")
    async def media_upload_create(
        self, info: Info, input: MediaUploadCreateInput
    ) -> MediaUploadCreatePayload:
        async def write(call: MutationCall) -> media_service.UploadTicket:
            try:
                return await media_service.create_upload(
                    db=call.db,
                    storage=_storage(call),
                    tenant_id=call.tenant_id,
                    store_id=call.id(
                        input.store_id, "Store", MediaErrorCode.STORE_NOT_FOUND, "input", "storeId"
                    ),
                    filename=input.filename,
                    content_type=input.content_type,
                    file_size=input.file_size,
                )
            except StorageError as exc:
                raise StorageUnavailable(str(exc)) from exc

        def answer(call: MutationCall, ticket: media_service.UploadTicket) -> Any:
            upload = ticket.upload
            return MediaUploadCreatePayload(
                upload=MediaUpload(
                    url=upload.url,
                    method=upload.method,
                    headers=[MediaUploadHeader(name=k, value=v) for k, v in upload.headers.items()],
                    key=upload.key,
                    expires_at=upload.expires_at,
                ),
                media_id=strawberry.ID(to_global_id(MEDIA_TYPE, ticket.media_id)),
            )

        return await run_mutation(
            info, MediaUploadCreatePayload, scope=SCOPE, write=write, answer=answer
        )

    @strawberry.mutation(description="Attach uploads or external images at the end, in order.")
    async def product_media_attach(
        self, info: Info, product_id: strawberry.ID, media: list[ProductMediaInput]
    ) -> ProductMediaAttachPayload:
        async def write(call: MutationCall) -> tuple[Any, list[Any]]:
            product = call.id(product_id, "Product", MediaErrorCode.PRODUCT_NOT_FOUND, "productId")
            try:
                rows = await media_service.attach_media(
                    db=call.db,
                    storage=_storage(call),
                    tenant_id=call.tenant_id,
                    product_id=product,
                    items=[_item(call, i, item) for i, item in enumerate(media)],
                )
            except StorageError as exc:
                raise StorageUnavailable(str(exc)) from exc
            return product, rows

        async def answer(call: MutationCall, done: tuple[Any, list[Any]]) -> Any:
            product, rows = done
            return ProductMediaAttachPayload(
                product=await call.context.loader(ProductByIdLoader).load(product),
                media=[build.media_image(row) for row in rows],
            )

        return await run_mutation(
            info, ProductMediaAttachPayload, scope=SCOPE, steps=True, write=write, answer=answer
        )
