"""The mutation pipeline and the transaction rules: after-commit callbacks, savepoints,
db.commit(), several userErrors from one ServiceError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

import httpx
import pytest
import strawberry
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.routing import Route

from app.db.tenant import tenant_transaction
from app.errors import Problem, ServiceError
from app.graphql.context import Info
from app.graphql.masking import MaskUnexpectedErrors
from app.graphql.mutations import IdempotencyKey, MutationCall, run_mutation
from app.graphql.user_errors import UserError
from app.tenancy.models import stores
from tests.helpers import TenantFactory, gql

RAN: list[str] = []


class ProbeErrorCode(str, Enum):
    REFUSED = "REFUSED"
    BLANK = "BLANK"
    INVALID = "INVALID"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    IDEMPOTENCY_KEY_IN_PROGRESS = "IDEMPOTENCY_KEY_IN_PROGRESS"


strawberry.enum(ProbeErrorCode)


@strawberry.type
class ProbeUserError(UserError[ProbeErrorCode]):
    pass


@strawberry.type
class ProbePayload:
    label: str | None = None
    user_errors: list[ProbeUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def ok(self) -> bool:
        return True


@strawberry.type
class ProbeMutation:
    @strawberry.mutation
    async def probe(self, info: Info, label: str, fail: str | None = None) -> ProbePayload:
        """Registers an after-commit callback, writes, then fails as asked."""

        async def write(call: MutationCall) -> str:
            async def ran() -> None:
                RAN.append(label)

            call.db.after_commit(ran)
            await call.db.execute(text("SELECT 1"))
            if fail == "refuse":
                raise ServiceError(ProbeErrorCode.REFUSED, "refused", ["label"])
            if fail == "three":
                raise ServiceError.of(
                    [Problem(ProbeErrorCode.BLANK, f"blank {n}", ["input", n]) for n in "abc"]
                )
            if fail == "crash":
                raise RuntimeError("unexpected")
            if fail == "commit-in-savepoint":
                await call.db.commit()
            if fail == "commit-fails":
                # A deferred unique constraint: the statements pass, the COMMIT does not.
                for statement in (
                    "CREATE TEMP TABLE probe (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)"
                    " ON COMMIT DROP",
                    "INSERT INTO probe VALUES (1), (1)",
                ):
                    await call.db.execute(text(statement))
            return label

        return await run_mutation(
            info,
            ProbePayload,
            scope="catalog:write",
            write=write,
            answer=lambda call, done: ProbePayload(label=done),
        )


@contextmanager
def probe_schema(app: Starlette, mutation: type = ProbeMutation) -> Iterator[None]:
    """Serve /graphql with a schema holding the probe mutation, through the real view."""
    view = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    served = view.schema
    view.schema = strawberry.Schema(
        query=ProbeQuery, mutation=mutation, extensions=[MaskUnexpectedErrors]
    )
    try:
        yield
    finally:
        view.schema = served


PROBES = """
mutation {
  a: probe(label: "a") { label userErrors { code } }
  b: probe(label: "b", fail: "refuse") { label userErrors { code } }
  c: probe(label: "c") { label userErrors { code } }
}"""


@pytest.fixture
def ran() -> Iterator[list[str]]:
    RAN.clear()
    yield RAN
    RAN.clear()


async def test_callbacks_of_committed_mutations_run_once_and_of_failed_ones_never(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, ran: list[str]
) -> None:
    tenant = await tenants.create("Callbacks")
    with probe_schema(app):
        body = await gql(client, PROBES, {}, tenant.staff)
    assert body["data"]["b"] == {"label": None, "userErrors": [{"code": "REFUSED"}]}
    assert body["data"]["a"]["label"] == "a" and body["data"]["c"]["label"] == "c"
    assert ran == ["a", "c"]  # in order, once each; b's went with its savepoint


async def test_a_mutation_that_crashes_runs_none_of_its_callbacks(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, ran: list[str]
) -> None:
    tenant = await tenants.create("Crash")
    query = (
        'mutation { a: probe(label: "a") { label } x: probe(label: "x", fail: "crash") { label } }'
    )
    with probe_schema(app):
        body = await gql(client, query, {}, tenant.staff)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL_SERVER_ERROR"]
    assert ran == ["a"]


async def test_no_callback_runs_when_the_commit_fails(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, ran: list[str]
) -> None:
    tenant = await tenants.create("Commit fails")
    query = 'mutation { probe(label: "p", fail: "commit-fails") { label } }'
    with probe_schema(app):
        response = await client.post("/graphql", json={"query": query}, headers=tenant.staff)
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": response.headers["x-request-id"],
    }
    assert ran == []


async def test_commit_is_refused_inside_a_savepoint(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, ran: list[str]
) -> None:
    tenant = await tenants.create("No commit")
    query = 'mutation { probe(label: "s", fail: "commit-in-savepoint") { label } }'
    with probe_schema(app):
        body = await gql(client, query, {}, tenant.staff)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL_SERVER_ERROR"]
    assert ran == []


async def test_one_service_error_answers_one_user_error_per_problem(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, ran: list[str]
) -> None:
    tenant = await tenants.create("Three")
    query = 'mutation { probe(label: "t", fail: "three") { userErrors { field message code } } }'
    with probe_schema(app):
        body = await gql(client, query, {}, tenant.staff)
    assert body["data"]["probe"]["userErrors"] == [
        {"field": ["input", n], "message": f"blank {n}", "code": "BLANK"} for n in "abc"
    ]
    assert ran == []


SEEN_BY_STEP_2: list[tuple[str, str]] = []


@strawberry.type
class SteppedMutation(ProbeMutation):
    @strawberry.mutation
    async def stepped(
        self,
        info: Info,
        name: str,
        fail_in_step_1: bool = False,
        idempotency_key: IdempotencyKey = None,
    ) -> ProbePayload:
        """checkoutCreate's shape: write and commit, call out, record the outcome."""
        engine = info.context.db.engine

        async def write(call: MutationCall) -> str:
            db, tenant = call.db, call.tenant_id
            async with db.unit_of_work():  # step 1: a locked, written row
                await db.execute(
                    update(stores).where(stores.c.tenant_id == tenant).values(name=name)
                )
                if fail_in_step_1:
                    raise ServiceError(ProbeErrorCode.REFUSED, "step 1 refused", ["name"])
            await db.commit()
            # Step 2, "the payment provider": from another connection, the row is free and
            # step 1's write is visible.
            async with tenant_transaction(engine, tenant) as conn:
                try:
                    row = (
                        await conn.execute(
                            select(stores.c.name)
                            .where(stores.c.tenant_id == tenant)
                            .with_for_update(nowait=True)
                        )
                    ).one()
                    SEEN_BY_STEP_2.append(("free", row.name))
                except DBAPIError:
                    SEEN_BY_STEP_2.append(("locked", ""))
            async with db.unit_of_work():  # step 3: the outcome, in a new transaction
                await db.execute(
                    update(stores).where(stores.c.tenant_id == tenant).values(name=f"{name} (paid)")
                )
            return name

        return await run_mutation(
            info,
            ProbePayload,
            scope="catalog:write",
            steps=True,
            idempotency_key=idempotency_key,
            write=write,
            answer=lambda call, done: ProbePayload(label=done),
        )


