"""The two executors every test runs on, and the comparison that holds them equal."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import strawberry
from starlette.applications import Starlette
from starlette.routing import Route

from app.graphql.fast_execution import FastExecutionContext
from app.settings import Settings
from tests.executors import MISMATCHES, Comparing
from tests.helpers import TenantFactory, gql


def _served(app: Starlette) -> Any:
    view = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    schema = view.schema
    return schema.served if isinstance(schema, Comparing) else schema


async def test_the_setting_chooses_the_executor(
    app: Starlette, settings: Settings, client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    fast = _served(app).execution_context_class is FastExecutionContext
    assert fast is settings.fast_execution
    tenant = await tenants.create("Executors")
    body = await gql(client, "{ shop { name } }", {}, tenant.storefront)
    assert body == {"data": {"shop": {"name": "Executors store"}}}


@strawberry.type
class Right:
    @strawberry.field
    def answer(self) -> int:
        return 42


@strawberry.type
class Wrong:
    @strawberry.field
    def answer(self) -> int:
        return 41


@dataclasses.dataclass
class FakeContext:
    _loaders: dict[Any, Any]
    idempotent: list[Any]


async def test_a_different_answer_is_reported() -> None:
    comparing = Comparing(strawberry.Schema(query=Wrong), strawberry.Schema(query=Right))  # type: ignore[arg-type]
    context = FakeContext({}, [])
    result = await comparing.execute("{ answer }", context_value=context)
    assert result.data == {"answer": 41}  # the served answer is what the client gets
    found, MISMATCHES[:] = list(MISMATCHES), []
    assert len(found) == 1 and "'answer': 41" in found[0] and "'answer': 42" in found[0]
    await comparing.execute("mutation { x }", context_value=context)  # not a query: not run
    assert MISMATCHES == []


COMMITTED = {"value": 1}  # data another process commits while a request runs


@strawberry.type
class ReadsCommitted:
    @strawberry.field
    def answer(self) -> int:
        return COMMITTED["value"]


@strawberry.type
class CommitsFirst:
    @strawberry.field
    def answer(self) -> int:
        COMMITTED["value"] += 1  # the write lands between the fast run and this one
        return COMMITTED["value"]


async def test_data_that_changed_between_the_two_runs_is_no_mismatch() -> None:
    served = strawberry.Schema(query=ReadsCommitted)
    comparing = Comparing(served, strawberry.Schema(query=CommitsFirst))  # type: ignore[arg-type]
    result = await comparing.execute("{ answer }", context_value=FakeContext({}, []))
    assert result.data == {"answer": 1}
    assert MISMATCHES == []  # the fast path, run again, answers what the reference saw
