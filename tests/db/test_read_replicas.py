"""Read replicas against a real streaming replica of the test PostgreSQL.

The replica is made with the embedded PostgreSQL's own `pg_basebackup -R` and started with
its `postgres`; replication lag is simulated by pausing replay on it
(`pg_wal_replay_pause()`). Statements are counted on each engine, so "served by the
replica" is observed, not inferred from the data alone.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import event, select
from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette

from app.catalog.models import products
from app.db.prepared import compile_statement
from app.db.replicas import LSN_COOKIE, LSN_HEADER, ReplicaSet, format_lsn, parse_lsn
from app.db.tenant import RequestDB
from app.embedded import StackUrls
from app.embedded.ports import free_port
from app.embedded.postgres import SYSTEM_USER, EmbeddedPostgres, find_postgres_bin
from app.embedded.watchdog import Watchdog
from app.main import create_app
from app.settings import Settings
from tests.helpers import TenantFactory, TenantSetup, gql

ROOT = Path(__file__).resolve().parents[2]

PRODUCT = "query ReplicaProduct($handle: String!) { product(handle: $handle) { id title } }"
CREATE = """mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { id handle } userErrors { code } } }"""
UPDATE = """mutation ($id: ID!, $input: ProductUpdateInput!) {
  productUpdate(id: $id, input: $input) { product { title } userErrors { code } } }"""
CART_CREATE = "mutation { cartCreate(input: {}) { cart { id } userErrors { code } } }"
CART = "query ($id: ID!) { cart(id: $id) { id } }"


@dataclass
class Replica:
    server: EmbeddedPostgres
    app_url: str  # the application role, on the replica
    superuser_url: str
    watchdogs: list[Watchdog]  # one per start: a restarted server has a new pid


def _with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit(":", 1)[0] + f":{port}"
    return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture(scope="module")
def replica(stack_urls: StackUrls) -> Iterator[Replica]:
    bin_dir, source = find_postgres_bin()
    if not (bin_dir / "pg_basebackup").exists():
        pytest.skip(f"the embedded PostgreSQL ({source}, {bin_dir}) has no pg_basebackup")
    # The session's primary (tests/conftest.py `stack_urls`): its superuser can replicate
    # (initdb's pg_hba allows replication from 127.0.0.1; wal_level=replica is the default).
    primary_root = ROOT / ".edestory" / f"test-{os.getpid()}" / "postgres"
    password = (primary_root / "superuser-password").read_text().strip()
    primary_port = urlsplit(stack_urls.database_url).port
    root = ROOT / ".edestory" / f"test-{os.getpid()}-replica"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    backup = [
        str(bin_dir / "pg_basebackup"),
        *("-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres"),
        *("-D", str(root / "data"), "-R", "-X", "stream", "-c", "fast", "-w"),
    ]
    done = subprocess.run(
        backup, env={**os.environ, "PGPASSWORD": password}, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    if os.geteuid() == 0:  # postgres runs as SYSTEM_USER then (app/embedded/postgres.py)
        ids = pwd.getpwnam(SYSTEM_USER)
        for path in [root / "data", *(root / "data").rglob("*")]:
            os.chown(path, ids.pw_uid, ids.pw_gid)
    (root / "superuser-password").write_text(password)
    (root / "port").write_text(str(free_port()))
    server = EmbeddedPostgres(root, fsync=False)
    server.start()
    watchdogs = [Watchdog([(server.pid, signal.SIGINT)])]  # stopped even if pytest is killed
    try:
        yield Replica(
            server,
            _with_port(stack_urls.database_url, server.port),
            server.superuser_url("postgres"),
            watchdogs,
        )
    finally:
        server.stop()
        for watchdog in watchdogs:
            watchdog.release()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
async def replica_app(settings: Settings, replica: Replica) -> AsyncIterator[Starlette]:
    application = create_app(
        settings.with_overrides(
            database_replica_urls=(replica.app_url,),
            # Lag here is the pause's; the bound is checked on its own below.
            replica_max_lag_seconds=300.0,
        )
    )
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def replica_conn(replica: Replica) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(replica.superuser_url)
    try:
        yield conn
    finally:
        await conn.execute("SELECT pg_wal_replay_resume()")  # whatever the test did
        await conn.close()


def client_of(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


class Counter:
    """Statements sent on one engine, across its pooled connections."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine.sync_engine
        self.statements: list[str] = []
        event.listen(self.engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    def detach(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._on_execute)


class Counters:
    """Statements each engine of `app` sent: the primary's and the replica's."""

    def __init__(self, app: Starlette) -> None:
        resources = app.state.resources
        self.primary = Counter(resources.engine)
        self.replica = Counter(resources.replicas.replicas[0].engine)

    def reset(self) -> None:
        self.primary.statements.clear()
        self.replica.statements.clear()

    def detach(self) -> None:
        self.primary.detach()
        self.replica.detach()


@pytest.fixture
def counters(replica_app: Starlette) -> Iterator[Counters]:
    found = Counters(replica_app)
    yield found
    found.detach()


async def primary_position(replica_app: Starlette) -> int:
    async with replica_app.state.resources.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        text = await raw.driver_connection.fetchval("SELECT pg_current_wal_insert_lsn()::text")
    position = parse_lsn(text)
    assert position is not None
    return position


async def caught_up(replica_conn: asyncpg.Connection, replica_app: Starlette) -> None:
    target = await primary_position(replica_app)
    for _ in range(300):
        replayed = parse_lsn(await replica_conn.fetchval("SELECT pg_last_wal_replay_lsn()::text"))
        if replayed is not None and replayed >= target:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the replica did not catch up in 15 s")


async def pause(replica_conn: asyncpg.Connection) -> None:
    await replica_conn.execute("SELECT pg_wal_replay_pause()")
    for _ in range(200):
        if await replica_conn.fetchval("SELECT pg_get_wal_replay_pause_state()") == "paused":
            return
        await asyncio.sleep(0.05)
    raise AssertionError("replay did not pause")


async def title(client: httpx.AsyncClient, tenant: TenantSetup, handle: str, **headers: str) -> Any:
    body = await gql(client, PRODUCT, {"handle": handle}, {**tenant.storefront, **headers})
    assert "errors" not in body, body
    return body["data"]["product"]["title"]


async def new_product(
    client: httpx.AsyncClient, tenant: TenantSetup, name: str
) -> tuple[dict[str, Any], httpx.Response]:
    response = await client.post(
        "/graphql",
        json={
            "query": CREATE,
            "variables": {
                "input": {"storeId": tenant.store_gid, "title": name, "status": "ACTIVE"}
            },
        },
        headers=tenant.staff,
    )
    made = response.json()["data"]["productCreate"]
    assert made["userErrors"] == []
    return made["product"], response


async def test_storefront_reads_go_to_the_replica_and_writers_read_their_writes(
    replica: Replica,
    replica_app: Starlette,
    replica_conn: asyncpg.Connection,
    tenants: TenantFactory,
    counters: Counters,
) -> None:
    tenant = await tenants.create("Replicated")
    async with client_of(replica_app) as writer, client_of(replica_app) as anonymous:
        made, created = await new_product(writer, tenant, "Old title")
        # A staff mutation that committed hands back the primary's position, both ways.
        assert parse_lsn(created.headers[LSN_HEADER]) is not None
        # (http.cookies quotes a value holding "/"; Starlette unquotes it on the way in.)
        assert writer.cookies[LSN_COOKIE].strip('"') == created.headers[LSN_HEADER]
        assert "max-age=60" in created.headers["set-cookie"].lower()
        await caught_up(replica_conn, replica_app)

        # The first read also looks the storefront token up (on the primary, then cached).
        assert await title(anonymous, tenant, made["handle"]) == "Old title"
        counters.reset()
        assert await title(anonymous, tenant, made["handle"]) == "Old title"
        assert counters.replica.statements and not counters.primary.statements

        await pause(replica_conn)
        updated = await writer.post(
            "/graphql",
            json={"query": UPDATE, "variables": {"id": made["id"], "input": {"title": "New"}}},
            headers=tenant.staff,
        )
        assert updated.json()["data"]["productUpdate"]["userErrors"] == []
        position = updated.headers[LSN_HEADER]
        assert parse_lsn(position) > parse_lsn(created.headers[LSN_HEADER])  # type: ignore[operator]

        counters.reset()
        # The writer (its cookie) reads its write: the paused replica has not replayed it.
        assert await title(writer, tenant, made["handle"]) == "New"
        assert counters.primary.statements and not counters.replica.statements
        counters.reset()
        # A client without the position is served the replica's (stale) answer.
        assert await title(anonymous, tenant, made["handle"]) == "Old title"
        assert counters.replica.statements and not counters.primary.statements
        # The header works as the cookie does (a storefront's server forwarding it).
        assert await title(anonymous, tenant, made["handle"], **{LSN_HEADER: position}) == "New"
        # A position that does not parse is ignored, not an error.
        assert await title(anonymous, tenant, made["handle"], **{LSN_HEADER: "nope"}) == "Old title"

        # A replica lagging past the bound is skipped: lag here grows with the pause.
        strict = ReplicaSet([replica.app_url], max_lag_seconds=0.2)
        try:
            await asyncio.sleep(0.5)
            assert await strict.choose() is None
        finally:
            await strict.close()

        # A cart mutation hands back a position too; a cart read is the shopper's own data:
        # with the position it waits for the replica, without one it goes to the primary.
        async with client_of(replica_app) as shopper:
            response = await shopper.post(
                "/graphql", json={"query": CART_CREATE}, headers=tenant.storefront
            )
            cart_id = response.json()["data"]["cartCreate"]["cart"]["id"]
            cart_position = response.headers[LSN_HEADER]
            assert shopper.cookies[LSN_COOKIE].strip('"') == response.headers[LSN_HEADER]
            for caller in (shopper, anonymous):
                counters.reset()
                body = await gql(caller, CART, {"id": cart_id}, tenant.storefront)
                assert body["data"]["cart"]["id"] == cart_id
                assert counters.primary.statements and not counters.replica.statements

        await replica_conn.execute("SELECT pg_wal_replay_resume()")
        for _ in range(300):  # it converges
            if await title(anonymous, tenant, made["handle"]) == "New":
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the replica never showed the update")
        # On a loaded machine the pause can outlast the lag bound, and then the loop above
        # read "New" from the primary: wait for replay itself, past the 20 ms status cache.
        await caught_up(replica_conn, replica_app)
        await asyncio.sleep(0.05)
        counters.reset()
        # Once replayed, the writer's reads are the replica's again, its cart's too.
        assert await title(writer, tenant, made["handle"]) == "New"
        assert counters.replica.statements and not counters.primary.statements
        await caught_up(replica_conn, replica_app)  # the cart came after the update
        await asyncio.sleep(0.05)  # past the replay position's 20 ms cache
        counters.reset()
        carried = {**tenant.storefront, LSN_HEADER: cart_position}
        body = await gql(anonymous, CART, {"id": cart_id}, carried)
        assert body == {"data": {"cart": {"id": cart_id}}}
        assert counters.replica.statements and not counters.primary.statements


def apq_params(text: str, variables: dict[str, Any]) -> dict[str, str]:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return {
        "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}}),
        "variables": json.dumps(variables),
    }


async def test_the_response_cache_never_keeps_a_replica_answer_older_than_its_generation(
    replica_app: Starlette,
    replica_conn: asyncpg.Connection,
    tenants: TenantFactory,
    counters: Counters,
) -> None:
    tenant = await tenants.create("Replicated cache")
    async with client_of(replica_app) as staff, client_of(replica_app) as anonymous:
        made, _ = await new_product(staff, tenant, "Before")
        digest = hashlib.sha256(PRODUCT.encode()).hexdigest()
        await anonymous.post(  # registers the APQ text
            "/graphql",
            json={
                "query": PRODUCT,
                "variables": {"handle": made["handle"]},
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
            },
            headers=tenant.storefront,
        )
        await caught_up(replica_conn, replica_app)
        params = apq_params(PRODUCT, {"handle": made["handle"]})
        first = await anonymous.get("/graphql", params=params, headers=tenant.storefront)
        assert first.json()["data"]["product"]["title"] == "Before"

        await pause(replica_conn)
        updated = await gql(
            staff, UPDATE, {"id": made["id"], "input": {"title": "After"}}, tenant.staff
        )
        assert updated["data"]["productUpdate"]["userErrors"] == []
        counters.reset()
        # No position carried, but the answer will be kept under the generation the write
        # made: the paused replica lacks the write, so the primary answers.
        fresh = await anonymous.get("/graphql", params=params, headers=tenant.storefront)
        assert fresh.json()["data"]["product"]["title"] == "After"
        assert fresh.headers["etag"] != first.headers["etag"]
        assert counters.primary.statements and not counters.replica.statements
        counters.reset()
        again = await anonymous.get(
            "/graphql",
            params=params,
            headers={**tenant.storefront, "If-None-Match": fresh.headers["etag"]},
        )
        assert again.status_code == 304
        assert not counters.primary.statements and not counters.replica.statements


def test_positions_read_and_print_as_postgresql_does() -> None:
    assert parse_lsn("16/B374D848") == (0x16 << 32) | 0xB374D848
    assert format_lsn(parse_lsn("16/B374D848") or 0) == "16/B374D848"
    assert parse_lsn('"0/3002000"') == 0x3002000  # a quoted cookie value
    for bad in (None, "", "nope", "1/", "/1", "0/100000000", "x/1", "1/2/3", "-1/1", "1_0/1"):
        assert parse_lsn(bad) is None


async def test_a_replica_that_is_down_is_skipped(
    settings: Settings, tenants: TenantFactory
) -> None:
    down = _with_port(settings.database_url, free_port())
    application = create_app(settings.with_overrides(database_replica_urls=(down,)))
    tenant = await tenants.create("Replica down")
    async with LifespanManager(application), client_of(application) as client:
        made, _ = await new_product(client, tenant, "Still served")
        assert await title(client, tenant, made["handle"]) == "Still served"
        replicas = application.state.resources.replicas
        assert replicas.replicas[0].down_until > 0  # skipped for replica_retry_seconds
        assert await replicas.choose() is None


async def test_a_get_planned_only_after_it_ran_on_a_replica_is_not_kept(
    settings: Settings,
    replica: Replica,
    replica_app: Starlette,
    replica_conn: asyncpg.Connection,
    tenants: TenantFactory,
) -> None:
    """A process that meets an APQ hash for the first time resolves its text (from Redis)
    inside the request, after the cache plan would have given the read its floor: what a
    replica answered then is served but not kept."""
    tenant = await tenants.create("Replicated fresh process")
    async with client_of(replica_app) as client:
        made, _ = await new_product(client, tenant, "Fresh")
        await client.post(
            "/graphql",
            json={
                "query": PRODUCT,
                "variables": {"handle": made["handle"]},
                "extensions": {
                    "persistedQuery": {
                        "version": 1,
                        "sha256Hash": hashlib.sha256(PRODUCT.encode()).hexdigest(),
                    }
                },
            },
            headers=tenant.storefront,
        )
    await caught_up(replica_conn, replica_app)
    other = create_app(settings.with_overrides(database_replica_urls=(replica.app_url,)))
    params = apq_params(PRODUCT, {"handle": made["handle"]})
    async with LifespanManager(other), client_of(other) as fresh:
        counters = Counters(other)
        try:
            statements = []
            for _ in range(3):
                counters.reset()
                answer = await fresh.get("/graphql", params=params, headers=tenant.storefront)
                assert answer.json()["data"]["product"]["title"] == "Fresh"
                statements.append(len(counters.replica.statements))
        finally:
            counters.detach()
    # First: run on the replica before the plan, not kept. Second: planned, run, kept.
    # Third: from the response cache.
    assert statements[0] > 0 and statements[1] > 0 and statements[2] == 0


def _healthy_forever(replicas: ReplicaSet) -> None:
    """Freeze each replica's cached status as healthy and caught up: the state a request
    sees when its replica dies after the last probe said it was fine."""
    for one in replicas.replicas:
        one.replay_lsn, one.lag_seconds, one.down_until = 1 << 62, 0.0, 0.0
        one.checked_at = time.monotonic() + 3600


async def test_a_read_on_a_replica_that_died_after_its_probe_is_served_by_the_primary(
    settings: Settings, tenants: TenantFactory
) -> None:
    # Nothing listens there, but the cached status says healthy: the connect is refused.
    down = _with_port(settings.database_url, free_port())
    application = create_app(settings.with_overrides(database_replica_urls=(down,)))
    tenant = await tenants.create("Replica died")
    async with LifespanManager(application), client_of(application) as client:
        made, _ = await new_product(client, tenant, "Served anyway")
        assert await title(client, tenant, made["handle"]) == "Served anyway"  # token cached
        replicas = application.state.resources.replicas
        _healthy_forever(replicas)
        primary = Counter(application.state.resources.engine)
        try:
            body = await gql(client, PRODUCT, {"handle": made["handle"]}, tenant.storefront)
            assert body == {"data": {"product": {"id": made["id"], "title": "Served anyway"}}}
            assert primary.statements  # the retry ran there
            assert replicas.replicas[0].fallbacks == 1
            assert replicas.replicas[0].down_until > time.monotonic()  # skipped from now on
            assert await replicas.choose() is None
            primary.statements.clear()
            assert await title(client, tenant, made["handle"]) == "Served anyway"
            assert primary.statements and replicas.replicas[0].fallbacks == 1  # not tried

            ready = await client.get("/readyz")  # the primary serves: still ready
            assert ready.status_code == 200
            assert ready.json()["replicas"] == [
                {"replica": 1, "state": "down", "lagSeconds": None, "fallbacks": 1, "busy": 0}
            ]
        finally:
            primary.detach()


async def _terminate_app_sessions(conn: asyncpg.Connection) -> int:
    found: int = await conn.fetchval(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        " WHERE usename = 'edestory_app' AND pid <> pg_backend_pid()"
    )
    return found


async def test_a_replica_session_lost_before_any_row_is_retried_on_the_primary(
    settings: Settings,
    replica: Replica,
    replica_conn: asyncpg.Connection,
    tenants: TenantFactory,
) -> None:
    """The replica's sessions end under the app's pooled connections (as when the server
    stops): the request's first statement there fails, and the primary answers."""
    application = create_app(
        settings.with_overrides(
            database_replica_urls=(replica.app_url,), replica_max_lag_seconds=300.0
        )
    )
    tenant = await tenants.create("Replica session lost")
    async with LifespanManager(application), client_of(application) as client:
        made, _ = await new_product(client, tenant, "Kept")
        await caught_up(replica_conn, application)
        await asyncio.sleep(0.05)
        counters = Counters(application)
        try:
            assert await title(client, tenant, made["handle"]) == "Kept"
            counters.reset()
            assert await title(client, tenant, made["handle"]) == "Kept"
            assert counters.replica.statements and not counters.primary.statements
            _healthy_forever(application.state.resources.replicas)
            assert await _terminate_app_sessions(replica_conn) >= 1

            counters.reset()
            body = await gql(client, PRODUCT, {"handle": made["handle"]}, tenant.storefront)
            assert body == {"data": {"product": {"id": made["id"], "title": "Kept"}}}
            assert counters.primary.statements
            first = application.state.resources.replicas.replicas[0]
            assert first.fallbacks == 1 and first.down_until > time.monotonic()

            # Once its retry period is over and it answers its probe, it serves again, on
            # fresh connections (the dead ones were dropped with its pool).
            first.down_until = 0.0
            first.checked_at = float("-inf")
            counters.reset()
            assert await title(client, tenant, made["handle"]) == "Kept"
            assert counters.replica.statements and not counters.primary.statements
            assert first.fallbacks == 1
        finally:
            counters.detach()


async def test_a_statement_whose_replica_session_was_lost_runs_once_on_the_primary(
    settings: Settings,
    replica: Replica,
    replica_app: Starlette,
    replica_conn: asyncpg.Connection,
    tenants: TenantFactory,
) -> None:
    """RequestDB itself: the transaction opened on the replica (its tenant setting ran),
    then the session ended before the first statement: execute() and run() continue on the
    primary; once a statement's rows reached the caller, a lost session is an error."""
    tenant = await tenants.create("Replica statement")
    engine = replica_app.state.resources.engine
    replicas = ReplicaSet([replica.app_url], max_lag_seconds=300.0)
    lost: list[BaseException] = []

    async def on_lost(_engine: Any, exc: BaseException) -> None:
        lost.append(exc)

    query = select(products.c.id).where(products.c.tenant_id == tenant.tenant_id)
    try:
        for way in ("execute", "run"):
            db = RequestDB(engine, tenant.tenant_id)
            assert db.read_from(replicas.replicas[0].engine, on_lost=on_lost)
            # Opened on the replica: SQLAlchemy's connection for execute(), the driver's
            # transaction alone for run() (RequestDB._transaction).
            await (db._connection() if way == "execute" else db._transaction())
            assert await _terminate_app_sessions(replica_conn) >= 1
            primary = Counter(engine)
            try:
                if way == "execute":
                    assert (await db.execute(query)).all() == []
                else:
                    assert await db.run(compile_statement(query), {}) == []
                assert db.engine is db.primary and len(lost) == 1
                assert primary.statements[-1].startswith("SELECT products.id")
            finally:
                primary.detach()
                await db.close(commit=True)
            lost.clear()
            await replicas.replicas[0].engine.dispose()

        # After rows came back from the replica, a lost session is the request's error.
        db = RequestDB(engine, tenant.tenant_id)
        db.read_from(replicas.replicas[0].engine, on_lost=on_lost)
        try:
            assert (await db.execute(query)).all() == []
            await _terminate_app_sessions(replica_conn)
            with pytest.raises(DBAPIError):
                await db.execute(query)
            assert not lost
            assert db.engine is not db.primary
        finally:
            await db.close(commit=False)
    finally:
        await replicas.close()


async def test_readyz_reports_each_replica_without_failing_on_them(
    settings: Settings,
    replica: Replica,
    replica_app: Starlette,
    replica_conn: asyncpg.Connection,
    tenants: TenantFactory,
) -> None:
    # An app of its own: the tests above end the replica's sessions under replica_app.
    fresh = create_app(settings.with_overrides(database_replica_urls=(replica.app_url,)))
    async with LifespanManager(fresh), client_of(fresh) as client:
        await caught_up(replica_conn, replica_app)
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"postgres": "ok", "redis": "ok"}
        (state,) = ready.json()["replicas"]
        assert state["replica"] == 1 and state["state"] == "usable"
        assert isinstance(state["lagSeconds"], float)
        assert replica.app_url.split("@")[-1] not in ready.text  # no host names

    # Lagging: replay paused while the primary writes, past a 0.2 s bound.
    strict = ReplicaSet([replica.app_url], max_lag_seconds=0.2)
    try:
        await pause(replica_conn)
        async with client_of(replica_app) as staff:
            tenant = await tenants.create("Replica lagging")
            await new_product(staff, tenant, "Written while paused")
        for _ in range(100):  # until the write's WAL has reached the replica
            await asyncio.sleep(0.05)
            (state,) = await strict.report()
            if state["state"] != "usable":
                break
        # (A replica that replayed no transaction since it started has no replay timestamp:
        # its lag is unknown, reported as null, and it counts as lagging.)
        assert state["state"] == "lagging"
        assert state["lagSeconds"] is None or state["lagSeconds"] > 0.2
    finally:
        await strict.close()


