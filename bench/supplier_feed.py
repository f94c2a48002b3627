"""A 10,000-item product feed imported, then synced: wall time and SQL statements.

`python -m bench.supplier_feed [--items 10000] [--variants 4]`: a fresh embedded PostgreSQL
and Redis under bench/.work-suppliers, one tenant, a FEED connection to a CSV served by a
local HTTP server (Google Merchant Center columns, `item_group_id` groups of --variants),
then: the import (DRAFT products, options, variants, stock, images), an unchanged sync, a
sync after 10% of the prices and stock changed and 1% of the products vanished, and an
unchanged re-import. Statements are counted on the engine (every statement sent).
"""

from __future__ import annotations

import argparse
import asyncio
import http.server
import random
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from app.db.engine import create_engine
from app.db.migrate import migrate
from app.db.tenant import RequestDB
from app.embedded import EmbeddedStack, StackUrls
from app.settings import Settings
from app.suppliers.connections import ConnectionCreate, create_connection
from app.suppliers.importing import ImportRequest, import_products
from app.suppliers.rules import SupplierKind
from app.suppliers.sync import sync_connection
from app.tenancy.service import StoreInput, create_tenant

ROOT = Path(__file__).resolve().parent / ".work-suppliers"
HEADER = "id,item_group_id,title,description,price,availability,color,image_link,quantity\n"
COLORS = ["Red", "Blue", "Green", "Black", "White", "Pink", "Grey", "Navy"]


def feed(items: int, variants: int, *, changed: float = 0.0, vanished: float = 0.0) -> bytes:
    rng = random.Random(7)
    rows = [HEADER]
    for i in range(items):
        group = i // variants
        if vanished and group % int(1 / vanished) == 0:
            continue
        price = 3 + (i % 50) * 0.37
        stock = 5 + i % 40
        if changed and rng.random() < changed:
            price, stock = price + 1.1, stock + 3
        rows.append(
            f"SKU-{i},G-{group},Product {group},A product,{price:.2f} USD,in_stock,"
            f"{COLORS[i % variants]},https://img.example/{group}.jpg,{stock}\n"
        )
    return "".join(rows).encode()


class Feed:
    def __init__(self) -> None:
        self.body = b""
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("content-length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.csv"


async def measure(engine: Any, label: str, work: Any, tenant_id: uuid.UUID) -> Any:
    count = [0]

    def on_execute(*args: Any) -> None:
        count[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    db = RequestDB(engine, tenant_id)
    started = time.perf_counter()
    try:
        result = await work(db)
        await db.close(commit=True)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", on_execute)
    elapsed = time.perf_counter() - started
    counts = result.as_dict() | {"errors": len(result.errors)}
    print(f"{label}: {elapsed:.1f} s, {count[0]} statements, {counts}")
    return result


async def run(urls: StackUrls, items: int, variants: int) -> None:
    if True:
        settings = Settings(
            env="test",
            database_url=urls.database_url,
            redis_url=urls.redis_url,
            suppliers_allow_private=True,
            # The recorded figures are the database's: images stay links (their download,
            # once per URL, is HTTP to the image host; tests/suppliers/test_import_images.py).
            supplier_image_links=True,
        )
        engine = create_engine(urls.database_url, pool_size=5)
        tenant_id, store_id = await create_tenant(
            engine=engine,
            name="Bench",
            owner_email="bench@example.com",
            owner_password="bench-password-1",  # noqa: S106 (a throwaway database)
            store=StoreInput(name="Bench", currency="EUR"),
        )
        server = Feed()
        server.body = feed(items, variants)
        db = RequestDB(engine, tenant_id)
        created = await create_connection(
            db=db,
            tenant_id=tenant_id,
            settings=settings,
            data=ConnectionCreate(name="Feed", kind=SupplierKind.FEED, feed_url=server.url),
        )
        await db.close(commit=True)
        cid = created.connection_id
        async with httpx.AsyncClient(timeout=60) as client:

            def importer(db: RequestDB) -> Any:
                return import_products(
                    db=db,
                    tenant_id=tenant_id,
                    settings=settings,
                    redis=None,
                    client=client,
                    request=ImportRequest(
                        connection_id=cid, store_id=store_id, supplier_product_ids=None
                    ),
                )

            def syncer(db: RequestDB) -> Any:
                return sync_connection(
                    db=db,
                    tenant_id=tenant_id,
                    settings=settings,
                    redis=None,
                    client=client,
                    connection_id=cid,
                )

            print(f"feed: {items} items in {items // variants} products, {len(server.body)} bytes")
            await measure(engine, "import", importer, tenant_id)
            await measure(engine, "sync, nothing changed", syncer, tenant_id)
            server.body = feed(items, variants, changed=0.10, vanished=0.01)
            await measure(engine, "sync, 10% changed, 1% vanished", syncer, tenant_id)
            await measure(engine, "re-import", importer, tenant_id)
        await engine.dispose()
        server.httpd.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--variants", type=int, default=4)
    args = parser.parse_args()
    shutil.rmtree(ROOT, ignore_errors=True)
    stack = EmbeddedStack(ROOT, fsync=False)
    urls = stack.start()
    try:
        migrate(urls.database_owner_url, urls.app_role)
        asyncio.run(run(urls, args.items, args.variants))
    finally:
        stack.stop()
        shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
