"""Supplier connection mutations (admin, automation:write)."""

from __future__ import annotations

import uuid

import strawberry
from strawberry.scalars import JSON

from app.graphql.context import Info
from app.graphql.mutations import MutationCall, given, run_mutation
from app.graphql.user_errors import UserError
from app.suppliers import connections as service
from app.suppliers.errors import SupplierErrorCode
from app.suppliers.queries import connections_by_ids
from app.suppliers.rules import SupplierKind
from app.suppliers.types import (
    SupplierConnection,
    SupplierConnectionStatusEnum,
    SupplierKindEnum,
)

SupplierErrorCodeEnum = strawberry.enum(SupplierErrorCode)
SCOPE = "automation:write"


@strawberry.type
class SupplierUserError(UserError[SupplierErrorCode]):
    pass


@strawberry.input
class SupplierConnectionCreateInput:
    name: str
    kind: SupplierKindEnum  # type: ignore[valid-type]
    feed_url: str | None = strawberry.field(
        default=None, description="FEED: the Google Merchant Center feed (CSV, TSV or RSS)."
    )
    credentials: JSON | None = strawberry.field(
        default=None,
        description="ALIEXPRESS: appKey, appSecret (accessToken, refreshToken); CJ: apiKey; "
        "FEED: optional username, password. Stored encrypted, never returned.",
    )
    sync_interval_minutes: int | None = strawberry.field(
        default=None, description="Minutes between scheduled syncs (5 to 10080; 360 if left out)."
    )


@strawberry.input
class SupplierConnectionUpdateInput:
    name: str | None = strawberry.UNSET
    feed_url: str | None = strawberry.UNSET
    credentials: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Merged into the stored ones: a name given replaces it, null removes it.",
    )
    sync_interval_minutes: int | None = strawberry.UNSET
    status: SupplierConnectionStatusEnum | None = strawberry.UNSET  # type: ignore[valid-type]


@strawberry.type
class SupplierConnectionPayload:
    supplier_connection: SupplierConnection | None = None
    user_errors: list[SupplierUserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierConnectionCreatePayload:
    supplier_connection: SupplierConnection | None = None
    webhook_secret: str | None = strawberry.field(
        default=None,
        description="Signs POST /webhooks/suppliers/{id}; shown once, here.",
    )
    user_errors: list[SupplierUserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierConnectionDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[SupplierUserError] = strawberry.field(default_factory=list)


async def _connection(call: MutationCall, connection_id: uuid.UUID) -> SupplierConnection | None:
    found = await connections_by_ids(call.db, call.tenant_id, [connection_id])
    return found[0] if found else None


async def _create_payload(
    call: MutationCall, created: service.Created
) -> SupplierConnectionCreatePayload:
    return SupplierConnectionCreatePayload(
        supplier_connection=await _connection(call, created.connection_id),
        webhook_secret=created.webhook_secret,
    )


async def _payload(call: MutationCall, connection_id: uuid.UUID) -> SupplierConnectionPayload:
    return SupplierConnectionPayload(supplier_connection=await _connection(call, connection_id))


def _not_null(value: object) -> object:
    """A non-nullable field given as null is left as it is (UNSET)."""
    return strawberry.UNSET if value is None else value


async def _update(call: MutationCall, id: str, input: SupplierConnectionUpdateInput) -> uuid.UUID:
    return await service.update_connection(
        db=call.db,
        tenant_id=call.tenant_id,
        settings=call.context.settings,
        connection_id=call.id(id, "SupplierConnection", SupplierErrorCode.NOT_FOUND, "id"),
        data=service.ConnectionUpdate(
            name=given(_not_null(input.name)),
            feed_url=given(input.feed_url),
            credentials=given(input.credentials),
            sync_interval_minutes=given(_not_null(input.sync_interval_minutes)),
            status=given(_not_null(input.status)),
        ),
    )


@strawberry.type
class SupplierMutation:
    @strawberry.mutation(description="Connect a supplier (AliExpress, CJ or a product feed).")
    async def supplier_connection_create(
        self, info: Info, input: SupplierConnectionCreateInput
    ) -> SupplierConnectionCreatePayload:
        return await run_mutation(
            info,
            SupplierConnectionCreatePayload,
            scope=SCOPE,
            write=lambda call: service.create_connection(
                db=call.db,
                tenant_id=call.tenant_id,
                settings=call.context.settings,
                data=service.ConnectionCreate(
                    name=input.name,
                    kind=SupplierKind(input.kind.value),  # type: ignore[attr-defined]
                    feed_url=input.feed_url,
                    credentials=input.credentials,  # type: ignore[arg-type]
                    sync_interval_minutes=input.sync_interval_minutes,
                ),
            ),
            answer=_create_payload,
        )

    @strawberry.mutation(description="Change a connection; omitted fields stay.")
    async def supplier_connection_update(
        self, info: Info, id: strawberry.ID, input: SupplierConnectionUpdateInput
    ) -> SupplierConnectionPayload:
        return await run_mutation(
            info,
            SupplierConnectionPayload,
            scope=SCOPE,
            write=lambda call: _update(call, id, input),
            answer=_payload,
        )

    @strawberry.mutation(
        description="Delete a connection; products imported from it stay, unlinked."
    )
    async def supplier_connection_delete(
        self, info: Info, id: strawberry.ID
    ) -> SupplierConnectionDeletePayload:
        return await run_mutation(
            info,
            SupplierConnectionDeletePayload,
            scope=SCOPE,
            write=lambda call: service.delete_connection(
                db=call.db,
                tenant_id=call.tenant_id,
                connection_id=call.id(id, "SupplierConnection", SupplierErrorCode.NOT_FOUND, "id"),
            ),
            answer=lambda call, _: SupplierConnectionDeletePayload(deleted_id=id),
        )