async def test_a_replica_stopped_immediately_under_a_request_fails_over_to_the_primary(
    settings: Settings, replica: Replica, tenants: TenantFactory
) -> None:
    """`pg_ctl stop -m immediate` (SIGQUIT to the postmaster) while the cached status says
    the replica is healthy: the read is answered by the primary, without an error. The
    replica is started again afterwards (last in the module, with an app of its own)."""
    application = create_app(
        settings.with_overrides(
            database_replica_urls=(replica.app_url,), replica_max_lag_seconds=300.0
        )
    )
    tenant = await tenants.create("Replica stopped")
    async with LifespanManager(application), client_of(application) as client:
        made, _ = await new_product(client, tenant, "Still here")
        watcher = await asyncpg.connect(replica.superuser_url)
        try:
            await caught_up(watcher, application)
        finally:
            await watcher.close()
        await asyncio.sleep(0.05)
        counters = Counters(application)
        try:
            assert await title(client, tenant, made["handle"]) == "Still here"
            counters.reset()
            assert await title(client, tenant, made["handle"]) == "Still here"
            assert counters.replica.statements and not counters.primary.statements
            replicas = application.state.resources.replicas
            _healthy_forever(replicas)
            process = replica.server.process
            assert process is not None
            process.send_signal(signal.SIGQUIT)  # immediate shutdown: no checkpoint, no goodbye
            await asyncio.to_thread(process.wait, 30)

            counters.reset()
            body = await gql(client, PRODUCT, {"handle": made["handle"]}, tenant.storefront)
            assert body == {"data": {"product": {"id": made["id"], "title": "Still here"}}}
            assert counters.primary.statements
            assert replicas.replicas[0].fallbacks == 1
            ready = await client.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["replicas"][0]["state"] == "down"
        finally:
            counters.detach()
            if replica.server.process is not None and replica.server.process.poll() is not None:
                await asyncio.to_thread(replica.server.start)  # crash recovery, then standby
                replica.watchdogs.append(Watchdog([(replica.server.pid, signal.SIGINT)]))


