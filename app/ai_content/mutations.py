"""AI content mutations: start a run (`aiContentGenerate`, a job the worker runs:
app/ai_content/start.py, jobs/ai_content.py), approve or reject drafts, set a store's
content settings.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import strawberry
from sqlalchemy import select

from app.ai_content import review
from app.ai_content.errors import AiContentErrorCode as Code
from app.ai_content.models import ai_content_drafts
from app.ai_content.prompts import ContentField
from app.ai_content.start import start_generation
from app.ai_content.store_settings import ContentSettings, update_content_settings
from app.ai_content.types import (
    AiContentDraft,
    AiContentField,
    AiContentSettings,
    AiContentSettingsInput,
)
from app.automation.job_types import Job
from app.db.metadata import any_of
from app.graphql.context import Info
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError
from app.locale_codes import LanguageCode

AiContentErrorCodeEnum = strawberry.enum(Code, name="AiContentErrorCode")
SCOPE = "automation:write"


@strawberry.type
class AiContentUserError(UserError[Code]):
    pass


@strawberry.type
class AiContentDraftsPayload:
    drafts: list[AiContentDraft] = strawberry.field(default_factory=list)
    user_errors: list[AiContentUserError] = strawberry.field(default_factory=list)


@strawberry.type
class AiContentSettingsUpdatePayload:
    settings: AiContentSettings | None = None
    user_errors: list[AiContentUserError] = strawberry.field(default_factory=list)


@strawberry.input
class AiContentGenerateInput:
    product_ids: list[strawberry.ID]
    languages: list[LanguageCode]
    fields: list[AiContentField]  # type: ignore[valid-type]


@strawberry.type
class AiContentGeneratePayload:
    job: Job | None = None
    user_errors: list[AiContentUserError] = strawberry.field(default_factory=list)


def _ids(call: MutationCall, draft_ids: Sequence[strawberry.ID]) -> list[uuid.UUID]:
    return [
        call.id(d, "AiContentDraft", Code.NOT_FOUND, "draftIds", str(i), name="Draft")
        for i, d in enumerate(draft_ids)
    ]


async def _drafts(call: MutationCall, ids: list[uuid.UUID]) -> AiContentDraftsPayload:
    d = ai_content_drafts
    rows = (
        await call.db.execute(
            select(d).where(d.c.tenant_id == call.tenant_id, d.c.id == any_of(ids))
        )
    ).all()
    by_id = {r.id: r for r in rows}
    return AiContentDraftsPayload(drafts=[AiContentDraft.from_row(by_id[i]) for i in ids])


@strawberry.type
class AiContentMutation:
    @strawberry.mutation(
        description="Start a job that drafts the fields of the products in the languages "
        "(PENDING drafts; nothing changes until they are approved). Needs ANTHROPIC_API_KEY."
    )
    async def ai_content_generate(
        self, info: Info, input: AiContentGenerateInput
    ) -> AiContentGeneratePayload:
        async def write(call: MutationCall) -> Job:
            row = await start_generation(
                db=call.db,
                redis=call.context.redis,
                settings=call.context.settings,
                tenant_id=call.tenant_id,
                product_ids=call.ids(
                    input.product_ids, "Product", Code.NOT_FOUND, "input", "productIds"
                ),
                languages=[language.value.lower() for language in input.languages],
                fields=[ContentField(f) for f in input.fields],
            )
            return Job.from_row(row)

        return await run_mutation(
            info,
            AiContentGeneratePayload,
            scope=SCOPE,
            write=write,
            answer=lambda call, job: AiContentGeneratePayload(job=job),
        )

    @strawberry.mutation(
        description="Write the drafts into their products (the store's default language) or "
        "translations, and mark them APPROVED; all or none."
    )
    async def ai_content_approve(
        self, info: Info, draft_ids: list[strawberry.ID]
    ) -> AiContentDraftsPayload:
        return await run_mutation(
            info,
            AiContentDraftsPayload,
            scope=SCOPE,
            write=lambda call: review.approve_drafts(
                db=call.db, tenant_id=call.tenant_id, draft_ids=_ids(call, draft_ids)
            ),
            answer=_drafts,
        )

    @strawberry.mutation(description="Mark the drafts REJECTED; the products stay as they are.")
    async def ai_content_reject(
        self, info: Info, draft_ids: list[strawberry.ID]
    ) -> AiContentDraftsPayload:
        return await run_mutation(
            info,
            AiContentDraftsPayload,
            scope=SCOPE,
            write=lambda call: review.reject_drafts(
                db=call.db, tenant_id=call.tenant_id, draft_ids=_ids(call, draft_ids)
            ),
            answer=_drafts,
        )

    @strawberry.mutation(
        description="A store's brand voice and rules (in every prompt) and auto-approval."
    )
    async def ai_content_settings_update(
        self, info: Info, store_id: strawberry.ID, input: AiContentSettingsInput
    ) -> AiContentSettingsUpdatePayload:
        async def write(call: MutationCall) -> AiContentSettings:
            row = await update_content_settings(
                db=call.db,
                tenant_id=call.tenant_id,
                store_id=call.id(store_id, "Store", Code.NOT_FOUND, "storeId"),
                data=ContentSettings(
                    brand_voice=input.brand_voice,
                    rules=input.rules,
                    auto_approve=input.auto_approve,
                ),
            )
            return AiContentSettings(
                brand_voice=row.brand_voice, rules=row.rules, auto_approve=row.auto_approve
            )

        return await run_mutation(
            info,
            AiContentSettingsUpdatePayload,
            scope="settings:manage",
            write=write,
            answer=lambda call, settings: AiContentSettingsUpdatePayload(settings=settings),
        )
