"""persistedDocumentsRegister: a store's trusted documents from a graphql-codegen manifest."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.documents import service
from app.documents.errors import DocumentErrorCode
from app.graphql.context import Info
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError

MAX_MANIFEST_ENTRIES = 2000
DocumentErrorCodeEnum = strawberry.enum(DocumentErrorCode)


@strawberry.type
class DocumentUserError(UserError[DocumentErrorCode]):
    pass


@strawberry.type
class PersistedDocumentsRegisterPayload:
    count: int | None = None
    user_errors: list[DocumentUserError] = strawberry.field(default_factory=list)


@strawberry.type
class DocumentMutation:
    @strawberry.mutation(
        description='Register trusted documents for a store: a manifest {"sha256:<hex>": '
        '"<document>"} as graphql-codegen\'s client preset writes it. Clients then send '
        "`documentId` instead of the text. All or nothing; `count` is the manifest's size."
    )
    async def persisted_documents_register(
        self, info: Info, store_id: strawberry.ID, manifest: JSON
    ) -> PersistedDocumentsRegisterPayload:
        settings = info.context.settings

        async def write(call: MutationCall) -> int:
            return await service.register_manifest(
                db=call.db,
                tenant_id=call.tenant_id,
                store_id=call.id(store_id, "Store", DocumentErrorCode.NOT_FOUND, "storeId"),
                manifest=manifest,
                max_bytes=settings.persisted_query_max_bytes,
                max_entries=MAX_MANIFEST_ENTRIES,
            )

        return await run_mutation(
            info,
            PersistedDocumentsRegisterPayload,
            scope="settings:manage",
            write=write,
            answer=lambda call, count: PersistedDocumentsRegisterPayload(count=count),
        )