async def test_a_read_that_finds_its_replica_pool_in_use_is_served_by_the_primary(
    settings: Settings,
    replica: Replica,
    replica_conn: asyncpg.Connection,
    tenants: TenantFactory,
) -> None:
    """EDESTORY_DB_REPLICA_POOL_SIZE=1 and that one connection held by another user: the read
    neither waits for it nor fails; the primary answers and the replica stays in use."""
    application = create_app(
        settings.with_overrides(
            database_replica_urls=(replica.app_url,),
            replica_max_lag_seconds=300.0,
            db_replica_pool_size=1,
        )
    )
    tenant = await tenants.create("Replica busy")
    async with LifespanManager(application), client_of(application) as client:
        made, _ = await new_product(client, tenant, "Busy")
        await caught_up(replica_conn, application)
        await asyncio.sleep(0.05)
        replicas = application.state.resources.replicas
        first = replicas.replicas[0]
        counters = Counters(application)
        try:
            assert await title(client, tenant, made["handle"]) == "Busy"
            counters.reset()
            assert await title(client, tenant, made["handle"]) == "Busy"
            assert counters.replica.statements and not counters.primary.statements

            async with first.engine.connect() as held:
                await held.exec_driver_sql("SELECT 1")  # the pool's one connection, checked out
                # The status says healthy (probed before): the read is routed there, finds
                # no free connection, and the primary serves it at once.
                _healthy_forever(replicas)
                counters.reset()
                async with asyncio.timeout(5):  # pool_timeout 0: no 10 s wait
                    body = await gql(client, PRODUCT, {"handle": made["handle"]}, tenant.storefront)
                assert body == {"data": {"product": {"id": made["id"], "title": "Busy"}}}
                assert counters.primary.statements
                assert first.busy == 1 and first.fallbacks == 0
                assert first.down_until <= time.monotonic()  # busy, not down

                # Status stale: the probe itself finds the pool in use; not marked down.
                first.checked_at = float("-inf")
                counters.reset()
                assert await title(client, tenant, made["handle"]) == "Busy"
                assert counters.primary.statements
                assert first.down_until <= time.monotonic() and first.fallbacks == 0

            # Released: the replica serves again, with no fallback counted.
            first.checked_at = float("-inf")
            counters.reset()
            assert await title(client, tenant, made["handle"]) == "Busy"
            assert counters.replica.statements and not counters.primary.statements
            ready = (await client.get("/readyz")).json()["replicas"]
            assert ready[0]["state"] == "usable" and ready[0]["busy"] == 1
        finally:
            counters.detach()


