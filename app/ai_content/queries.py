"""AI content queries: drafts to review and this month's token use against the budget."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.ai_content.models import ai_content_drafts
from app.ai_content.types import AiContentDraft, AiContentDraftFilter, AiContentUsage
from app.ai_content.usage import month_usage
from app.graphql.context import Info, require_admin
from app.graphql.errors import BadUserInput
from app.graphql.ids import parse_global_id
from app.graphql.pagination import Connection, PageArgs, SortKey, build_connection, page_statement

DRAFT_ORDER = SortKey((ai_content_drafts.c.created_at, ai_content_drafts.c.id))


def _filter_id(value: strawberry.ID | None, type_name: str, name: str) -> object:
    if value is None:
        return None
    found = parse_global_id(value, type_name)
    if found is None:
        raise BadUserInput(f"`filter.{name}` is not a {type_name} ID")
    return found


@strawberry.type
class AiContentQuery:
    @strawberry.field(description="Drafts written by AI content runs, oldest first.")
    async def ai_content_drafts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: AiContentDraftFilter | None = None,
    ) -> Connection[AiContentDraft]:
        principal = require_admin(info, "automation:read")
        args = PageArgs(first, after, last, before)
        d = ai_content_drafts
        statement = select(d).where(d.c.tenant_id == principal.tenant_id)
        f = filter or AiContentDraftFilter()
        product_id = _filter_id(f.product_id, "Product", "productId")
        job_id = _filter_id(f.job_id, "Job", "jobId")
        run_id = _filter_id(f.run_id, "Job", "runId")
        if job_id is not None:
            statement = statement.where(d.c.run_id == job_id)
        if product_id is not None:
            statement = statement.where(d.c.product_id == product_id)
        if run_id is not None:
            statement = statement.where(d.c.run_id == run_id)
        if f.status is not None:
            statement = statement.where(d.c.status == f.status.value)
        rows = (await info.context.db.execute(page_statement(statement, DRAFT_ORDER, args))).all()
        return build_connection(rows, args, AiContentDraft.from_row, lambda r: (r.created_at, r.id))

    @strawberry.field(description="This month's AI token use, cost and the monthly budget.")
    async def ai_content_usage(self, info: Info) -> AiContentUsage:
        principal = require_admin(info, "automation:read")
        assert principal.tenant_id is not None
        usage = await month_usage(info.context.db, principal.tenant_id)
        budget = info.context.settings.ai_monthly_token_budget
        return AiContentUsage(
            month=usage.month,
            tokens=usage.tokens,
            budget=budget,
            remaining=max(budget - usage.tokens, 0),
            cost_usd=f"{usage.cost_micros / 1_000_000:.6f}",
        )
