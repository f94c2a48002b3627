"""FEED adapter: Google Merchant Center CSV/TSV/RSS parsing, the fetch's limits and SSRF
check, and the shared HTTP machinery (token bucket, retries)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal

import httpx
import pytest
from redis.asyncio import Redis

from app.embedded import StackUrls
from app.suppliers.adapters.base import SupplierError
from app.suppliers.adapters.feed import FeedAdapter
from app.suppliers.adapters.feed_parse import parse_feed
from app.suppliers.adapters.http import Limits, SupplierHttp
from tests.suppliers.stubs import Request, StubServer, text

HEADER = (
    "id,item_group_id,title,description,price,availability,color,size,image_link,brand,gtin,"
    "quantity,shipping"
)
CSV = f"""{HEADER}
TS-R-M,TS,Cotton tee,Soft,7.50 USD,in_stock,Red,M,https://img.example/r.jpg,Acme,0123,12,1.50 USD
TS-R-L,TS,Cotton tee,Soft,7.50 USD,in_stock,Red,L,https://img.example/r.jpg,Acme,0124,0,1.50 USD
TS-B-M,TS,Cotton tee,Soft,8.00 USD,out_of_stock,Blue,M,https://img.example/b.jpg,Acme,0125,,1.50 USD
MUG,,Mug,Big mug,15.00 EUR,in stock,,,https://img.example/m.jpg,,,,
BAD,,Broken,,fifteen,in_stock,,,,,,,
,,No id,,1.00 EUR,in_stock,,,,,,,
"""
RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
<channel><title>Shop</title>
<item><g:id>LAMP-1</g:id><title>Desk lamp</title><g:price>19.90 EUR</g:price>
  <g:availability>in_stock</g:availability><g:image_link>https://img.example/l.jpg</g:image_link>
  <g:additional_image_link>https://img.example/l2.jpg</g:additional_image_link>
  <g:item_group_id>LAMP</g:item_group_id><g:color>Black</g:color></item>
<item><g:id>LAMP-2</g:id><title>Desk lamp</title><g:price>19.90 EUR</g:price>
  <g:item_group_id>LAMP</g:item_group_id><g:color>White</g:color></item>
<item><g:id>X</g:id><title>Bad</title><g:price>19,90</g:price></item>
</channel></rss>"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<rss><channel><item><g:id>&lol2;</g:id></item></channel></rss>"""


def test_csv_groups_variants_and_reports_bad_rows() -> None:
    catalog = parse_feed(CSV.encode())
    tee, mug = catalog.products
    assert (tee.supplier_product_id, tee.title, tee.brand) == ("TS", "Cotton tee", "Acme")
    assert [v.sku for v in tee.variants] == ["TS-R-M", "TS-R-L", "TS-B-M"]
    first = tee.variants[0]
    assert first.options == (("Color", "Red"), ("Size", "M"))
    assert (first.title, first.cost, first.currency, first.stock) == (
        "Red / M",
        Decimal("7.50"),
        "USD",
        12,
    )
    assert (first.shipping, first.gtin, first.available) == (Decimal("1.50"), "0123", True)
    assert [v.available for v in tee.variants] == [True, False, False]  # stock 0, out_of_stock
    assert tee.images == ("https://img.example/r.jpg",)
    assert (mug.supplier_product_id, mug.variants[0].cost, mug.variants[0].stock) == (
        "MUG",
        Decimal("15.00"),
        None,
    )
    assert [(e.ref, e.message) for e in catalog.errors] == [
        ("row 6", "Item BAD: price 'fifteen' is not like '15.00 EUR'"),
        ("row 7", "The item has no id"),
    ]


def test_tsv_and_rss_are_read_too() -> None:
    tsv = "id\ttitle\tprice\nA\tThing\t2.00 EUR\n"
    assert [p.supplier_product_id for p in parse_feed(tsv.encode()).products] == ["A"]
    catalog = parse_feed(RSS.encode())
    (lamp,) = catalog.products
    assert [v.title for v in lamp.variants] == ["Black", "White"]
    assert lamp.images == ("https://img.example/l.jpg", "https://img.example/l2.jpg")
    assert [e.ref for e in catalog.errors] == ["item 3"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sku,name,cost\nA,B,1.00 EUR\n", "The feed has no column id, title, price"),
        ("id,title\nA,B\n", "The feed has no column price"),
        ("<rss><channel><item>", "The feed is not valid XML"),
        (BOMB, "The feed is not valid XML"),
        ("<feed><entry/></feed>", "not RSS 2.0"),
    ],
)
def test_a_malformed_feed_fails_with_a_clear_message(content: str, message: str) -> None:
    with pytest.raises(SupplierError, match=message):
        parse_feed(content.encode())


