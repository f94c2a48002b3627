"""The `edestory` command: dev, serve, migrate, seed, tenant, store, apikey, schema."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.settings import Settings, SettingsError, load_settings


def _fail(message: str) -> None:
    print(f"edestory: {message}", file=sys.stderr)
    raise SystemExit(2)


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
        engine = create_engine(settings.database_url, pool_size=2)
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


def cmd_dev(settings: Settings, args: argparse.Namespace) -> None:
    import signal

    from app.cli_dev import run_dev
    from app.dev_secret import with_data_dir_secret

    if args.port:
        settings = settings.with_overrides(port=args.port)
    settings = with_data_dir_secret(settings)
    # uvicorn re-raises SIGTERM/SIGINT after its own graceful shutdown; turning SIGTERM into
    # SystemExit (SIGINT already is KeyboardInterrupt) lets the embedded servers stop in order.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with _database(settings) as s:
        run_dev(s)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from app.main import create_app

    if not settings.database_url or not settings.redis_url:
        _fail("serve needs DATABASE_URL and REDIS_URL (or use `edestory dev`)")
    uvicorn.run(
        create_app(settings),
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_config=None,
        access_log=False,
    )


def cmd_seed(settings: Settings, args: argparse.Namespace) -> None:
    from app.seed import ensure_demo, seed_demo_products

    async def seed(engine: Any) -> Any:
        demo = await ensure_demo(engine, want_token=args.token)
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
                    "tenant_id": str(demo.tenant_id),
                    "store_id": str(demo.store_id),
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
    from app.tenancy.service import StoreInput, create_tenant

    store = StoreInput(
        name=args.store_name or args.name,
        currency=args.currency,
        languages=args.languages.split(","),
        domain=args.domain,
    )
    with _database(settings) as s:
        try:
            tenant_id, store_id = _run(
                lambda engine: create_tenant(
                    engine=engine,
                    name=args.name,
                    owner_email=args.owner_email,
                    owner_password=args.owner_password,
                    store=store,
                ),
                s,
            )
        except ServiceError as exc:
            _fail(f"{exc.code.value}: {exc.message}")
        print(json.dumps({"tenant_id": str(tenant_id), "store_id": str(store_id)}))


def cmd_store_create(settings: Settings, args: argparse.Namespace) -> None:
    import uuid

    from app.db.tenant import RequestDB
    from app.errors import ServiceError
    from app.tenancy.service import StoreInput, create_store

    async def create(engine: Any) -> Any:
        db = RequestDB(engine, uuid.UUID(args.tenant_id))
        try:
            row = await create_store(
                db=db,
                tenant_id=uuid.UUID(args.tenant_id),
                data=StoreInput(
                    name=args.name,
                    currency=args.currency,
                    languages=args.languages.split(","),
                    domain=args.domain,
                ),
            )
        except BaseException:
            await db.close(commit=False)
            raise
        await db.close(commit=True)
        return row

    with _database(settings) as s:
        try:
            row = _run(create, s)
        except ServiceError as exc:
            _fail(f"{exc.code.value}: {exc.message}")
        print(json.dumps({"store_id": str(row.id)}))


def cmd_apikey_create(settings: Settings, args: argparse.Namespace) -> None:
    import uuid

    from app.db.tenant import RequestDB
    from app.errors import ServiceError
    from app.tenancy.credentials import create_api_key

    tenant_id = uuid.UUID(args.tenant_id)

    async def create(engine: Any) -> Any:
        db = RequestDB(engine, tenant_id)
        try:
            _, secret = await create_api_key(
                db=db,
                tenant_id=tenant_id,
                created_by=None,
                name=args.name,
                scopes=args.scopes.split(","),
                persisted_only=args.persisted_only,
            )
        except BaseException:
            await db.close(commit=False)
            raise
        await db.close(commit=True)
        return secret

    with _database(settings) as s:
        try:
            secret = _run(create, s)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edestory", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    dev = sub.add_parser("dev", help="embedded servers, migrate, seed, serve (Ctrl-C stops all)")
    dev.add_argument("--port", type=int, default=None)
    dev.set_defaults(func=cmd_dev)
    serve = sub.add_parser("serve", help="serve the API with DATABASE_URL and REDIS_URL")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(
        func=cmd_migrate
    )
    seed = sub.add_parser("seed", help="create the demo tenant if missing; add products")
    seed.add_argument("--token", action="store_true", help="mint a new storefront token")
    seed.add_argument("--products", type=int, default=0, help="add N seeded products")
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
    tc.add_argument("--languages", default="en")
    tc.add_argument("--domain")
    tc.set_defaults(func=cmd_tenant_create)

    store = sub.add_parser("store", help="add a store to a tenant").add_subparsers(
        dest="action", required=True
    )
    sc = store.add_parser("create")
    sc.add_argument("--tenant-id", required=True)
    sc.add_argument("--name", required=True)
    sc.add_argument("--currency", default="EUR")
    sc.add_argument("--languages", default="en")
    sc.add_argument("--domain")
    sc.set_defaults(func=cmd_store_create)

    apikey = sub.add_parser(
        "apikey", help="create an API key (the secret is printed once)"
    ).add_subparsers(dest="action", required=True)
    ac = apikey.add_parser("create")
    ac.add_argument("--tenant-id", required=True)
    ac.add_argument("--name", required=True)
    ac.add_argument("--scopes", required=True, help="comma-separated, e.g. catalog:read")
    ac.add_argument("--persisted-only", action="store_true")
    ac.set_defaults(func=cmd_apikey_create)

    schema = sub.add_parser("schema", help="export or check schema.graphql")
    schema.add_argument("action", choices=["export", "check"])
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        _fail(str(exc))
    from app.observability import configure_logging

    configure_logging(settings.log_level, settings.log_json and args.command != "dev")
    args.func(settings, args)


if __name__ == "__main__":
    main()
