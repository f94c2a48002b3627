"""The `edestory` command: dev, serve, worker, migrate, seed, tenant, store, apikey,
documents, schema, debug."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import uuid
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli_args import Parser, comma_list, count, id_forms, object_id, port, positive
from app.cli_args import fail as _fail
from app.cli_documents import cmd_documents_push
from app.settings import Settings, SettingsError, load_settings

log = logging.getLogger("edestory.cli")


async def _in_tenant(
    engine: Any, tenant_id: uuid.UUID, work: Callable[[Any], Coroutine[Any, Any, Any]]
) -> Any:
    """Run `work(db)` in the tenant's transaction, once the tenant is known to exist."""
    from app.db.tenant import RequestDB
    from app.tenancy.lookups import require_tenant

    db = RequestDB(engine, tenant_id)
    try:
        await require_tenant(db=db, tenant_id=tenant_id)
        result = await work(db)
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return result


@contextmanager
def _database(settings: Settings, *, fsync: bool = True) -> Iterator[Settings]:
    """Settings with database and Redis URLs: from the environment, or embedded servers."""
    if settings.database_url:
        if not settings.redis_url:
            _fail("REDIS_URL must be set together with DATABASE_URL")
        yield settings
        return
    if settings.is_production:
        _fail("DATABASE_URL must be set when EDESTORY_ENV=production")
    from app.embedded import EmbeddedStack

    stack = EmbeddedStack(
        Path(settings.data_dir), app_role=settings.database_app_role, fsync=fsync, watchdog=True
    )
    urls = stack.start()
    print(f"embedded servers: {stack.sources}", file=sys.stderr)
    try:
        from app.db.migrate import migrate

        # The embedded database is ours to keep current; an external one is migrated by
        # the operator (`edestory migrate`, the compose migrate step).
        migrate(urls.database_owner_url, urls.app_role)
        yield settings.with_overrides(
            database_url=urls.database_url,
            database_owner_url=urls.database_owner_url,
            redis_url=urls.redis_url,
        )
    finally:
        stack.stop()


def _run(coro_fn: Callable[..., Coroutine[Any, Any, Any]], settings: Settings, *args: Any) -> Any:
    from app.db.engine import create_engine

    async def main() -> Any:
        engine = create_engine(
            settings.database_url,
            pool_size=2,
            prepared_statements=settings.db_prepared_statements,
        )
        try:
            return await coro_fn(engine, *args)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> None:
    from app.db.migrate import migrate

    if settings.migration_url:
        # The owner's URL is all a migration needs: no Redis, and never the embedded server
        # when only DATABASE_OWNER_URL is given.
        migrate(settings.migration_url, settings.database_app_role)
    else:
        with _database(settings) as s:
            migrate(s.migration_url, s.database_app_role)
    print("migrated to head")


def _can_listen(host: str, port: int) -> bool:
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except OSError:
        return True  # an unusable host is uvicorn's to report
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def cmd_dev(settings: Settings, args: argparse.Namespace) -> None:
    import signal

    from app.cli_dev import run_dev
    from app.dev_secret import with_data_dir_secret

    if args.port:
        settings = settings.with_overrides(port=args.port)
    # Checked before the servers start and the catalog is seeded, not found by uvicorn after.
    if not _can_listen(settings.host, settings.port):
        _fail(f"{settings.host}:{settings.port} is in use; choose another port with --port")
    settings = with_data_dir_secret(settings)
    # uvicorn re-raises SIGTERM/SIGINT after its own graceful shutdown; turning SIGTERM into
    # SystemExit (SIGINT already is KeyboardInterrupt) lets the embedded servers stop in order.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with _database(settings) as s:
        run_dev(s)


