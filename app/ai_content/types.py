"""GraphQL types of AI content."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum
from typing import Any, cast

import strawberry

from app.ai_content.prompts import ContentField
from app.catalog.reads.prefetch import ProductByIdLoader
from app.catalog.types import Product
from app.graphql.context import Info
from app.graphql.ids import to_global_id

AiContentField = strawberry.enum(ContentField, name="AiContentField")


@strawberry.enum
class AiContentDraftStatus(Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


@strawberry.type(description="A text written by the model for one product, language and field.")
class AiContentDraft:
    id: strawberry.ID
    language: str
    field: AiContentField  # type: ignore[valid-type]
    value: str
    status: AiContentDraftStatus
    model: str
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: str = strawberry.field(description="USD, six decimals.")
    created_at: dt.datetime
    run_id: strawberry.Private[uuid.UUID]
    product_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def product(self, info: Info) -> Product | None:
        return cast("Product | None", info.context.loader(ProductByIdLoader).load(self.product_id))

    @classmethod
    def from_row(cls, row: Any) -> AiContentDraft:
        return cls(
            id=strawberry.ID(to_global_id("AiContentDraft", row.id)),
            language=row.language,
            field=ContentField(row.field),
            value=row.value,
            status=AiContentDraftStatus(row.status),
            model=row.model,
            input_tokens=row.input_tokens,
            output_tokens=row.output_tokens,
            cache_creation_tokens=row.cache_creation_tokens,
            cache_read_tokens=row.cache_read_tokens,
            cost_usd=f"{row.cost_micros / 1_000_000:.6f}",
            created_at=row.created_at,
            run_id=row.run_id,
            product_id=row.product_id,
        )


@strawberry.type(description="The tenant's AI token use this calendar month (UTC) and its budget.")
class AiContentUsage:
    month: str
    tokens: int
    budget: int
    remaining: int
    cost_usd: str


@strawberry.type
class AiContentSettings:
    brand_voice: str
    rules: str
    auto_approve: bool


@strawberry.input
class AiContentDraftFilter:
    product_id: strawberry.ID | None = None
    status: AiContentDraftStatus | None = None
    job_id: strawberry.ID | None = strawberry.field(
        default=None, description="The job (aiContentGenerate's) that wrote the drafts."
    )
    run_id: strawberry.ID | None = strawberry.field(
        default=None, description="The same as jobId (kept for existing callers)."
    )


@strawberry.input
class AiContentSettingsInput:
    brand_voice: str | None = None
    rules: str | None = None
    auto_approve: bool | None = None
