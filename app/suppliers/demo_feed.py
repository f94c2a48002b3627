"""The demo supplier feed that development serves itself (GET /dev/supplier-feed.csv), so
`make dev` shows supplier products, an import and a sync with no external account.

Deterministic Google Merchant Center CSV: a few products, some with color/size variants,
one out of stock. `?bump=N` raises every price by N cents, to watch a sync change prices.
Not routed in production (app/main.py).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PATH = "/dev/supplier-feed.csv"
HEADER = (
    "id,item_group_id,title,description,price,availability,color,size,image_link,brand,quantity"
)
PRODUCTS = [
    ("TEE", "Organic cotton tee", "4.20", ["Black", "White"], ["M", "L"]),
    ("MUG", "Enamel camping mug", "2.90", ["Green"], []),
    ("LAMP", "Folding desk lamp", "9.80", ["Grey"], []),
    ("SOCK", "Merino socks", "1.60", ["Navy", "Red"], ["S"]),
    ("BAG", "Canvas tote bag", "3.10", [], []),
]


def demo_feed_csv(bump_cents: int = 0) -> bytes:
    lines = [HEADER]
    for group, title, price, colors, sizes in PRODUCTS:
        cost = float(price) + bump_cents / 100
        for i, color in enumerate(colors or [""]):
            for size in sizes or [""]:
                sku = "-".join(p for p in (group, color[:3].upper(), size) if p)
                stock = 0 if group == "LAMP" else 20 + 5 * i
                availability = "out_of_stock" if stock == 0 else "in_stock"
                lines.append(
                    f"{sku},{group},{title},Demo product,{cost:.2f} USD,{availability},"
                    f"{color},{size},https://picsum.photos/seed/{group}/600,Edestory Demo,{stock}"
                )
    return ("\n".join(lines) + "\n").encode()


async def demo_feed(request: Request) -> Response:
    bump = request.query_params.get("bump", "0")
    cents = int(bump) if bump.isdigit() else 0
    return Response(demo_feed_csv(cents), media_type="text/csv")


def demo_feed_routes() -> list[Route]:
    return [Route(PATH, demo_feed, methods=["GET"])]
