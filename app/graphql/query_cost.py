"""The cost extension: `extensions.cost` on every executed operation, MAX_COST_EXCEEDED and
THROTTLED decided before execution (so before any SQL), from the parsed document.

It runs in `on_execute`, after validation: a document that does not validate is refused
for that reason, and costs nothing. The refusals replace the execution's result, so the
executor never starts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from app.graphql.cost import requested_cost
from app.graphql.throttle import BucketSettings, Throttle, ThrottleStatus, bucket_key


@dataclass(frozen=True, slots=True)
class CostSettings:
    max_cost: int = 5000
    report: bool = True  # `extensions.cost` in answers
    bucket: BucketSettings | None = None  # None: no rate limits


def _refusal(message: str, **extensions: Any) -> GraphQLExecutionResult:
    return GraphQLExecutionResult(data=None, errors=[GraphQLError(message, extensions=extensions)])


class QueryCost(SchemaExtension):
    def __init__(self, *, settings: CostSettings, throttle: Throttle | None = None) -> None:
        self.settings = settings
        self.throttle = throttle
        self.requested: int | None = None
        self.status: ThrottleStatus | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        await self.charge(self.execution_context)
        yield

    async def charge(self, execution: ExecutionContext) -> None:
        """Before execution: the document's cost, refused over the maximum or the bucket (the
        refusal becomes the execution's result, so the executor never starts)."""
        document = execution.graphql_document
        if document is None:
            return
        cost = self.requested = requested_cost(
            document, execution.operation_name, execution.variables
        )
        maximum = self.settings.max_cost
        if cost > maximum:
            execution.result = _refusal(
                f"The query's cost {cost} exceeds the maximum of {maximum}: ask for "
                "fewer items (`first`) or fewer fields",
                code="MAX_COST_EXCEEDED",
                cost=cost,
                maximumCost=maximum,
            )
        elif self.throttle is not None:
            context = execution.context
            client = getattr(context.request, "client", None)
            key = bucket_key(context.principal, client.host if client else None)
            status = self.status = await self.throttle.take(context.redis, key, cost)
            if not status.allowed:
                execution.result = _refusal(
                    "Throttled: this query costs more points than your bucket holds now; "
                    f"retry in {status.retry_after_seconds} s",
                    code="THROTTLED",
                    retryAfter=status.retry_after_seconds,
                )
                response = getattr(context, "response", None)
                if response is not None and hasattr(response, "headers"):
                    response.status_code = 429
                    response.headers["Retry-After"] = str(status.retry_after_seconds)

    def get_results(self) -> dict[str, Any]:
        if not self.settings.report or self.requested is None:
            return {}
        cost: dict[str, Any] = {
            "requestedQueryCost": self.requested,
            "actualQueryCost": self.requested,  # charged before execution (app/graphql/cost.py)
        }
        if self.status is not None:
            cost["throttleStatus"] = self.status.as_extension()
        return {"cost": cost}
