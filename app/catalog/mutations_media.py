"""Media mutations: presign an upload, attach uploads or external images to a product."""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry

from app.catalog import build, media_service
from app.catalog.errors import MediaErrorCode
from app.catalog.loaders import ProductByIdLoader
from app.catalog.storage import MediaStorage, StorageError
from app.catalog.types import Image, Product
from app.errors import ServiceError
from app.graphql.context import Info, require_admin
from app.graphql.errors import PublicError
from app.graphql.ids import parse_global_id, to_global_id
from app.graphql.user_errors import UserError, user_error

MediaErrorCodeEnum = strawberry.enum(MediaErrorCode)
MEDIA_TYPE = "MediaImage"  # the type name in Image ids (app/catalog/build.py)


class StorageUnavailable(PublicError):
    code = "STORAGE_UNAVAILABLE"


@strawberry.type
class MediaUserError(UserError[MediaErrorCode]):
    pass


@strawberry.input
class MediaUploadCreateInput:
    store_id: strawberry.ID
    filename: str
    content_type: str = strawberry.field(
        description="image/jpeg, image/png, image/webp or image/gif."
    )
    file_size: int = strawberry.field(description="In bytes, at most 20 MB.")


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


@strawberry.input(description="An uploaded file (mediaId) or an external https image (url).")
class ProductMediaInput:
    media_id: strawberry.ID | None = None
    url: str | None = None
    alt_text: str | None = None
    width: int | None = None
    height: int | None = None


@strawberry.type
class ProductMediaAttachPayload:
    product: Product | None = None
    media: list[Image] = strawberry.field(
        default_factory=list, description="The attached images, in order."
    )
    user_errors: list[MediaUserError] = strawberry.field(default_factory=list)


def _tenant(info: Info) -> uuid.UUID:
    principal = require_admin(info, "catalog:write")
    assert principal.tenant_id
    return principal.tenant_id


def _storage(info: Info) -> MediaStorage:
    storage: MediaStorage = info.context.request.app.state.media_storage
    return storage


def _id(global_id: str, type_name: str, code: MediaErrorCode, field: list[str]) -> uuid.UUID:
    value = parse_global_id(global_id, type_name)
    if value is None:
        raise ServiceError(code, f"{type_name} not found", field)
    return value


def _item(index: int, data: ProductMediaInput) -> media_service.MediaItem:
    media_id = None
    if data.media_id is not None:
        field = ["media", str(index), "mediaId"]
        media_id = _id(data.media_id, MEDIA_TYPE, MediaErrorCode.NOT_FOUND, field)
    return media_service.MediaItem(
        media_id=media_id,
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
        tenant_id = _tenant(info)
        try:
            ticket = await media_service.create_upload(
                db=info.context.db,
                storage=_storage(info),
                tenant_id=tenant_id,
                store_id=_id(
                    input.store_id, "Store", MediaErrorCode.STORE_NOT_FOUND, ["input", "storeId"]
                ),
                filename=input.filename,
                content_type=input.content_type,
                file_size=input.file_size,
            )
        except ServiceError as exc:
            return MediaUploadCreatePayload(user_errors=[user_error(MediaUserError, exc)])
        except StorageError as exc:
            raise StorageUnavailable(str(exc)) from exc
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

    @strawberry.mutation(description="Attach uploads or external images at the end, in order.")
    async def product_media_attach(
        self, info: Info, product_id: strawberry.ID, media: list[ProductMediaInput]
    ) -> ProductMediaAttachPayload:
        tenant_id = _tenant(info)
        try:
            product = _id(product_id, "Product", MediaErrorCode.PRODUCT_NOT_FOUND, ["productId"])
            rows = await media_service.attach_media(
                db=info.context.db,
                storage=_storage(info),
                tenant_id=tenant_id,
                product_id=product,
                items=[_item(i, item) for i, item in enumerate(media)],
            )
        except ServiceError as exc:
            return ProductMediaAttachPayload(user_errors=[user_error(MediaUserError, exc)])
        except StorageError as exc:
            raise StorageUnavailable(str(exc)) from exc
        loader = info.context.loader(ProductByIdLoader)
        return ProductMediaAttachPayload(
            product=await loader.clear(product).load(product),
            media=[build.media_image(row) for row in rows],
        )