async def test_a_replica_whose_network_is_silent_gives_up_after_the_connect_timeout(
    settings: Settings, tenants: TenantFactory
) -> None:
    """A replica address that accepts TCP and never answers (a silent network): the connect
    gives up after EDESTORY_REPLICA_CONNECT_TIMEOUT_SECONDS, not asyncpg's 60 s, and the
    primary answers."""
    accepted: list[asyncio.StreamWriter] = []

    async def silent(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # held open, never written to

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    application = create_app(
        settings.with_overrides(
            database_replica_urls=(_with_port(settings.database_url, port),),
            replica_connect_timeout_seconds=0.5,
        )
    )
    tenant = await tenants.create("Replica silent")
    try:
        async with LifespanManager(application), client_of(application) as client:
            made, _ = await new_product(client, tenant, "Silent")
            replicas = application.state.resources.replicas
            _healthy_forever(replicas)
            async with asyncio.timeout(10):  # asyncpg's default would hold it for 60 s
                body = await gql(client, PRODUCT, {"handle": made["handle"]}, tenant.storefront)
            assert body == {"data": {"product": {"id": made["id"], "title": "Silent"}}}
            assert accepted  # the replica was really tried
            first = replicas.replicas[0]
            assert first.fallbacks == 1 and first.down_until > time.monotonic()

            # The probe is bounded the same way: /readyz answers, the replica down.
            first.down_until, first.checked_at = 0.0, float("-inf")
            async with asyncio.timeout(10):
                ready = await client.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["replicas"][0]["state"] == "down"
    finally:
        for writer in accepted:
            writer.close()
        server.close()
        await server.wait_closed()
