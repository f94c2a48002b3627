"""`supplierProducts`: what a supplier offers, and which of it is imported.

A FEED lists its whole feed (fetched per call; `query` filters titles). AliExpress and CJ
have no "everything I sell" call in their dropshipping APIs: for them `query` is a
comma-separated list of their product ids to look up. The request's transaction is
committed before the supplier is asked (nothing held while waiting on it), and a supplier
failure is a GraphQL error with code SUPPLIER_UNAVAILABLE carrying the adapter's message.
Pages are by position in the supplier's answer (cursor = offset).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from decimal import ROUND_HALF_UP

import strawberry
from sqlalchemy import select

from app.catalog.reads.build import money
from app.catalog.reads.prefetch import ProductByIdLoader
from app.catalog.types import Money, Product
from app.graphql.context import Info, require_admin
from app.graphql.errors import BadUserInput, NotFound, PublicError
from app.graphql.ids import require_global_id
from app.graphql.pagination import MAX_PAGE, PageInfo
from app.money import exponent
from app.suppliers.adapters.base import SupplierError, SupplierProduct
from app.suppliers.adapters.registry import adapter_for, http_client
from app.suppliers.connections import connection_row
from app.suppliers.models import supplier_variants
from app.suppliers.rules import SupplierKind


@strawberry.type(name="SupplierProduct")
class SupplierOffer:
    supplier_product_id: str
    title: str
    cost_price: Money | None = strawberry.field(description="The cheapest variant's cost.")
    variant_count: int
    imported: bool
    product: Product | None


@strawberry.type
class SupplierProductConnection:
    nodes: list[SupplierOffer]
    page_info: PageInfo


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    try:
        return int(base64.urlsafe_b64decode(after.encode()).decode().removeprefix("o:"))
    except (ValueError, binascii.Error) as exc:
        raise BadUserInput("Invalid cursor", argument="after") from exc


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _cost(product: SupplierProduct) -> Money | None:
    if not product.variants:
        return None
    cheapest = min(product.variants, key=lambda v: v.cost)
    minor = cheapest.cost.scaleb(exponent(cheapest.currency))
    try:
        return money(int(minor.to_integral_value(rounding=ROUND_HALF_UP)), cheapest.currency)
    except KeyError:  # a currency the CurrencyCode enum does not list
        return None


class SupplierUnavailable(PublicError):
    code = "SUPPLIER_UNAVAILABLE"


@strawberry.type
class SupplierOfferQuery:
    @strawberry.field(description="What a supplier connection offers, and what is imported.")
    async def supplier_products(
        self,
        info: Info,
        connection_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
        query: str | None = None,
    ) -> SupplierProductConnection:
        principal = require_admin(info, "automation:read")
        assert principal.tenant_id
        tenant_id = principal.tenant_id
        ctx = info.context
        connection = require_global_id(connection_id, "SupplierConnection", "connectionId")
        row = await connection_row(ctx.db, tenant_id=tenant_id, connection_id=connection)
        if row is None:
            raise NotFound("Supplier connection not found")
        limit = min(first or 50, MAX_PAGE)
        offset = _offset(after)
        await ctx.db.commit()
        ids = None
        if SupplierKind(row.kind) is not SupplierKind.FEED:
            ids = [i.strip() for i in (query or "").split(",") if i.strip()]
            if not ids:
                raise BadUserInput(
                    f"A {row.kind} connection looks products up by id: give query", argument="query"
                )
        async with http_client(ctx.settings) as client:
            adapter = adapter_for(row, settings=ctx.settings, redis=ctx.redis, client=client)
            try:
                offered = (await adapter.fetch_products(ids)).products
            except SupplierError as exc:
                raise SupplierUnavailable(str(exc)) from exc
        if ids is None and query:
            needle = query.lower()
            offered = [p for p in offered if needle in p.title.lower()]
        page = offered[offset : offset + limit]
        sv = supplier_variants
        linked = {
            r.supplier_product_id: r.product_id
            for r in await ctx.db.execute(
                select(sv.c.supplier_product_id, sv.c.product_id)
                .where(
                    sv.c.tenant_id == tenant_id,
                    sv.c.connection_id == connection,
                    sv.c.supplier_product_id.in_([p.supplier_product_id for p in page]),
                )
                .distinct()
            )
        }
        product_ids: list[uuid.UUID] = list(dict.fromkeys(linked.values()))
        loaded = await ctx.loader(ProductByIdLoader).load_many(product_ids)
        products = dict(zip(product_ids, loaded, strict=True))
        nodes = [
            SupplierOffer(
                supplier_product_id=p.supplier_product_id,
                title=p.title,
                cost_price=_cost(p),
                variant_count=len(p.variants),
                imported=p.supplier_product_id in linked,
                product=products.get(linked[p.supplier_product_id])
                if p.supplier_product_id in linked
                else None,
            )
            for p in page
        ]
        end = offset + len(page)
        return SupplierProductConnection(
            nodes=nodes,
            page_info=PageInfo(
                has_next_page=end < len(offered),
                has_previous_page=offset > 0,
                start_cursor=_cursor(offset) if page else None,
                end_cursor=_cursor(end) if page else None,
            ),
        )