def default_workers() -> int:
    """The cores this process may run on (a container's CPU set), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    if not settings.database_url or not settings.redis_url:
        _fail("serve needs DATABASE_URL and REDIS_URL (or use `edestory dev`)")
    workers = args.workers or default_workers()
    # Each worker process imports the app and builds it from the environment (its own
    # engine pool, Redis client and event hub, in its own lifespan); uvicorn's supervisor
    # restarts a worker that dies and, on SIGTERM or Ctrl-C, stops them all gracefully.
    uvicorn.run(
        "app.main:create_app_from_environment",
        factory=True,
        workers=workers,
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_config=None,
        access_log=False,
    )


def cmd_worker(settings: Settings, args: argparse.Namespace) -> None:
    from jobs.worker import check_workers, run_workers

    if args.check:
        if not settings.redis_url:
            _fail("worker --check needs REDIS_URL")
        sys.exit(check_workers(settings))
    if not settings.database_url or not settings.redis_url:
        _fail("worker needs DATABASE_URL and REDIS_URL (`edestory dev` starts one itself)")
    run_workers(settings)


def cmd_seed(settings: Settings, args: argparse.Namespace) -> None:
    from app.seed import ensure_demo, seed_demo_products
    from app.seed.suppliers import ensure_demo_feed

    async def seed(engine: Any) -> Any:
        demo = await ensure_demo(engine, want_token=args.token)
        await ensure_demo_feed(engine, settings, demo.tenant_id)
        if args.products:
            await seed_demo_products(
                engine, demo, args.products, only_if_empty=False, seed=args.seed
            )
        return demo

    with _database(settings) as s:
        demo = _run(seed, s)
        print(
            json.dumps(
                {
                    **id_forms(tenant=demo.tenant_id, store=demo.store_id),
                    "created": demo.created,
                    "staff_email": demo.staff_email,
                    "staff_password": demo.staff_password,
                    "storefront_token": demo.storefront_token,
                },
                indent=2,
            )
        )


def cmd_tenant_create(settings: Settings, args: argparse.Namespace) -> None:
    from app.errors import ServiceError
    from app.tenancy.lookups import user_exists
    from app.tenancy.service import StoreInput, create_tenant

    store = StoreInput(
        name=args.store_name or args.name,
        currency=args.currency,
        languages=args.languages,
        domain=args.domain,
    )

    async def create(engine: Any) -> tuple[bool, tuple[uuid.UUID, uuid.UUID]]:
        existed = await user_exists(engine=engine, email=args.owner_email)
        created = await create_tenant(
            engine=engine,
            name=args.name,
            owner_email=args.owner_email,
            owner_password=args.owner_password,
            store=store,
        )
        return existed, created

    with _database(settings) as s:
        try:
            existed, (tenant_id, store_id) = _run(create, s)
        except ServiceError as exc:
            _fail(f"{exc.code.value}: {exc.message}")
        if existed:
            # A person's password is theirs: another tenant's creation must not reset it.
            print(
                f"edestory: {args.owner_email} already has an account: its password was not "
                "changed (--owner-password is used only for a new person)",
                file=sys.stderr,
            )
        print(
            json.dumps(
                {**id_forms(tenant=tenant_id, store=store_id), "owner_password_set": not existed}
            )
        )


def cmd_store_create(settings: Settings, args: argparse.Namespace) -> None:
    from app.errors import ServiceError
    from app.tenancy.service import StoreInput, create_store

    data = StoreInput(
        name=args.name, currency=args.currency, languages=args.languages, domain=args.domain
    )

    async def create(engine: Any) -> Any:
        return await _in_tenant(
            engine,
            args.tenant_id,
            lambda db: create_store(db=db, tenant_id=args.tenant_id, data=data),
        )

    with _database(settings) as s:
        try:
            row = _run(create, s)
        except ServiceError as exc:
            _fail(f"{exc.code.value}: {exc.message}")
        print(json.dumps(id_forms(store=row.id)))


def cmd_apikey_create(settings: Settings, args: argparse.Namespace) -> None:
    from app.errors import ServiceError
    from app.tenancy.credentials import create_api_key

    async def create(engine: Any) -> Any:
        return await _in_tenant(
            engine,
            args.tenant_id,
            lambda db: create_api_key(
                db=db,
                tenant_id=args.tenant_id,
                created_by=None,
                name=args.name,
                scopes=args.scopes,
                persisted_only=args.persisted_only,
            ),
        )

    with _database(settings) as s:
        try:
            _, secret = _run(create, s)
        except ServiceError as exc:
            _fail(f"{exc.code.value}: {exc.message}")
        print(secret)


def cmd_schema(settings: Settings, args: argparse.Namespace) -> None:
    from app.schema import build_schema

    sdl = build_schema(settings).as_str() + "\n"
    if args.action == "export":
        sys.stdout.write(sdl)
        return
    committed = Path("schema.graphql")
    if not committed.exists() or committed.read_text() != sdl:
        _fail("schema.graphql is out of date: run `make schema` and commit it")
    print("schema.graphql is up to date")


def cmd_debug(settings: Settings, args: argparse.Namespace) -> None:
    from graphql import GraphQLError

    from app.graphql.debug import compiled_source
    from app.schema import build_schema

    try:
        query = Path(args.file).read_text() if args.file != "-" else sys.stdin.read()
        variables = json.loads(args.variables)
        sys.stdout.write(compiled_source(build_schema(settings)._schema, query, variables))
    except (OSError, ValueError, GraphQLError) as exc:
        _fail(str(exc))


ID_HELP = "the UUID, or the global ID the API shows (`me { tenant { id } }`)"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="edestory", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    dev = sub.add_parser("dev", help="embedded servers, migrate, seed, serve (Ctrl-C stops all)")
    dev.add_argument("--port", type=port, default=None)
    dev.set_defaults(func=cmd_dev)
    serve = sub.add_parser("serve", help="serve the API with DATABASE_URL and REDIS_URL")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=port, default=None)
    serve.add_argument(
        "--workers",
        type=positive,
        default=None,
        help="API processes (default: the cores available); each has its own pools",
    )
    serve.set_defaults(func=cmd_serve)
    worker = sub.add_parser(
        "worker", help="run the arq worker (webhooks, outbox relay) with DATABASE_URL, REDIS_URL"
    )
    worker.add_argument(
        "--check",
        action="store_true",
        help="health check: exit 0 if this host's workers beat in the last 11 s, else 1",
    )
    worker.set_defaults(func=cmd_worker)
    sub.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(
        func=cmd_migrate
    )
    seed = sub.add_parser("seed", help="create the demo tenant if missing; add products")
    seed.add_argument("--token", action="store_true", help="mint a new storefront token")
    seed.add_argument("--products", type=count, default=0, help="add N seeded products")
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    seed.set_defaults(func=cmd_seed)

    tenant = sub.add_parser(
        "tenant", help="create a tenant with its owner and first store"
    ).add_subparsers(dest="action", required=True)
    tc = tenant.add_parser("create")
    tc.add_argument("--name", required=True)
    tc.add_argument("--owner-email", required=True)
    tc.add_argument("--owner-password", required=True)
    tc.add_argument("--store-name")
    tc.add_argument("--currency", default="EUR")
    tc.add_argument("--languages", type=comma_list, default=["en"])
    tc.add_argument("--domain")
    tc.set_defaults(func=cmd_tenant_create)

    store = sub.add_parser("store", help="add a store to a tenant").add_subparsers(
        dest="action", required=True
    )
    sc = store.add_parser("create")
    sc.add_argument("--tenant-id", type=object_id("Tenant"), required=True, help=ID_HELP)
    sc.add_argument("--name", required=True)
    sc.add_argument("--currency", default="EUR")
    sc.add_argument("--languages", type=comma_list, default=["en"])
    sc.add_argument("--domain")
    sc.set_defaults(func=cmd_store_create)

    apikey = sub.add_parser(
        "apikey", help="create an API key (the secret is printed once)"
    ).add_subparsers(dest="action", required=True)
    ac = apikey.add_parser("create")
    ac.add_argument("--tenant-id", type=object_id("Tenant"), required=True, help=ID_HELP)
    ac.add_argument("--name", required=True)
    ac.add_argument(
        "--scopes", type=comma_list, required=True, help="comma-separated, e.g. catalog:read"
    )
    ac.add_argument("--persisted-only", action="store_true")
    ac.set_defaults(func=cmd_apikey_create)

    documents = sub.add_parser(
        "documents", help="trusted documents: push a graphql-codegen manifest to a store"
    ).add_subparsers(dest="action", required=True)
    dp = documents.add_parser("push")
    dp.add_argument("file", help="the manifest, e.g. codegen/src/gql/persisted-documents.json")
    dp.add_argument("--tenant-id", type=object_id("Tenant"), required=True, help=ID_HELP)
    dp.add_argument(
        "--store-id",
        type=object_id("Store"),
        required=True,
        help="the UUID, or the global ID the API shows (`stores { nodes { id } }`)",
    )
    dp.set_defaults(func=cmd_documents_push)

    schema = sub.add_parser("schema", help="export or check schema.graphql")
    schema.add_argument("action", choices=["export", "check"])
    schema.set_defaults(func=cmd_schema)
    debug = sub.add_parser("debug", help="print what the fast path generates for an operation")
    debug.add_argument("what", choices=["compiled-selections"])
    debug.add_argument("file", nargs="?", default="-", help="the operation (default: stdin)")
    debug.add_argument("--variables", default="{}", help="JSON object of variable values")
    debug.set_defaults(func=cmd_debug)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        _fail(str(exc))
    from app.observability import configure_logging

    # `dev` is for a person at a terminal; elsewhere EDESTORY_LOG_JSON decides, and when it
    # is unset a terminal gets text and a pipe (a container's log collector) gets JSON.
    configure_logging(settings.log_level, False if args.command == "dev" else settings.log_json)
    try:
        args.func(settings, args)
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:
        # Bad input has been answered above (exit 2); what is left is a fault of this
        # program or its servers: one line here, the trace in the log at DEBUG.
        log.debug("command failed", exc_info=True)
        first_line = (str(exc).splitlines() or [""])[0]
        print(
            f"edestory: {args.command} failed: {type(exc).__name__}: {first_line} "
            "(EDESTORY_LOG_LEVEL=DEBUG shows the trace)",
            file=sys.stderr,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