@pytest.fixture
def feed_server() -> Iterator[tuple[StubServer, str]]:
    server = StubServer()
    base = server.start()
    yield server, base
    server.stop()


@pytest.fixture
async def redis(stack_urls: StackUrls) -> AsyncIterator[Redis]:
    client = Redis.from_url(stack_urls.redis_url)
    yield client
    await client.aclose()


def adapter(
    client: httpx.AsyncClient,
    redis: Redis,
    url: str,
    *,
    max_bytes: int = 10_000,
    allow_private: bool = True,
) -> FeedAdapter:
    http = SupplierHttp(client, redis=redis, bucket=url, limits=Limits(rate=50, burst=50))
    return FeedAdapter(
        http, url=url, credentials={}, max_bytes=max_bytes, allow_private=allow_private
    )


async def test_fetch_reads_the_feed_and_refuses_large_or_private_ones(
    feed_server: tuple[StubServer, str], redis: Redis
) -> None:
    server, base = feed_server
    server.routes[("GET", "/feed.csv")] = lambda r: text(CSV, "text/csv")
    server.routes[("GET", "/big.csv")] = lambda r: text(CSV + "x" * 20_000)
    server.routes[("GET", "/chunked.csv")] = lambda r: (200, {"content-length": "10"}, b"x" * 10)
    server.routes[("GET", "/gone.csv")] = lambda r: (404, {}, b"")
    async with httpx.AsyncClient(timeout=5) as client:
        catalog = await adapter(client, redis, f"{base}/feed.csv").fetch_products(["MUG"])
        assert [p.title for p in catalog.products] == ["Mug"]
        with pytest.raises(SupplierError, match=r"larger than 0.00953674 MB"):
            await adapter(client, redis, f"{base}/big.csv").fetch_products()
        with pytest.raises(SupplierError, match="larger than"):
            await adapter(client, redis, f"{base}/chunked.csv", max_bytes=5).fetch_products()
        with pytest.raises(SupplierError, match="answered 404"):
            await adapter(client, redis, f"{base}/gone.csv").fetch_products()
        with pytest.raises(SupplierError, match="private or local address"):
            await adapter(client, redis, f"{base}/feed.csv", allow_private=False).fetch_products()
        with pytest.raises(SupplierError, match="private or local address"):
            await adapter(
                client, redis, "http://169.254.169.254/latest/meta-data", allow_private=False
            ).fetch_products()
    # The private ones were refused before any request was made.
    assert [r.path for r in server.requests] == [
        "/feed.csv",
        "/big.csv",
        "/chunked.csv",
        "/gone.csv",
    ]


async def test_retries_on_503_and_429_then_gives_up(
    feed_server: tuple[StubServer, str], redis: Redis
) -> None:
    server, base = feed_server
    answers = iter([503, 429, 200])

    def flaky(request: Request) -> tuple[int, dict[str, str], bytes]:
        status = next(answers)
        return status, {"retry-after": "0"} if status == 429 else {}, b"ok"

    server.routes[("GET", "/flaky")] = flaky
    server.routes[("GET", "/down")] = lambda r: (500, {}, b"")
    limits = Limits(rate=100, burst=100, attempts=3, backoff=0.01)
    async with httpx.AsyncClient(timeout=5) as client:
        http = SupplierHttp(client, redis=redis, bucket="retry-test", limits=limits)
        response = await http.request("GET", f"{base}/flaky")
        assert response.status_code == 200
        with pytest.raises(SupplierError, match="/down answered 500") as failed:
            await http.request("GET", f"{base}/down?access_token=SECRET")
    assert failed.value.retryable and "SECRET" not in str(failed.value)
    assert [r.path for r in server.requests] == ["/flaky"] * 3 + ["/down"] * 3


async def test_the_token_bucket_is_shared_by_every_client_of_a_connection(
    feed_server: tuple[StubServer, str], redis: Redis
) -> None:
    server, base = feed_server
    server.routes[("GET", "/ping")] = lambda r: text("pong")
    limits = Limits(rate=10, burst=2)
    async with httpx.AsyncClient(timeout=5) as one, httpx.AsyncClient(timeout=5) as two:
        # Two workers' clients of the same connection: 2 at once, then 10 per second.
        first = SupplierHttp(one, redis=redis, bucket="bucket-test", limits=limits)
        second = SupplierHttp(two, redis=redis, bucket="bucket-test", limits=limits)
        started = time.monotonic()
        for i in range(8):
            await (first if i % 2 else second).request("GET", f"{base}/ping")
        elapsed = time.monotonic() - started
    assert 0.5 <= elapsed < 3, elapsed  # 6 requests past the burst at 10/s >= 0.6 s
