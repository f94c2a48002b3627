"""`edestory dev`: migrate, seed the demo tenant, write .edestory/dev.json, serve."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import uvicorn

from app.cli_args import id_forms
from app.db.engine import create_engine
from app.db.migrate import migrate
from app.dev_state import read_state, restore_after_stop, write_state
from app.email.dev_smtp import start_dev_smtp
from app.graphiql.dev import dev_defaults
from app.main import create_app
from app.seed import ensure_demo, reset_demo_password, seed_demo_products
from app.seed.suppliers import ensure_demo_feed
from app.settings import Settings

DEV_PRODUCTS = 200  # a newcomer's first storefront query returns a catalog at once


async def _prepare(settings: Settings, saved: dict[str, Any]) -> dict[str, Any]:
    engine = create_engine(settings.database_url, pool_size=2)
    try:
        demo = await ensure_demo(engine, want_token=not saved.get("storefront_token"))
        await seed_demo_products(engine, demo, DEV_PRODUCTS, only_if_empty=True)
        await ensure_demo_feed(engine, settings, demo.tenant_id)
        password = demo.staff_password or saved.get("staff_password")
        if password is None:
            password = await reset_demo_password(engine)
    finally:
        await engine.dispose()
    return {
        "graphql_url": f"http://{settings.host}:{settings.port}/graphql",
        **id_forms(tenant=demo.tenant_id, store=demo.store_id),
        "storefront_token": demo.storefront_token or saved["storefront_token"],
        "staff_email": demo.staff_email,
        "staff_password": password,
        "database_url": settings.database_url,
        "redis_url": settings.redis_url,
    }


def start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    """`edestory worker` beside the API, on the same embedded servers; its log goes to ours."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATABASE_OWNER_URL": settings.database_owner_url,
        "REDIS_URL": settings.redis_url,
        "EDESTORY_WEBHOOKS_ALLOW_PRIVATE": "1" if settings.webhooks_allow_private else "0",
        # The demo feed is served by the API on loopback; the worker syncs it on schedule.
        "EDESTORY_SUPPLIERS_ALLOW_PRIVATE": "1" if settings.suppliers_allow_private else "0",
        # The data directory's secret: dev derives the credentials key from it, so the worker
        # must decrypt with the key the API encrypted with.
        "EDESTORY_JWT_SECRET": settings.jwt_secret,
        **({"EDESTORY_SECRETS_KEY": settings.secrets_key} if settings.secrets_key else {}),
        "EDESTORY_LOG_JSON": "0",
    }
    return subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], env=env)


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def run_dev(settings: Settings) -> None:
    # The demo FEED connection is served by this process, and webhooks to a receiver on this
    # laptop (127.0.0.1) are what local development needs: both on loopback.
    settings = settings.with_overrides(suppliers_allow_private=True, webhooks_allow_private=True)
    app = create_app(settings)  # first: a broken schema fails before anything is announced
    migrate(settings.migration_url, settings.database_app_role)
    state_file = Path(settings.data_dir) / "dev.json"
    saved = read_state(state_file)
    info = asyncio.run(_prepare(settings, saved))
    write_state(state_file, info)
    app.state.graphiql_defaults = dev_defaults(info["storefront_token"])
    smtp, maildir = start_dev_smtp(settings)
    print(
        "\nEdestory Commerce is running (Ctrl-C stops everything)\n"
        f"  GraphQL + GraphiQL  {info['graphql_url']}  (+ one worker: webhooks, events)\n"
        f"  staff login         {info['staff_email']} / {info['staff_password']}\n"
        f"  storefront token    {info['storefront_token']}\n"
        f"  demo tenant id      {info['tenant_id']}  ({info['tenant_global_id']})\n"
        f"  demo store id       {info['store_id']}  ({info['store_global_id']})\n"
        f"  saved in            {state_file}\n"
        f"  SMTP (mail)         {settings.smtp_host}:{settings.smtp_port} -> {maildir}\n",
        flush=True,
    )
    worker = start_worker(settings)
    try:
        # One API process: dev builds its app around the embedded servers it started
        # (`edestory serve --workers N` runs several, each building its own from the env).
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
        )
    finally:
        stop_worker(worker)
        if smtp is not None:
            smtp.stop()
        restore_after_stop(state_file, info, saved)