STEPPED = """
mutation ($name: String!, $fail: Boolean!, $key: String) {
  stepped(name: $name, failInStep1: $fail, idempotencyKey: $key) {
    label userErrors { code }
  }
}"""


async def test_a_mutation_in_steps_calls_out_with_no_lock_held_and_step_1_failing_leaves_nothing(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Steps")
    SEEN_BY_STEP_2.clear()

    async def store_name() -> str:
        async with tenant_transaction(owner_engine, tenant.tenant_id) as conn:
            return str((await conn.execute(select(stores.c.name))).scalar_one())

    before = await store_name()
    with probe_schema(app, SteppedMutation):
        refused = await gql(
            client, STEPPED, {"name": "X", "fail": True, "key": "pay-1"}, tenant.staff
        )
        assert refused["data"]["stepped"]["userErrors"] == [{"code": "REFUSED"}]
        assert await store_name() == before and SEEN_BY_STEP_2 == []
        # Nothing of the failed step 1 is left, not even the key: the retry runs.
        done = await gql(
            client, STEPPED, {"name": "Y", "fail": False, "key": "pay-1"}, tenant.staff
        )
        assert done["data"]["stepped"] == {"label": "Y", "userErrors": []}
        assert SEEN_BY_STEP_2 == [("free", "Y")]
        assert await store_name() == "Y (paid)"
        again = await gql(
            client, STEPPED, {"name": "Y", "fail": False, "key": "pay-1"}, tenant.staff
        )
    assert again == done
    assert SEEN_BY_STEP_2 == [("free", "Y")]  # the repeat did not call out again
